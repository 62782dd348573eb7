"""Run a whole portfolio file: read, evaluate in chunks, write, summarise.

Memory is bounded by the chunk size (and ``2 x jobs`` chunks in flight), not
by the number of rows: records are read lazily, chunk by chunk, and each
chunk's results are written before more of the file is read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

from tune_or_prompt.batch.evaluate import COLUMNS, BatchConfig, Evaluator
from tune_or_prompt.batch.output import RowWriter, finite_row
from tune_or_prompt.batch.parallel import ordered_map
from tune_or_prompt.batch.progress import Summary
from tune_or_prompt.batch.records import FileFormat, Record, RecordReader

CHUNK_ROWS = 8192
"""Rows evaluated together: rows of one API model, privacy, horizon and token structure are priced in one call
of the model, whose set-up and break-even search cost about as much for a hundred rows as for a few. Twice
this holds some 45 MiB more for a few per cent more speed."""
Progress = Callable[[int, float], None]


def _chunks(records: Iterator[Record], size: int) -> Iterator[list[Record]]:
    while chunk := list(islice(records, size)):
        yield chunk


def run_batch(
    source: Path,
    *,
    config: BatchConfig | None = None,
    output: Path | None = None,
    output_format: FileFormat | None = None,
    jobs: int = 1,
    chunk_rows: int = CHUNK_ROWS,
    progress: Progress | None = None,
) -> Summary:
    """Decide every workload of ``source`` and write one result row per workload, in order.

    Args:
        source: A ``.csv`` (header row of question ids) or ``.jsonl`` file.
        config: Rule packs, prices, assumptions and engine shared by every row.
        output: Where to write (atomically); ``None`` writes to standard output.
        output_format: ``csv`` or ``jsonl``; default: the output's suffix, else (no output, or a
            device such as ``/dev/stdout``) the input's format.
        jobs: Worker processes (1: this process).
        chunk_rows: Rows evaluated together.
        progress: Called with (rows done, fraction of the file read) after each chunk.

    Returns:
        The counts; rows that failed carry their reason in the ``error`` column.

    Raises:
        UserError: a bad file, header, pack, price sheet or assumption
            (before any row is written).

    """
    from tune_or_prompt.batch.records import SUFFIXES, format_of
    from tune_or_prompt.outfile import writes_in_place

    config = config or BatchConfig()
    evaluator = Evaluator(config)  # loads and checks everything before a row runs
    if output_format is None:
        # A device or descriptor without a suffix (-o /dev/stdout) takes the input's format.
        named = output is not None and not (writes_in_place(output) and output.suffix.lower() not in SUFFIXES)
        output_format = format_of(output, "result file") if named and output is not None else None
    summary = Summary(engine=evaluator.engine.name, packs=tuple(p.name for p in evaluator.ruleset.packs),
                      draws=evaluator.draws)
    start = time.perf_counter()
    with RecordReader(source, evaluator.parser.known) as reader:
        fmt = output_format or reader.format
        with RowWriter(output, fmt, COLUMNS) as writer:
            chunks = _chunks(iter(reader), chunk_rows)
            for rows in ordered_map(evaluator, config, chunks, jobs):
                for row in rows:
                    row = finite_row(row)
                    writer.write(row)
                    summary.add(row)
                if progress is not None:
                    progress(summary.rows, reader.fraction_read())
    summary.seconds = time.perf_counter() - start
    return summary
