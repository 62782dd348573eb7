"""Reading usage logs: rows per second and peak memory at 1 and 10 million requests, and a wide export.

Run: python benchmarks/bench_logs.py [--sizes 1000000 10000000] [--formats csv parquet] [--repeats 3]
     [--wide 2000000]

For each size, a request log with known figures is generated (the accuracy
test's log, ``tests/workload/synthetic.py``, scaled: 90 days, growing 10% a
month, peak at 14:00, uniform token counts), written as CSV and as Parquet;
then ``--repeats`` fresh subprocesses each run ``measure_logs`` on it and
report the wall time of the measurement and their peak resident memory
(``VmHWM``, the process's own high-water mark, interpreter and imports
included; ``ru_maxrss`` would carry the generating parent's peak across the
fork), and the CPU time it used (all threads; on a machine whose cores are
shared, CPU time over the core count is what the wall time would be alone). Each run's
figures are checked against the log's known ones (volume and tokens within 1%,
growth within 1 point, the same peak hour): the 10-million-row accuracy check
of issue 14 lives here, not in the test suite. Target: 10 million rows in
under 8 s on 2 cores, peak memory under 1 GB.

``--wide N`` (default 2 million; 0 skips it) writes the same requests as
LiteLLM exports its spend log: 32 columns, about 0.9 KB a row, of which the
tool reads five. In the same run, alternating with the tool's runs, fresh
processes time DuckDB's own scan of that file for those five columns (the
floor: the same reader, threads and memory limit, the least work that reads
them); the table gives both and their ratio. Target: the tool's measurement
within 1.2x of the floor, memory under 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.workload.synthetic import SyntheticLog  # noqa: E402

# The generated log has 103.8 x first_day requests (see the accuracy test).
REQUESTS_PER_FIRST_DAY = 103.8


def high_water_kib() -> int:
    """Return this process's peak resident memory in KiB (Linux ``VmHWM``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(path: Path) -> None:
    """Measure one log in this (fresh) process and print the figures as JSON."""
    from tune_or_prompt.workload import measure_logs

    before = high_water_kib()
    cpu_before = time.process_time()
    start = time.perf_counter()
    m = measure_logs([path])
    seconds = time.perf_counter() - start
    print(json.dumps({
        "seconds": seconds, "cpu": time.process_time() - cpu_before, "rows": m.rows,
        "peak_kib": high_water_kib(), "before_kib": before,
        "queries_per_month": m.queries_per_month, "input_tokens": m.input_tokens,
        "output_tokens": m.output_tokens, "growth": m.growth_pct_per_month, "peak_hour": m.peak_hour,
    }))


def floor_child(path: Path) -> None:
    """Time DuckDB's own scan of the wide file for the columns the tool reads, in this (fresh) process."""
    import duckdb

    from tune_or_prompt.workload.read import MAX_THREADS, MEMORY_LIMIT

    con = duckdb.connect(":memory:", config={"threads": max(1, min(MAX_THREADS, os.cpu_count() or 1)),
                                             "memory_limit": MEMORY_LIMIT})
    quoted = str(path).replace("'", "''")
    before = high_water_kib()
    cpu_before = time.process_time()
    start = time.perf_counter()
    con.execute(f"""SELECT min("startTime"), max("startTime"), sum(TRY_CAST(prompt_tokens AS DOUBLE)),
                           sum(TRY_CAST(completion_tokens AS DOUBLE)), count(model), count(status)
                    FROM read_csv('{quoted}', all_varchar = true)""").fetchall()
    print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu_before,
                      "peak_kib": high_water_kib(), "before_kib": before}))


def run_child(flag: str, path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, flag, str(path)], check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout))


