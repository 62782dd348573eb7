"""Timing helpers the benchmark scripts share: medians, never single runs."""

from __future__ import annotations

import statistics
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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


def walls(runs: list[tuple[list[str], dict[str, str]]], repeats: int) -> list[float]:
    """Median wall seconds of several commands timed in turn, round after round (after one warm-up each).

    Taking turns spreads whatever else the machine is doing evenly over the
    commands, so their medians compare fairly on a shared machine.
    """
    envs = [{k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"} for _, env in runs]

    def run(i: int) -> float:
        start = time.perf_counter()
        subprocess.run(runs[i][0], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=envs[i], check=True)
        return time.perf_counter() - start

    for i in range(len(runs)):
        run(i)
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeats):
        for i in range(len(runs)):
            times[i].append(run(i))
    return [statistics.median(t) for t in times]


def checkout(rev: str, *paths: str) -> Path:
    """Unpack ``paths`` (e.g. ``src``, ``rules``, ``templates``) of commit ``rev`` into a temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="top-baseline-"))
    archive = folder / "tree.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "-C", str(ROOT), "archive", rev, *paths], stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder
