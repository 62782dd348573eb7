"""What the memo's two charts cost: importing the chart code and drawing both, in a fresh interpreter.

Each measurement runs in its own interpreter (so imports are paid as a memo
run pays them), loads the memo package and prices the built-in example first
(not timed), then times importing the chart modules (with their chart library)
and drawing the cumulative-cost chart and the tornado. Medians of repeated runs, all in the same run of this script:

* this checkout (the hand-written SVG of ``memo/svg.py``);
* with ``--baseline REV``, the chart code of another commit (e.g. the
  matplotlib charts before they were replaced), run from ``git archive REV``;
  it needs that commit's chart library installed, and says so when it is not;
* if pygal is installed, pygal drawing the same two shapes (a two-line chart
  of 37 points, a ten-bar horizontal bar chart), for comparison.

Run: python benchmarks/bench_charts.py [--repeats 9] [--baseline REV]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

from timing import checkout

OURS = """
import time
from tune_or_prompt.tco import Assumptions, Workload, compute_tco
import tune_or_prompt.memo.view  # the memo package, which every memo loads anyway
report = compute_tco(Workload(), Assumptions(), sensitivity=True)
start = time.perf_counter()
from tune_or_prompt.memo.chart import cumulative_cost_svg
from tune_or_prompt.memo.tornado import tornado_svg
size = len(cumulative_cost_svg(report)) + len(tornado_svg(report.sensitivity) or "")
print(time.perf_counter() - start, size)
"""

PYGAL = """
import time
from tune_or_prompt.tco import Assumptions, Workload, compute_tco
import tune_or_prompt.memo.view  # the memo package, which every memo loads anyway
report = compute_tco(Workload(), Assumptions(), sensitivity=True)
start = time.perf_counter()
import pygal
line = pygal.XY(js=[], width=480, height=300, show_dots=False)
line.add("Prompt engineering", list(enumerate([0.0, *report.prompt_engineering.cumulative_usd])))
line.add("Fine-tuning", list(enumerate([0.0, *report.fine_tuning.cumulative_usd])))
bars = pygal.HorizontalBar(js=[], width=480, height=320)
for bar in report.sensitivity.tornado[:10]:
    bars.add(bar.label, [bar.savings_at_low_usd - report.sensitivity.savings_usd])
size = len(line.render(is_unicode=True)) + len(bars.render(is_unicode=True))
print(time.perf_counter() - start, size)
"""


def measure(code: str, repeats: int, pythonpath: str | None = None) -> tuple[float, int] | str:
    """Median seconds and the SVG size of ``code``, each run in a fresh interpreter; or why it could not run."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure as an installed tool runs: bytecode cached
    env.setdefault("TUNE_OR_PROMPT_CACHE_DIR", tempfile.mkdtemp(prefix="top-bench-"))
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    times, size = [], 0
    for _ in range(repeats + 1):  # the first run warms the bytecode and price caches
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        if done.returncode != 0:
            return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
        seconds, chars = done.stdout.split()
        times.append(float(seconds))
        size = int(chars)
    return statistics.median(times[1:]), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--baseline", help="a commit whose chart code to measure beside this checkout's")
    args = parser.parse_args()
    runs: list[tuple[str, tuple[float, int] | str]] = [
        ("this checkout (hand-written SVG)", measure(OURS, args.repeats))]
    if args.baseline:
        old_src = checkout(args.baseline, "src") / "src"
        runs.append((f"commit {args.baseline}", measure(OURS, args.repeats, str(old_src))))
    runs.append(("pygal, the same two shapes", measure(PYGAL, args.repeats)))
    width = max(len(name) for name, _ in runs)
    print(f"{'charts: import + draw both'.ljust(width)}  {'median':>9}  {'SVG size':>9}")
    for name, result in runs:
        if isinstance(result, str):
            print(f"{name.ljust(width)}  not measured: {result}")
        else:
            print(f"{name.ljust(width)}  {result[0] * 1e3:6.1f} ms  {result[1] / 1024:6.1f} KiB")


if __name__ == "__main__":
    main()
