"""Run chunks of records in this process or spread over worker processes, in order.

Rules evaluation is Python code holding the GIL, so ``--jobs N`` uses
processes. Each worker builds its own :class:`~.evaluate.Evaluator` once (rule
packs compiled, prices and assumptions loaded) from the picklable
:class:`~.evaluate.BatchConfig`. At most ``2 x jobs`` chunks are in flight and
results come back in submission order, so output order is input order and
memory does not grow with the file (``Pool.imap`` would read the whole input
ahead).
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from typing import Any

from tune_or_prompt.batch.evaluate import BatchConfig, Evaluator
from tune_or_prompt.batch.records import Record

Rows = list[dict[str, Any]]
_worker: Evaluator | None = None


def usable_cores() -> int:
    """Return how many CPUs this process may run on (its affinity mask, else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def _start_worker(config: BatchConfig) -> None:
    global _worker
    # Ctrl-C reaches the whole process group: the parent alone handles it,
    # cancelling what is queued, so workers do not each print a traceback.
    # SIGTERM to a worker just ends it (the parent's handler is inherited by fork).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker = Evaluator(config)


def _run_chunk(chunk: Sequence[Record]) -> Rows:
    assert _worker is not None, "worker not initialised"
    return _worker.run(chunk)


def ordered_map(
    evaluator: Evaluator, config: BatchConfig, chunks: Iterable[Sequence[Record]], jobs: int
) -> Iterator[Rows]:
    """Yield the result rows of each chunk, in order.

    ``jobs`` > 1 uses worker processes, at most one per usable core (more only
    compete for the same cores and each loads the packs again), and none for
    a file of a single chunk. An interruption cancels the queued chunks.
    """
    jobs = min(jobs, usable_cores())
    chunks = iter(chunks)
    first = list(islice(chunks, 2))
    if jobs <= 1 or len(first) < 2:
        for chunk in chain(first, chunks):  # lazily: the file is read a chunk at a time
            yield evaluator.run(chunk)
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(config,))
    try:
        pending: deque[Future[Rows]] = deque()
        for chunk in chain(first, chunks):
            pending.append(pool.submit(_run_chunk, chunk))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
