"""Wall time of `tune-or-prompt advise` on the built-in example, in one run.

Medians of repeated runs of:
* `python -c pass` and `python -c "import matplotlib.figure"` (baselines: the
  interpreter, and the plotting library every chart needs);
* `advise --defaults --format md` to standard output (no chart), to a file
  (with its chart SVG), and `-o memo.html` (the default memo: the spread of
  10,000 draws, the tornado, the what-if thresholds; HTML adds the chart and
  the what-if grid);
* the same with `--draws 0 --no-sensitivity` (no numpy analyses).

Targets (issue 4): Markdown memo < 0.4 s, HTML memo with its chart < 1 s.
Each memo is written to a temporary file; one warm-up run fills the price index
and the compiled-template cache first, as any second run of the tool would find.
Run: python benchmarks/bench_advise.py [--repeats 9]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from timing import wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("TUNE_OR_PROMPT_CACHE_DIR", tempfile.mkdtemp(prefix="top-bench-"))
    out = Path(tempfile.mkdtemp(prefix="top-memo-"))
    exe = shutil.which("tune-or-prompt")
    cli = [exe] if exe else [sys.executable, "-m", "tune_or_prompt"]
    lean = ["--draws", "0", "--no-sensitivity"]
    runs = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("python -c 'import matplotlib.figure'", [sys.executable, "-c", "import matplotlib.figure"]),
        ("advise --defaults --format md (stdout)", [*cli, "advise", "--defaults", "--format", "md"]),
        ("advise --defaults -o memo.md (+ chart SVG)", [*cli, "advise", "--defaults", "-o", str(out / "m.md")]),
        ("advise --defaults --format html", [*cli, "advise", "--defaults", "-o", str(out / "m.html")]),
        ("advise md (stdout), --draws 0 --no-sensitivity", [*cli, "advise", "--defaults", *lean, "--format", "md"]),
        ("advise html, --draws 0 --no-sensitivity",
         [*cli, "advise", "--defaults", *lean, "-o", str(out / "l.html")]),
    ]
    results = [(name, wall(cmd, args.repeats, env)) for name, cmd in runs]
    base = results[0][1]
    width = max(len(n) for n, _ in results)
    print(f"{'command'.ljust(width)}  {'median':>9}  vs python")
    for name, seconds in results:
        print(f"{name.ljust(width)}  {seconds * 1e3:7.0f} ms  {seconds / base:6.1f}x")
    md, html = results[2][1], results[4][1]
    print(f"\ntargets: Markdown < 0.4 s ({'met' if md < 0.4 else 'MISSED'}); "
          f"HTML < 1 s ({'met' if html < 1 else 'MISSED'})")
    print(f"HTML memo size: {(out / 'm.html').stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
