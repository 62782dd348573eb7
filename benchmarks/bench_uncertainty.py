"""Speed of the uncertainty analysis: many draws priced at once vs one scenario at a time.

Both sides price the same draws of the built-in example (every ranged
parameter drawn, every feasible fine-tuning option priced in each draw): the
vectorised side runs the whole analysis (draw, resolve, price every option,
keep each draw's cheapest, percentiles); the loop prices the same drawn values
one draw at a time through the same functions. Medians of repeated runs; the
loop is timed on a slice and scaled up, since a full loop takes minutes.

Targets (issue 5): 100,000 draws < 200 ms; at least 10x faster than the loop.
Run: python benchmarks/bench_uncertainty.py [--draws 100000] [--repeats 7]
"""

from __future__ import annotations

import argparse

import numpy as np
from timing import median_seconds

from tune_or_prompt.tco import Assumptions, Workload
from tune_or_prompt.tco.draws import draw_values
from tune_or_prompt.tco.ranges import baseline
from tune_or_prompt.tco.reprice import compare
from tune_or_prompt.tco.uncertainty import run_uncertainty


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--loop-sample", type=int, default=300, help="draws the one-at-a-time loop times")
    args = parser.parse_args()
    n = args.draws
    base = baseline(Workload(), Assumptions())
    run_uncertainty(base, 1_000)  # warm-up: imports, caches

    whole = median_seconds(lambda: run_uncertainty(base, n, seed=0), args.repeats)
    values = draw_values(base.parameters, n, np.random.default_rng(0))
    model_only = median_seconds(lambda: compare(base, values, n), args.repeats)

    sample = min(args.loop_sample, n)
    singles = [{k: v[i] for k, v in values.items()} for i in range(sample)]

    def loop() -> None:
        for one in singles:
            compare(base, one, 1)

    looped = median_seconds(loop, max(3, args.repeats // 2)) * n / sample

    rows = [
        (f"whole analysis, {n:,} draws (draw + price + summarise)", whole),
        (f"pricing only, {n:,} draws at once", model_only),
        (f"pricing one draw at a time, {n:,} draws (timed on {sample:,}, scaled)", looped),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'median':>10}")
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds * 1000:>8.1f} ms")
    print(f"speed-up, whole analysis vs the loop: {looped / whole:,.0f}x (target >= 10x)")
    print(f"100,000-draw target < 200 ms: {'met' if whole < 0.2 else 'NOT met'} ({whole * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
