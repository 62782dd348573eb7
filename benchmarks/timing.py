"""Timing helpers the benchmark scripts share: medians, never single runs."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable


def median_seconds(fn: Callable[[], object], repeats: int) -> float:
    """Median wall seconds of ``repeats`` calls of ``fn``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def wall(cmd: list[str], repeats: int, env: dict[str, str]) -> float:
    """Median wall seconds of a command, after one warm-up run (caches filled, files in the page cache).

    Bytecode is written and reused as an installed tool's is, even where the
    environment says not to write it (PYTHONDONTWRITEBYTECODE).
    """
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def run() -> None:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)

    run()
    return median_seconds(run, repeats)
