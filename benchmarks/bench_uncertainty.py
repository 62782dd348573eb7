"""Speed of the uncertainty analysis: 100,000 draws, vectorised vs the scalar model in a loop.

Both sides price the *same* draws of the article's example (self-hosted
fine-tuning, every ranged parameter drawn): the vectorised side runs the whole
analysis (draw, derive inputs, price, break-even month, percentiles); the
scalar side loops ``prompt_engineering`` + ``fine_tuning`` + the break-even
month over the same scenarios, given their resolved inputs for free. Medians of
repeated runs; the scalar loop is timed on a slice and scaled up, since a full
loop takes seconds.

Targets (issue 5): 100,000 draws < 200 ms; at least 10x faster than the loop.
Run: python benchmarks/bench_uncertainty.py [--draws 100000] [--repeats 7]
"""

from __future__ import annotations

import argparse

import numpy as np
from timing import median_seconds

from tune_or_prompt.tco import Assumptions, Workload
from tune_or_prompt.tco.breakeven import break_even_month
from tune_or_prompt.tco.full import fine_tuning, prompt_engineering
from tune_or_prompt.tco.ranges import baseline
from tune_or_prompt.tco.uncertainty import draw_values, run_uncertainty
from tune_or_prompt.tco.vectorized import simulate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--scalar-sample", type=int, default=5_000, help="scenarios the scalar loop times")
    args = parser.parse_args()
    n = args.draws
    base = baseline(Workload(), Assumptions())
    run_uncertainty(base, 1_000)  # warm-up: imports, caches

    whole = median_seconds(lambda: run_uncertainty(base, n, seed=0), args.repeats)
    values = draw_values(base.parameters, n, np.random.default_rng(0))
    arrays = base.input_arrays(values, n)
    model_only = median_seconds(lambda: simulate(arrays), args.repeats)

    sample = min(args.scalar_sample, n)
    scenarios = [arrays.scenario(i) for i in range(sample)]

    def loop() -> None:
        for inp in scenarios:
            pe, ft = prompt_engineering(inp), fine_tuning(inp)
            pe_total, ft_total = sum(pe.monthly), sum(ft.monthly)
            break_even_month(pe.monthly, ft.monthly)
            _ = ft_total - pe_total

    scalar = median_seconds(loop, max(3, args.repeats // 2)) * n / sample

    rows = [
        (f"vectorised analysis, {n:,} draws (draw + price + summarise)", whole),
        (f"vectorised model only, {n:,} scenarios", model_only),
        (f"scalar model looped, {n:,} scenarios (timed on {sample:,}, scaled)", scalar),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'median':>10}")
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds * 1000:>8.1f} ms")
    print(f"speed-up, whole analysis vs scalar loop: {scalar / whole:,.0f}x (target >= 10x)")
    print(f"100,000-draw target < 200 ms: {'met' if whole < 0.2 else 'NOT met'} ({whole * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
