"""Speed of the TCO engine, measured in one run.

Prints a table of:
* the seed formula per call, the full 36-month cash-flow model per call (both
  paths, on resolved inputs) and their ratio;
* compute_tco per call (resolution, both paths, the break-even search, the
  report model), for context;
* the wall time of `tune-or-prompt tco` (median of repeated runs) against
  `python -c pass`, the frameworks' floor (importing typer and rich and building
  one pydantic model) and `import tune_or_prompt.cli`, measured alongside.

Targets (issue 2): full model < 50 us per call; `tune-or-prompt tco` < 250 ms.
Run: python benchmarks/bench_tco.py [--repeats 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import timeit

from timing import wall

from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.tco import Assumptions, SeedInputs, Workload, compute_tco, seed_tco
from tune_or_prompt.tco.full import fine_tuning, prompt_engineering
from tune_or_prompt.tco.inputs import resolve


def per_call(fn, number: int, repeats: int = 7) -> float:  # type: ignore[no-untyped-def]
    """Median seconds per call over `repeats` timings of `number` calls."""
    times = timeit.repeat(fn, number=number, repeat=repeats)
    return statistics.median(times) / number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()

    seed_in = SeedInputs()
    inputs, _ = resolve(Workload(), Assumptions(), Catalogue())
    catalogue = Catalogue()

    seed_s = per_call(lambda: seed_tco(seed_in), 2000)
    full_s = per_call(lambda: (prompt_engineering(inputs), fine_tuning(inputs)), 2000)
    report_s = per_call(lambda: compute_tco(Workload(), Assumptions(), catalogue), 50)

    env = dict(os.environ)
    env.setdefault("TUNE_OR_PROMPT_CACHE_DIR", tempfile.mkdtemp(prefix="top-bench-"))
    exe = shutil.which("tune-or-prompt") or ""
    cli = [exe, "tco"] if exe else [sys.executable, "-m", "tune_or_prompt", "tco"]
    python_s = wall([sys.executable, "-c", "pass"], args.repeats, env)
    # The frameworks' own floor: typer, rich's table and pydantic's first model.
    floor_code = ("import typer, rich.table, pydantic\n"
                  "class M(pydantic.BaseModel):\n    x: float = pydantic.Field(1, ge=0)\nM()")
    floor_s = wall([sys.executable, "-c", floor_code], args.repeats, env)
    import_s = wall([sys.executable, "-c", "import tune_or_prompt.cli"], args.repeats, env)
    tco_s = wall(cli, args.repeats, env)

    rows = [
        ("seed formula, per call", f"{seed_s * 1e6:9.1f} us", "1.0x"),
        ("full model (36 months, both paths), per call", f"{full_s * 1e6:9.1f} us",
         f"{full_s / seed_s:.1f}x seed"),
        ("compute_tco incl. break-even search, per call", f"{report_s * 1e6:9.1f} us",
         f"{report_s / seed_s:.1f}x seed"),
        ("python -c pass (wall, median)", f"{python_s * 1e3:9.1f} ms", "1.0x"),
        ("typer + rich + pydantic's first model (wall)", f"{floor_s * 1e3:9.1f} ms",
         f"{floor_s / python_s:.1f}x python"),
        ("python -c 'import tune_or_prompt.cli' (wall)", f"{import_s * 1e3:9.1f} ms",
         f"{import_s / python_s:.1f}x python"),
        ("tune-or-prompt tco (wall, median)", f"{tco_s * 1e3:9.1f} ms",
         f"{tco_s / python_s:.1f}x python"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'median':>12}  ratio")
    for name, value, ratio in rows:
        print(f"{name.ljust(width)}  {value:>12}  {ratio}")
    print(f"\ntargets: full model < 50 us ({'met' if full_s < 50e-6 else 'MISSED'}); "
          f"tco command < 250 ms ({'met' if tco_s < 0.25 else 'MISSED'})")


if __name__ == "__main__":
    main()
