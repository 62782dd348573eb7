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

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from tune_or_prompt.batch.evaluate import BatchConfig, Evaluator
from tune_or_prompt.batch.records import Record

Rows = list[dict[str, Any]]
_worker: Evaluator | None = None


def _start_worker(config: BatchConfig) -> None:
    global _worker
    _worker = Evaluator(config)


def _run_chunk(chunk: Sequence[Record]) -> Rows:
    assert _worker is not None, "worker not initialised"
    return _worker.run(chunk)


def ordered_map(
    evaluator: Evaluator, config: BatchConfig, chunks: Iterable[Sequence[Record]], jobs: int
) -> Iterator[Rows]:
    """Yield the result rows of each chunk, in order; ``jobs`` > 1 uses worker processes."""
    if jobs <= 1:
        for chunk in chunks:
            yield evaluator.run(chunk)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(config,)) as pool:
        pending: deque[Future[Rows]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_run_chunk, chunk))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