def wide(size: int, repeats: int, tmp: str) -> None:
    """Time the tool and DuckDB's floor on a wide LiteLLM-shaped CSV, alternating, and print the table."""
    log = SyntheticLog(first_day=round(size / REQUESTS_PER_FIRST_DAY))
    path = log.write(Path(tmp) / f"litellm-{size}.csv", "csv", wide=True)
    tool, floor = [], []
    for _ in range(repeats):
        floor.append(run_child("--floor-child", path))
        tool.append(run_child("--child", path))
    problems = sorted({p for r in tool for p in check(r, log)})
    t, f = (statistics.median(r["seconds"] for r in runs) for runs in (tool, floor))
    tc, fc = (statistics.median(r["cpu"] for r in runs) for runs in (tool, floor))
    print()
    print(f"load average before the wide file: {os.getloadavg()[0]:.1f}")
    print("| rows | file | tool: measure, median (min-max) | DuckDB floor, median (min-max) | ratio | "
          "CPU time, tool / floor | peak memory, tool / floor | figures |")
    print("|--:|--:|---|---|--:|--:|--:|---|")
    print(f"| {tool[0]['rows']:,} | {path.stat().st_size / 2**20:,.0f} MiB, 32 columns "
          f"| {t:.2f} s ({min(r['seconds'] for r in tool):.2f}-{max(r['seconds'] for r in tool):.2f}) "
          f"| {f:.2f} s ({min(r['seconds'] for r in floor):.2f}-{max(r['seconds'] for r in floor):.2f}) "
          f"| {t / f:.2f}x | {tc:.1f} s / {fc:.1f} s ({tc / fc:.2f}x) "
          f"| {max(r['peak_kib'] for r in tool) / 1024:,.0f} / {max(r['peak_kib'] for r in floor) / 1024:,.0f} MiB "
          f"| {'; '.join(problems) or 'within bounds'} |", flush=True)
    path.unlink()


def check(run: dict[str, float], log: SyntheticLog) -> list[str]:
    """Return what the run got wrong against the log's known figures (empty when all within bounds)."""
    expected_qpm = log.requests / log.window_days() * 30.44
    problems = []
    if abs(run["queries_per_month"] - expected_qpm) > 0.01 * expected_qpm:
        problems.append(f"volume {run['queries_per_month']:,.0f} vs {expected_qpm:,.0f}")
    for key, value in (("input_tokens", 2_000), ("output_tokens", 500)):
        if abs(run[key] - value) > 0.01 * value:
            problems.append(f"{key} {run[key]:,.1f} vs {value}")
    if abs(run["growth"] - log.growth_pct) > 1:
        problems.append(f"growth {run['growth']:.2f} vs {log.growth_pct}")
    if run["peak_hour"] != 14:
        problems.append(f"peak hour {run['peak_hour']} vs 14")
    return problems


def main() -> None:
    """Generate each log, measure it in fresh processes, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--formats", nargs="+", default=["csv", "parquet"],
                        choices=["csv", "csv.gz", "jsonl", "parquet"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--wide", type=int, default=2_000_000, metavar="ROWS",
                        help="rows of the wide LiteLLM-shaped CSV (0: skip it)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--floor-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    if args.floor_child is not None:
        floor_child(args.floor_child)
        return
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| rows | format | file | measure, median (min-max) | rows/s | CPU time | peak memory | figures |")
    print("|--:|---|--:|---|--:|--:|--:|---|")
    with tempfile.TemporaryDirectory(prefix="bench-logs-") as tmp:
        for size in args.sizes:
            log = SyntheticLog(first_day=round(size / REQUESTS_PER_FIRST_DAY))
            for fmt in args.formats:
                path = log.write(Path(tmp) / f"requests-{size}.{fmt}", fmt)
                runs = []
                for _ in range(args.repeats):
                    out = subprocess.run([sys.executable, __file__, "--child", str(path)], check=True,
                                         capture_output=True, text=True)
                    runs.append(json.loads(out.stdout))
                times = [r["seconds"] for r in runs]
                median = statistics.median(times)
                peak = max(r["peak_kib"] for r in runs) / 1024
                problems = sorted({p for r in runs for p in check(r, log)})
                print(f"| {runs[0]['rows']:,} | {fmt} | {path.stat().st_size / 2**20:,.0f} MiB "
                      f"| {median:.2f} s ({min(times):.2f}-{max(times):.2f}) | {runs[0]['rows'] / median:,.0f} "
                      f"| {statistics.median(r['cpu'] for r in runs):.1f} s | {peak:,.0f} MiB "
                      f"| {'; '.join(problems) or 'within bounds'} |", flush=True)
                path.unlink()
        if args.wide:
            wide(args.wide, args.repeats, tmp)


if __name__ == "__main__":
    main()
