"""Speed of the cost model, measured in one run.

Prints a table of:
* the seed formula per call (the baseline);
* the one model on a single scenario (both paths, 36 months, one option);
* the same model on 10,000 scenarios at once, per scenario, against a loop
  calling it on the 10,000 scenarios one at a time (timed on a slice, scaled);
* compute_tco per call (every option priced, the GPU types chosen, the report
  built) without and with the break-even volume searches;
* the wall time of `tune-or-prompt tco` (median of repeated runs) against
  `python -c pass`, the frameworks' floor (importing typer and rich and building
  one pydantic model) and `import tune_or_prompt.cli`, measured alongside.

Targets (issue 9): one scenario well under 1 ms of model time; 10,000 scenarios
at once at least 10x faster per scenario than the loop.
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

import numpy as np
from timing import median_seconds, wall

from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.tco import Assumptions, SeedInputs, Workload, compute_tco, seed_tco
from tune_or_prompt.tco.outcomes import simulate
from tune_or_prompt.tco.resolve import context, scenarios


def per_call(fn, number: int, repeats: int = 7) -> float:  # type: ignore[no-untyped-def]
    """Median seconds per call over `repeats` timings of `number` calls."""
    times = timeit.repeat(fn, number=number, repeat=repeats)
    return statistics.median(times) / number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--scenarios", type=int, default=10_000)
    parser.add_argument("--loop-sample", type=int, default=500)
    args = parser.parse_args()

    catalogue = Catalogue()
    ctx = context(Workload(), Assumptions(), catalogue)
    option = ctx.candidates[-1]  # a dedicated option: the fleet is the dearest part of the model
    one = scenarios(ctx, option, {})
    n = args.scenarios
    rng = np.random.default_rng(0)
    varied = {"queries_per_month": rng.uniform(1e4, 1e8, n), "input_tokens": rng.uniform(100, 8_000, n),
              "output_tokens": rng.uniform(10, 2_000, n), "engineer_rate_usd_per_hour": rng.uniform(150, 250, n)}
    many = scenarios(ctx, option, varied, n)
    singles = [scenarios(ctx, option, {k: v[i] for k, v in varied.items()}) for i in range(args.loop_sample)]

    seed_s = per_call(lambda: seed_tco(SeedInputs()), 2000)
    one_s = per_call(lambda: simulate(one), 200)
    many_s = median_seconds(lambda: simulate(many), 7) / n
    loop_s = median_seconds(lambda: [simulate(s) for s in singles], 3) / len(singles)
    report_s = per_call(lambda: compute_tco(Workload(), Assumptions(), catalogue, break_even_volume=False), 20)
    report_be_s = per_call(lambda: compute_tco(Workload(), Assumptions(), catalogue), 20)

    env = dict(os.environ)
    env.setdefault("TUNE_OR_PROMPT_CACHE_DIR", tempfile.mkdtemp(prefix="top-bench-"))
    exe = shutil.which("tune-or-prompt") or ""
    cli = [exe, "tco"] if exe else [sys.executable, "-m", "tune_or_prompt", "tco"]
    python_s = wall([sys.executable, "-c", "pass"], args.repeats, env)
    floor_code = ("import typer, rich.table, pydantic\n"
                  "class M(pydantic.BaseModel):\n    x: float = pydantic.Field(1, ge=0)\nM()")
    floor_s = wall([sys.executable, "-c", floor_code], args.repeats, env)
    import_s = wall([sys.executable, "-c", "import tune_or_prompt.cli"], args.repeats, env)
    tco_s = wall(cli, args.repeats, env)

    rows = [
        ("seed formula, per call", f"{seed_s * 1e6:9.1f} us", "1.0x"),
        ("model, one scenario (36 months, both paths)", f"{one_s * 1e6:9.1f} us", f"{one_s / seed_s:.1f}x seed"),
        (f"model, {n:,} scenarios at once, per scenario", f"{many_s * 1e6:9.1f} us", "1.0x"),
        ("model, one scenario at a time in a loop, per scenario", f"{loop_s * 1e6:9.1f} us",
         f"{loop_s / many_s:.0f}x vectorised"),
        ("compute_tco, every option, no break-even search", f"{report_s * 1e3:9.2f} ms", ""),
        ("compute_tco with the break-even volume searches", f"{report_be_s * 1e3:9.2f} ms", ""),
        ("python -c pass (wall, median)", f"{python_s * 1e3:9.1f} ms", "1.0x"),
        ("typer + rich + pydantic's first model (wall)", f"{floor_s * 1e3:9.1f} ms",
         f"{floor_s / python_s:.1f}x python"),
        ("python -c 'import tune_or_prompt.cli' (wall)", f"{import_s * 1e3:9.1f} ms",
         f"{import_s / python_s:.1f}x python"),
        ("tune-or-prompt tco (wall, median)", f"{tco_s * 1e3:9.1f} ms", f"{tco_s / python_s:.1f}x python"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'median':>12}  ratio")
    for name, value, ratio in rows:
        print(f"{name.ljust(width)}  {value:>12}  {ratio}")
    print(f"\ntargets: one scenario < 1 ms ({'met' if one_s < 1e-3 else 'MISSED'}); vectorised >= 10x the loop "
          f"({'met' if loop_s >= 10 * many_s else 'MISSED'})")


if __name__ == "__main__":
    main()
