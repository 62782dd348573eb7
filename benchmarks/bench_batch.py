"""Batch speed and memory: end-to-end scenarios/s and peak memory on generated portfolios.

Run: python benchmarks/bench_batch.py [--sizes 10000 100000] [--jobs 1] [--repeats 3]

For each size a portfolio CSV is generated (volumes over five orders of
magnitude, growth, on-premise rows, four horizons, three API models), then
``--repeats`` fresh subprocesses each run ``run_batch`` on it, writing a CSV
result file, and report the wall time and their peak resident memory
(``ru_maxrss``) next to the memory they had before the run; the table gives
the median rate, the lowest and highest, and the largest peak. In the same run, this process measures the raw
rules-engine rate on facts built beforehand (``evaluate``: engine plus verdict
policy, as ``decide`` runs it per scenario, through durable_rules and through
the reference evaluator) and the rate of the naive per-row pipeline
(``compute_tco`` + durable_rules). Target (issue 5): at least 10,000
scenarios/s on one process, and peak memory flat between 10,000 and 100,000
rows.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

COLUMNS = ["workload", "queries_per_month", "input_tokens", "output_tokens", "growth_pct_per_month",
           "horizon_months", "api_model", "privacy", "accuracy_target_pct", "requirements_change",
           "monthly_budget_usd", "latency_critical", "consistency_critical", "prompt_iterations",
           "production_data_months"]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Write a varied portfolio of ``rows`` workloads."""
    rnd = random.Random(seed)
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for i in range(rows):
            w.writerow([
                f"workload {i}", round(10 ** rnd.uniform(3, 8)), rnd.choice([300, 800, 2000, 4000]),
                rnd.choice([100, 300, 500, 1000]), rnd.choice([0, 0, 0, 1, 3]), rnd.choice([12, 24, 36, 48]),
                rnd.choice(["gpt-4o-mini", "gpt-4o", "claude-haiku-4-5"]),
                rnd.choice(["cloud_ok"] * 4 + ["on_premise"]), rnd.choice([80, 90, 95, 98]),
                rnd.choice(["weekly", "monthly", "quarterly", "rarely"]), rnd.choice([1000, 5000, 20000]),
                rnd.choice(["true", "false"]), rnd.choice(["true", "false"]), rnd.choice([0, 10, 30]),
                rnd.choice([0, 3, 12]),
            ])


def child(source: Path, jobs: int, draws: int = 0) -> None:
    """Run one batch in this (fresh) process and print its figures as JSON."""
    from tune_or_prompt.batch import BatchConfig, run_batch

    out = source.with_suffix(".out.csv")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    summary = run_batch(source, config=BatchConfig(draws=draws), output=out, jobs=jobs)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": summary.rows, "failed": summary.failed, "seconds": seconds,
                      "rss_before_kib": before, "rss_peak_kib": peak}))


def engine_rates(n: int) -> dict[str, float]:
    """Scenarios/s of the rules alone (facts built beforehand) and of the naive per-row pipeline."""
    from tune_or_prompt.batch.evaluate import BatchConfig, Evaluator
    from tune_or_prompt.batch.records import RecordReader
    from tune_or_prompt.facts import build_facts
    from tune_or_prompt.rules import ReferenceEngine, default_engine, evaluate
    from tune_or_prompt.tco import compute_tco
    from tune_or_prompt.tco.assumptions_io import build_workload

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "facts.csv"
        generate(path, n, seed=11)
        ev = Evaluator(BatchConfig())
        with RecordReader(path, ev.parser.known) as reader:
            parsed = [ev.parser.parse(r.values, text=True) for r in reader]
    keys = ("queries_per_month", "input_tokens", "output_tokens", "growth_pct_per_month", "horizon_months",
            "api_model", "privacy")
    reports = [compute_tco(build_workload({k: getattr(a, k) for k in keys}), ev.assumptions, ev.catalogue)
               for a, _ in parsed[:300]]
    facts = [build_facts(a, reports[i % len(reports)], h) for i, (a, h) in enumerate(parsed)]
    rates: dict[str, float] = {}
    for name, engine in (("durable_rules", default_engine()), ("reference", ReferenceEngine())):
        start = time.perf_counter()
        for f in facts:
            evaluate(f, ev.ruleset, engine=engine)
        rates[name] = len(facts) / (time.perf_counter() - start)
    start = time.perf_counter()
    for (a, h) in parsed[:300]:
        report = compute_tco(build_workload({k: getattr(a, k) for k in keys}), ev.assumptions, ev.catalogue)
        evaluate(build_facts(a, report, h), ev.ruleset)
    rates["naive"] = 300 / (time.perf_counter() - start)
    return rates


