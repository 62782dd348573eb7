"""Read a portfolio file one workload at a time: CSV with a header row, or JSON Lines.

Nothing is loaded whole: :class:`RecordReader` yields one :class:`Record` per
workload as it reads, so memory does not grow with the number of rows.

What is a file-level problem and what is a row's own:

* CSV: the header names the columns of every row, so an unknown, empty or
  duplicated column name is a :class:`~tune_or_prompt.errors.UserError`
  (``file:1:column`` with a "did you mean") raised before any row runs.
  A row with more or fewer cells than the header is that row's error.
* JSON Lines: each line names its own keys, so an unknown key, a line that is
  not JSON or not an object is that row's error.
* Blank lines separate nothing and are not workloads; they are skipped (and
  row numbers count workloads, not lines; the line number is kept too).
* The file is checked whole before the first row (UTF-8, CSV quoting), so a
  fault at row 10,001 stops the run before anything is written, on standard
  output too. A JSON line with a key twice, nested too deeply or longer than
  :data:`MAX_LINE` is that row's error.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
from collections.abc import Collection, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Literal, NamedTuple

from tune_or_prompt.errors import Location, Problem, UserError, clip
from tune_or_prompt.files import first_bad_byte, open_regular
from tune_or_prompt.words import count
from tune_or_prompt.yamlfile import suggest

FileFormat = Literal["csv", "jsonl"]
SUFFIXES: dict[str, FileFormat] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def format_of(path: Path, what: str = "portfolio file") -> FileFormat:
    """Return the format a file name says (``.csv``, ``.jsonl`` or ``.ndjson``).

    Raises:
        UserError: any other suffix.

    """
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UserError(f"{path}: a {what} must end in .csv or .jsonl (or .ndjson)")
    return fmt


class Record(NamedTuple):
    """One workload as read from the file, before validation.

    Attributes:
        row: 1-based position among the workloads of the file.
        line: Line of the file where the workload starts.
        values: Column -> raw value (text for CSV, a JSON value for JSONL);
            empty cells and JSON nulls are left out, so they take the default.
        text: Whether the values are text to be parsed (CSV).
        problem: What made the record unreadable (then ``values`` is partial).

    """

    row: int
    line: int
    values: dict[str, Any]
    text: bool = True
    problem: str | None = None


class RecordReader:
    """Iterate over the workloads of a CSV or JSONL file, one :class:`Record` at a time.

    Use as a context manager; the CSV header is checked on entry, so a bad
    header fails before anything runs or is written.
    """

    def __init__(self, path: Path, known: Collection[str]) -> None:
        """Prepare to read ``path``; ``known`` are the column names allowed (question ids)."""
        self.path = path
        self.format = format_of(path)
        self.known = known
        self.columns: list[str] = []
        self._raw: BinaryIO | None = None
        self._text: io.TextIOWrapper | None = None
        self.size = 0

    def __enter__(self) -> RecordReader:
        """Open the file, check it whole (encoding, CSV quoting), and for CSV read and check the header.

        A file-level fault anywhere in the file (a byte that is not UTF-8, a
        CSV quote left open) is found here, before any row runs or is written,
        so output on standard output is never cut off by one; a row's own
        faults stay that row's error.
        """
        fd = open_regular(self.path, "portfolio file")
        self._raw = os.fdopen(fd, "rb")  # closed in __exit__
        self.size = os.fstat(fd).st_size
        try:
            self._check_whole_file()
            self._raw.seek(0)
            self._text = io.TextIOWrapper(self._raw, encoding="utf-8-sig", newline="")
            if self.format == "csv":
                self._reader = csv.reader(self._text, strict=True)
                self.columns = self._check_header(next(self._reader, None))
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _check_whole_file(self) -> None:
        """Read the file once, in blocks: UTF-8 throughout, and for CSV, quoting that closes."""
        assert self._raw is not None
        decoder = codecs.getincrementaldecoder("utf-8")()
        csv_text = io.TextIOWrapper(self._raw, encoding="utf-8-sig", newline="") if self.format == "csv" else None
        try:
            if csv_text is not None:
                reader = csv.reader(csv_text, strict=True)
                for _ in reader:
                    pass
            else:
                while block := self._raw.read(1 << 20):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            # The decoder reads ahead of the rows; find the byte itself for its line.
            found = first_bad_byte(self._raw)
            where = f":{found[0]}:{found[1]}" if found else ""
            raise UserError(f"{self.path}{where}: not UTF-8 text ({exc.reason}); no row was run") from None
        except csv.Error as exc:
            raise UserError(f"{self.path}:{reader.line_num}: not valid CSV: {exc}; no row was run") from None
        finally:
            if csv_text is not None:
                csv_text.detach()  # the raw file stays open for the real pass

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Close the file."""
        if self._text is not None:
            self._text.close()
        elif self._raw is not None:
            self._raw.close()

    def fraction_read(self) -> float:
        """How far through the file reading is (0..1), for a progress bar."""
        if self._raw is None or not self.size or self._raw.closed:
            return 0.0
        return min(1.0, self._raw.tell() / self.size)

    def _check_header(self, header: list[str] | None) -> list[str]:
        if not header:
            raise UserError(f"{self.path}: empty file; the first row names the columns (question ids)")
        names = [h.strip() for h in header]
        problems: list[Problem] = []
        seen: set[str] = set()
        column = 1
        for raw, name in zip(header, names, strict=True):
            where = Location(str(self.path), 1, column)
            if not name:
                problems.append(Problem("empty column name", where))
            elif name in seen:
                problems.append(Problem(f"column {name!r} appears twice", where))
            elif name not in self.known:
                problems.append(Problem(
                    f"unknown column {name!r}: columns are question ids", where,
                    help=suggest(name, self.known) or "`tune-or-prompt rules list` shows the facts; "
                    "answers are the built-in questions plus the house packs' questions",
                ))
            seen.add(name)
            column += len(raw) + 1
        if problems:
            raise UserError(f"{self.path}: {count(len(problems), 'bad column name')}; no row was run", problems)
        return names

    def __iter__(self) -> Iterator[Record]:
        """Yield the workloads in file order."""
        if self.format == "csv":
            return self._csv()
        return self._jsonl()

    def _csv(self) -> Iterator[Record]:
        reader, width, row = self._reader, len(self.columns), 0
        line = reader.line_num + 1
        try:
            for cells in reader:
                start, line = line, reader.line_num + 1
                if len(cells) <= 1 and not "".join(cells).strip():  # a blank line
                    continue
                row += 1
                values = {k: s for k, v in zip(self.columns, cells, strict=False) if (s := v.strip())}
                problem = None
                if len(cells) != width:
                    problem = f"{len(cells)} cells where the header has {width} columns"
                yield Record(row, start, values, True, problem)
        except csv.Error as exc:  # the file changed since it was checked
            raise UserError(f"{self.path}:{reader.line_num}: not valid CSV: {exc}") from None
        except UnicodeDecodeError as exc:
            raise UserError(f"{self.path}: not UTF-8 text ({exc.reason})") from None

    def _jsonl(self) -> Iterator[Record]:
        assert self._text is not None
        row, line = 0, 0
        try:
            while text := self._text.readline(MAX_LINE + 1):
                line += 1
                if len(text) > MAX_LINE and not text.endswith("\n"):
                    while (more := self._text.readline(MAX_LINE)) and not more.endswith("\n"):
                        pass  # skip the rest of the line
                    row += 1
                    yield Record(row, line, {}, False, f"line longer than {MAX_LINE:,} characters")
                    continue
                if not text.strip():
                    continue
                row += 1
                yield self._json_record(row, line, text)
        except UnicodeDecodeError as exc:  # the file changed since it was checked
            raise UserError(f"{self.path}: not UTF-8 text ({exc.reason})") from None

    @staticmethod
    def _json_record(row: int, line: int, text: str) -> Record:
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates)
        except _DuplicateKey as exc:
            return Record(row, line, {}, False, f"key {clip(repr(exc.key))} appears twice")
        except RecursionError:
            return Record(row, line, {}, False, "not valid JSON: nested too deeply")
        except ValueError as exc:
            return Record(row, line, {}, False, f"not valid JSON: {exc}")
        if not isinstance(data, dict):
            return Record(row, line, {}, False, "expected a JSON object of question: answer")
        return Record(row, line, {k: v for k, v in data.items() if v is not None}, False)


# Characters of one JSON Lines line: a workload is a few hundred; a line read
# whole without end would take all memory.
MAX_LINE = 1024 * 1024


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object, refusing a key given twice (json.loads would keep the last silently)."""
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return data
