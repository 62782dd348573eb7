"""Chunks run in order, and the file is read no further ahead than the chunks in flight."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from tune_or_prompt.batch.evaluate import BatchConfig
from tune_or_prompt.batch.parallel import ordered_map


class _Evaluator:
    """Stands in for the evaluator: records which chunks it ran."""

    def __init__(self) -> None:
        self.ran: list[int] = []

    def run(self, chunk: Sequence[Any]) -> list[dict[str, Any]]:
        self.ran.append(chunk[0])
        return [{"row": r} for r in chunk]


@pytest.mark.parametrize("jobs", [1, 0])
def test_one_process_reads_one_chunk_ahead_at_most(jobs: int) -> None:
    # Memory must not grow with the file: in one process a chunk is read only when the one before it is done
    # (one chunk of look-ahead decides whether the file has more than one).
    read: list[int] = []

    def chunks() -> Iterator[list[int]]:
        for start in range(0, 50, 10):
            read.append(start)
            yield list(range(start, start + 10))

    evaluator = _Evaluator()
    results = ordered_map(evaluator, BatchConfig(), chunks(), jobs)  # type: ignore[arg-type]
    first = next(results)
    assert first[0] == {"row": 0}
    assert read == [0, 10]  # not the whole file
    rest = list(results)
    assert [rows[0]["row"] for rows in rest] == [10, 20, 30, 40]
    assert read == [0, 10, 20, 30, 40] and evaluator.ran == [0, 10, 20, 30, 40]