def main() -> None:
    """Generate the portfolios, run each several times in subprocesses, print the table of medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3, help="runs per size; the median is reported")
    parser.add_argument("--engine-scenarios", type=int, default=3000)
    parser.add_argument("--draws", type=int, default=0,
                        help="uncertainty draws per row (batch --draws: each row's confidence from its draws)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.jobs, args.draws)
        return

    rates = engine_rates(args.engine_scenarios)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"portfolio-{size}.csv"
            generate(path, size)
            runs = []
            for _ in range(args.repeats):
                done = subprocess.run(
                    [sys.executable, __file__, "--child", str(path), "--jobs", str(args.jobs),
                     "--draws", str(args.draws)],
                    check=True, capture_output=True, text=True,
                )
                runs.append(json.loads(done.stdout.splitlines()[-1]))
            speeds = sorted(r["rows"] / r["seconds"] for r in runs)
            results.append({
                "size": size, "rate": statistics.median(speeds), "low": speeds[0], "high": speeds[-1],
                "seconds": statistics.median(r["seconds"] for r in runs),
                "rss_before_kib": max(r["rss_before_kib"] for r in runs),
                "rss_peak_kib": max(r["rss_peak_kib"] for r in runs),
            })

    print(f"Rules engine alone (evaluate on prebuilt facts, {args.engine_scenarios:,} scenarios):")
    print(f"  durable_rules        {rates['durable_rules']:>10,.0f} scenarios/s")
    print(f"  reference evaluator  {rates['reference']:>10,.0f} scenarios/s")
    print(f"  naive per-row pipeline (compute_tco + durable_rules): {rates['naive']:,.0f} scenarios/s")
    print()
    print(f"batch end to end (--jobs {args.jobs}, --draws {args.draws}; read CSV, validate, price, rules, "
          "write CSV; "
          f"median of {args.repeats} runs, each in a fresh process):")
    print(f"{'rows':>10} {'seconds':>8} {'scenarios/s':>12} {'(lowest-highest)':>17} {'x durable_rules':>16} "
          f"{'RSS before MiB':>15} {'peak RSS MiB':>13} {'growth MiB':>11}")
    for r in results:
        spread = f"{r['low']:,.0f}-{r['high']:,.0f}"
        print(f"{r['size']:>10,} {r['seconds']:>8.2f} {r['rate']:>12,.0f} {spread:>17} "
              f"{r['rate'] / rates['durable_rules']:>16.1f} "
              f"{r['rss_before_kib'] / 1024:>15.1f} {r['rss_peak_kib'] / 1024:>13.1f} "
              f"{(r['rss_peak_kib'] - r['rss_before_kib']) / 1024:>11.1f}")
    rates_ok = all(r["rate"] >= 10_000 for r in results)
    peaks = [r["rss_peak_kib"] for r in results]
    flat = max(peaks) - min(peaks) <= 0.1 * min(peaks)
    print()
    print(f"target >= 10,000 scenarios/s (median): {'met' if rates_ok else 'NOT met'}; "
          f"peak memory flat (within 10%): {'yes' if flat else 'NO'}")


if __name__ == "__main__":
    main()
