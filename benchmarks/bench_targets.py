"""Each command's start-up and work beside its own import floor, timed in the same run (issue 21's targets).

Run: python benchmarks/bench_targets.py [--repeats 7] [--batch-rows 100000] [--skip-batch]

Every command and every floor runs as a fresh process, the runs taking turns
round after round so whatever else the machine does falls evenly on them; the
table gives each command's median wall time and median CPU time (user +
system, of the process and its children), its floor's, and the ratios
against the target. On a shared machine the CPU times are the steadier
figure: waiting for a core shows in the wall time only. The floors are the
libraries a command cannot do without:

* ``python -c "import typer.rich_utils"``: typer's help and completion machinery
  (for ``--help`` and a completion request);
* ``python -c "import typer, pydantic, rich.console"``: a command that
  validates input and prints a table (``prices``, ``rules list``, ``rules
  lint``, ``questions``);
* ``python -c "import typer, pydantic, numpy, rich.console"``: a command that
  prices (``tco``, ``decide``, ``advise``).

Beside them, for reference, an empty command: a two-command typer app that
imports what the table floor imports and runs a command that does nothing.
Its ratio to the table floor is what typer alone adds to any command.

Then, in this process: 100,000 uncertainty draws of the example (median wall)
and, in a fresh process, ``batch`` on a generated portfolio of
``--batch-rows`` rows (rows a second, and peak memory).
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

from timing import median_seconds

FLOOR_HELP = "import typer.rich_utils"
FLOOR_TABLE = "import typer, pydantic, rich.console"
FLOOR_PRICE = "import typer, pydantic, numpy, rich.console"
# Not a floor but what typer itself costs on top of FLOOR_TABLE to run a command that does nothing:
# typer 0.29 checks every parameter value (``--help``'s too) with a pydantic TypeAdapter.
EMPTY_COMMAND = ("import typer, pydantic, rich.console\napp = typer.Typer()\n@app.command()\ndef a() -> None: ...\n"
                 "@app.command()\ndef b() -> None: ...\napp(['a'])")
COMPLETE = {"_TUNE_OR_PROMPT_COMPLETE": "complete_bash", "COMP_WORDS": "tune-or-prompt tco --", "COMP_CWORD": "2"}

# (what, command line after the program, extra environment, floor, target ratio)
COMMANDS: list[tuple[str, list[str], dict[str, str], str, float]] = [
    ("`--help`", ["--help"], {}, FLOOR_HELP, 1.8),
    ("a completion request", [], COMPLETE, FLOOR_HELP, 1.8),
    ("`prices`", ["prices"], {}, FLOOR_TABLE, 1.5),
    ("`rules list`", ["rules", "list"], {}, FLOOR_TABLE, 1.5),
    ("`rules lint`", ["rules", "lint"], {}, FLOOR_TABLE, 1.5),
    ("`questions`", ["questions"], {}, FLOOR_TABLE, 1.5),
    ("`tco`", ["tco"], {}, FLOOR_PRICE, 1.5),
    ("`decide` (10,000 draws)", ["decide"], {}, FLOOR_PRICE, 3.0),
    ("`advise --format md`", ["advise", "--defaults", "--no-input", "--format", "md"], {}, FLOOR_PRICE, 3.0),
    ("`advise --format html`", ["advise", "--defaults", "--no-input", "--format", "html"], {}, FLOOR_PRICE, 3.5),
]


def program() -> list[str]:
    """Return how to run the installed program: its console script beside this interpreter, else ``-m``."""
    script = Path(sys.executable).with_name("tune-or-prompt")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tune_or_prompt"]


def turns(runs: list[tuple[list[str], dict[str, str]]], repeats: int) -> list[tuple[float, float]]:
    """Return (median wall, median CPU) seconds of each command, timed in turn, after one warm-up each."""
    envs = [{k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"} for _, env in runs]

    def run(i: int) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(runs[i][0], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=envs[i], check=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    for i in range(len(runs)):
        run(i)
    found: list[list[tuple[float, float]]] = [[] for _ in runs]
    for _ in range(repeats):
        for i in range(len(runs)):
            found[i].append(run(i))
    return [(statistics.median(w for w, _ in f), statistics.median(c for _, c in f)) for f in found]


def draws_seconds(repeats: int) -> tuple[float, float]:
    """Median wall and CPU seconds of 100,000 uncertainty draws of the example, in this process."""
    from tune_or_prompt.tco import Assumptions, Workload
    from tune_or_prompt.tco.ranges import baseline
    from tune_or_prompt.tco.uncertainty import run_uncertainty

    base = baseline(Workload(), Assumptions())
    run_uncertainty(base, 1_000)  # imports and caches

    def cpu() -> float:
        start = time.process_time()
        run_uncertainty(base, 100_000, seed=0)
        return time.process_time() - start

    wall = median_seconds(lambda: run_uncertainty(base, 100_000, seed=0), repeats)
    return wall, statistics.median(cpu() for _ in range(repeats))


def batch_rate(rows: int) -> dict[str, float]:
    """Wall and CPU seconds and peak memory of ``batch`` on a generated portfolio, in a fresh process."""
    from bench_batch import generate

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "portfolio.csv"
        generate(source, rows)
        here = Path(__file__).parent
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run = subprocess.run([sys.executable, str(here / "bench_batch.py"), "--child", str(source)],
                             capture_output=True, text=True, check=True, cwd=here)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        found: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    found["cpu_seconds"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return found


def main() -> None:
    """Print the targets table (Markdown)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--batch-rows", type=int, default=100_000)
    parser.add_argument("--skip-batch", action="store_true")
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("TUNE_OR_PROMPT_CACHE_DIR", tempfile.mkdtemp(prefix="top-bench-"))
    floors = [FLOOR_HELP, FLOOR_TABLE, FLOOR_PRICE, EMPTY_COMMAND]
    runs = [([sys.executable, "-c", code], env) for code in floors]
    runs += [([*program(), *argv], {**env, **extra}) for _, argv, extra, _, _ in COMMANDS]
    # Each run's standard output goes to /dev/null; a memo on standard output costs its writing only.
    times = turns(runs, args.repeats)
    floor_time = dict(zip(floors, times[: len(floors)], strict=True))
    print(f"medians of {args.repeats} runs each, taking turns; Python {sys.version.split()[0]}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print("| command | wall | CPU | floor | floor wall / CPU | ratio, wall / CPU | target |")
    print("|---|---|---|---|---|---|---|")
    for (what, _, _, floor, target), (wall, cpu) in zip(COMMANDS, times[len(floors):], strict=True):
        f_wall, f_cpu = floor_time[floor]
        mark = "met" if cpu / f_cpu <= target else "NOT met"
        print(f"| {what} | {wall * 1000:,.0f} ms | {cpu * 1000:,.0f} ms | `{floor}` | "
              f"{f_wall * 1000:,.0f} / {f_cpu * 1000:,.0f} ms | {wall / f_wall:.2f}x / {cpu / f_cpu:.2f}x | "
              f"<= {target}x ({mark} on CPU) |")
    e_wall, e_cpu = floor_time[EMPTY_COMMAND]
    f_wall, f_cpu = floor_time[FLOOR_TABLE]
    print(f"| an empty typer command (for reference) | {e_wall * 1000:,.0f} ms | {e_cpu * 1000:,.0f} ms | "
          f"`{FLOOR_TABLE}` | {f_wall * 1000:,.0f} / {f_cpu * 1000:,.0f} ms | "
          f"{e_wall / f_wall:.2f}x / {e_cpu / f_cpu:.2f}x | |")
    wall, cpu = draws_seconds(args.repeats)
    print(f"| 100,000 uncertainty draws, in process | {wall * 1000:,.0f} ms | {cpu * 1000:,.0f} ms | | | | "
          f"<= 300 ms ({'met' if cpu <= 0.3 else 'NOT met'} on CPU) |")
    if not args.skip_batch:
        found = batch_rate(args.batch_rows)
        rate, cpu_rate = found["rows"] / found["seconds"], found["rows"] / found["cpu_seconds"]
        print(f"| `batch`, {args.batch_rows:,} rows, one process | {rate:,.0f} rows/s | {cpu_rate:,.0f} rows per "
              f"CPU-second | peak {found['rss_peak_kib'] / 1024:,.0f} MiB | | | >= 20,000 rows/s "
              f"({'met' if cpu_rate >= 20_000 else 'NOT met'} on CPU) |")

if __name__ == "__main__":
    main()
