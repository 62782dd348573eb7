"""Write the result rows as CSV or JSON Lines, streaming, and atomically when to a file.

Rows are written as they come, so memory stays flat however long the
portfolio. A file output goes to a temporary file beside the target and takes
the target's name only once every row is written; an interrupted run leaves
an earlier result untouched and no partial file behind.
"""

from __future__ import annotations

import csv
import json
import operator
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from tune_or_prompt.batch.records import FileFormat
from tune_or_prompt.errors import UserError


class RowWriter:
    """Write result rows to ``path`` (standard output when ``None``); a context manager."""

    def __init__(self, path: Path | None, fmt: FileFormat, columns: Sequence[str]) -> None:
        """Prepare to write rows of ``columns`` in ``fmt``."""
        self.path = path
        self.format = fmt
        self.columns = list(columns)
        self._tmp: Path | None = None
        self._stream: IO[str] = sys.stdout
        self._csv: Any = None
        get = operator.itemgetter(*self.columns)
        self._cells = get if len(self.columns) > 1 else lambda row: (get(row),)

    def __enter__(self) -> RowWriter:
        """Open the output (a temporary file beside ``path``) and write the CSV header."""
        if self.path is not None:
            parent = self.path.parent
            if not parent.is_dir():
                raise UserError(f"cannot write {self.path}: directory {parent} does not exist")
            self._tmp = parent / f".{self.path.name}.{secrets.token_hex(6)}.tmp"
            try:
                self._stream = open(self._tmp, "w", encoding="utf-8", newline="")
            except OSError as exc:
                raise UserError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        if self.format == "csv":
            self._csv = csv.writer(self._stream, lineterminator="\n")
            self._csv.writerow(self.columns)
        return self

    def write(self, row: dict[str, Any]) -> None:
        """Write one result row (``None`` becomes an empty cell, or ``null`` in JSON)."""
        if self._csv is not None:
            self._csv.writerow(self._cells(row))  # the csv module writes None as an empty cell
        else:
            self._stream.write(json.dumps({c: row[c] for c in self.columns}) + "\n")

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Flush; give a finished file its name, or remove an unfinished one."""
        if self._tmp is None:
            self._stream.flush()
            return
        tmp, path = self._tmp, self.path
        assert path is not None
        try:
            self._stream.close()
            if kind is None:
                os.replace(tmp, path)
        except OSError as err:
            raise UserError(f"cannot write {path}: {err.strerror or err}") from None
        finally:
            tmp.unlink(missing_ok=True)
