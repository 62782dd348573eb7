"""Write the result rows as CSV or JSON Lines, streaming, and atomically when to a file.

Rows are written as they come, so memory stays flat however long the
portfolio. A file output goes to a temporary file beside the target and takes
the target's name only once every row is written; an interrupted run leaves
an earlier result untouched and no partial file behind.
"""

from __future__ import annotations

import csv
import json
import math
import operator
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from tune_or_prompt.batch.records import FileFormat
from tune_or_prompt.errors import UserError
from tune_or_prompt.outfile import OutputFile

_NUMBERS = ("confidence", "rule_score", "prompt_engineering_usd", "fine_tuning_usd", "savings_with_prompting_usd",
            "break_even_month", "break_even_queries_per_month")
_FIGURES = ("verdict", "confidence_basis", "ft_option", *_NUMBERS)


def finite_row(row: dict[str, Any]) -> dict[str, Any]:
    """Return ``row``, or, when a figure in it is ``inf`` or ``nan``, the row as failed, figures left out.

    The last guard before a row is written: CSV would print ``inf`` and JSON
    the invalid ``Infinity``. A row that gets here has inputs beyond what the
    cost model can price (an extreme cost parameter); it fails alone.
    """
    total = 0.0
    for column in _NUMBERS:
        value = row[column]
        if value.__class__ is float:
            total += value
    if math.isfinite(total):  # every figure finite (the usual case); else find the culprit
        return row
    bad = [c for c in _NUMBERS if isinstance(row[c], float) and not math.isfinite(row[c])]
    if not bad:
        return row  # finite figures whose sum overflows
    failed = {**row, **dict.fromkeys(_FIGURES)}
    failed["error"] = (f"row {row['row']}: {bad[0]} is not a finite number; the inputs are beyond what the "
                       "cost model can price")
    return failed


class RowWriter:
    """Write result rows to ``path`` (standard output when ``None``); a context manager."""

    def __init__(self, path: Path | None, fmt: FileFormat, columns: Sequence[str]) -> None:
        """Prepare to write rows of ``columns`` in ``fmt``.

        Raises:
            UserError: ``path`` cannot be written (see :class:`~tune_or_prompt.outfile.OutputFile`).

        """
        self.path = path
        self.format = fmt
        self.columns = list(columns)
        self._file = OutputFile(path, newline="") if path is not None else None
        self._stream: IO[str] = sys.stdout
        self._csv: Any = None
        self.rows = 0
        get = operator.itemgetter(*self.columns)
        self._cells = get if len(self.columns) > 1 else lambda row: (get(row),)

    def __enter__(self) -> RowWriter:
        """Open the output (a temporary file beside ``path``) and write the CSV header."""
        if self._file is not None:
            self._stream = self._file.__enter__()
        try:
            if self.format == "csv":
                self._csv = csv.writer(self._stream, lineterminator="\n")
                self._guarded(self._csv.writerow, self.columns)
        except BaseException:  # the `with` block never started: remove the temporary file here
            if self._file is not None:
                self._file.__exit__(*sys.exc_info())
            raise
        return self

    def _guarded(self, write: Callable[[Any], Any], data: Any) -> None:
        try:
            write(data)
        except OSError as exc:
            if self.path is None:
                raise  # standard output: the CLI reports it (a closed pipe ends quietly)
            raise UserError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def write(self, row: dict[str, Any]) -> None:
        """Write one result row (``None`` becomes an empty cell, or ``null`` in JSON)."""
        if self._csv is not None:
            # the csv module writes None as an empty cell
            self._guarded(self._csv.writerow, self._cells(row))
        else:
            self._guarded(self._stream.write, json.dumps({c: row[c] for c in self.columns}) + "\n")
        self.rows += 1

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Flush; give a finished file its name, or remove an unfinished one."""
        if self._file is None:
            if kind is None:
                self._stream.flush()
            return
        self._file.__exit__(kind, exc, tb)
