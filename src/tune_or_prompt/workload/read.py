"""Open usage logs with DuckDB: check the files, find their columns, and express their rows.

DuckDB reads CSV, JSON (an array, JSON Lines, or one document such as a saved
API response, whose records :mod:`.shape` finds) and Parquet, plain or
gzip/zstd-compressed, and aggregates out of core, so a log of tens of millions
of rows is read without a Python loop over its rows.

Every file is checked before DuckDB sees it: at most :data:`MAX_FILES`, each a
regular file, none given twice, none with a glob character (DuckDB would
expand it). The connection is bounded and closed in: :data:`MEMORY_LIMIT`,
at most :data:`MAX_THREADS` threads, a private spill directory, no extension
installed or loaded on demand, and file access limited to the given logs
(``enable_external_access`` off, ``allowed_paths`` the logs, configuration
locked).
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tune_or_prompt.errors import UserError

if TYPE_CHECKING:
    import duckdb
    from duckdb.sqltypes import DuckDBPyType

FileKind = Literal["csv", "json", "parquet"]

MAX_FILES = 1_000
MEMORY_LIMIT = "512MB"  # DuckDB's buffer manager; the rest spills to the private directory
MAX_TEMP = "20GB"
MAX_THREADS = 4
# A JSON file saved as one document (an API response) is parsed whole: at most this size
# (DuckDB's reader buffers about twice it, within MEMORY_LIMIT).
MAX_DOCUMENT = 128 * 2**20
_SUFFIXES: dict[str, FileKind] = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv",
    ".jsonl": "json", ".ndjson": "json", ".json": "json",
    ".parquet": "parquet", ".pq": "parquet",
}
_COMPRESSED = (".gz", ".zst")
_GLOB = re.compile(r"[*?\[\]{}]")


@dataclass(frozen=True)
class LogSource:
    """One log file and how DuckDB reads it.

    Attributes:
        given: The path as the user gave it (what messages and sources show).
        path: The resolved absolute path DuckDB opens.
        kind: CSV, JSON or Parquet.

    """

    given: str
    path: str
    kind: FileKind


def check_files(paths: Sequence[Path]) -> list[LogSource]:
    """Return the logs to read, each checked: a regular file, of a kind we read, given once.

    Raises:
        UserError: no file, too many, one missing, not a regular file, empty,
            given twice, with a glob character in its name, or of an unknown kind.

    """
    if not paths:
        raise UserError("no log file given")
    if len(paths) > MAX_FILES:
        raise UserError(f"{len(paths):,} log files given; at most {MAX_FILES:,} at once")
    seen: dict[str, str] = {}
    sources = []
    for given in paths:
        name = str(given)
        try:
            info = os.stat(given)
        except OSError as exc:
            raise UserError(f"{name}: cannot read the log: {exc.strerror or exc}") from None
        if not stat.S_ISREG(info.st_mode):
            raise UserError(f"{name}: not a regular file (a log must be a CSV, JSON Lines or Parquet file)")
        if info.st_size == 0:
            raise UserError(f"{name}: the file is empty")
        resolved = str(Path(given).resolve())
        if resolved in seen:
            raise UserError(f"{name}: given twice (also as {seen[resolved]}); its rows would count twice")
        seen[resolved] = name
        if _GLOB.search(resolved):
            raise UserError(f"{name}: the path has one of * ? [ ] {{ }}, which the reader takes as a "
                            "pattern; rename the file or link it under a plain name")
        sources.append(LogSource(name, resolved, file_kind(Path(given))))
    return sources


def file_kind(path: Path) -> FileKind:
    """Return how to read ``path``, from its name (``usage.csv.gz`` is CSV, gzip-compressed).

    Raises:
        UserError: the name ends in none of the known suffixes.

    """
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in _COMPRESSED:
        suffixes = suffixes[:-1]
        if suffixes and _SUFFIXES.get(suffixes[-1]) == "parquet":
            raise UserError(f"{path}: a Parquet file compresses itself; give the .parquet file unwrapped")
    kind = _SUFFIXES.get(suffixes[-1]) if suffixes else None
    if kind is None:
        raise UserError(f"{path}: cannot tell the log's format from its name; use .csv, .jsonl, .json "
                        "or .parquet (CSV and JSON may end in .gz or .zst)")
    return kind


@contextmanager
def connect(sources: Sequence[LogSource]) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield an in-memory DuckDB connection bounded in memory and threads that can read only ``sources``."""
    import duckdb

    threads = max(1, min(MAX_THREADS, os.cpu_count() or 1))
    with tempfile.TemporaryDirectory(prefix="tune-or-prompt-logs-") as spill:
        con = duckdb.connect(":memory:", config={
            "threads": threads,
            "memory_limit": MEMORY_LIMIT,
            "temp_directory": spill,
            "max_temp_directory_size": MAX_TEMP,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        })
        try:
            # Text timestamps without a zone are read as UTC, whatever this machine's zone.
            con.execute("SET TimeZone = 'UTC'")
            # Progress is polled (query_progress) and drawn on standard error, never printed by DuckDB:
            # standard output may carry the answers.
            con.execute("SET enable_progress_bar = true")
            con.execute("SET enable_progress_bar_print = false")
            con.execute(f"SET allowed_paths = [{', '.join(literal(s.path) for s in sources)}]")
            con.execute(f"SET allowed_directories = [{literal(spill)}]")
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
            yield con
        finally:
            con.close()


def literal(text: str) -> str:
    """Return ``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def ident(name: str) -> str:
    """Return ``name`` as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def scan(source: LogSource, columns: Mapping[str, str] | None = None, *, max_object: int | None = None) -> str:
    """Return the SQL table expression that reads ``source``.

    CSV is read with every column as text; with ``columns`` (name -> DuckDB
    type) JSON reads only those keys, as those types (text for a role's value,
    so a value that does not parse is a bad row we count and skip, never an
    error half-way through the read). ``max_object`` raises the JSON reader's
    limit on one object (16 MB by default), for a document saved whole.
    """
    path = literal(source.path)
    if source.kind == "csv":
        return f"read_csv({path}, all_varchar = true)"
    if source.kind == "parquet":
        return f"read_parquet({path})"
    options = f", maximum_object_size = {max_object}" if max_object else ""
    if columns:
        cols = ", ".join(f"{literal(c)}: {literal(t)}" for c, t in columns.items())
        return f"read_json({path}, columns = {{{cols}}}{options})"
    return f"read_json({path}{options})"


def object_limit(source: LogSource) -> int:
    """Return the JSON reader's object limit that fits ``source`` read as one document.

    The size is the file's, or for gzip the size its trailer records; a zstd
    file gets the largest limit. DuckDB's reader buffers about twice the
    limit, so a document is read whole up to :data:`MAX_DOCUMENT`.

    Raises:
        UserError: the document is larger than :data:`MAX_DOCUMENT`.

    """
    size = os.stat(source.path).st_size
    lower = source.path.lower()
    if lower.endswith(".gz"):
        with open(source.path, "rb") as handle:
            handle.seek(-4, os.SEEK_END)
            unpacked = int.from_bytes(handle.read(4), "little")  # the size modulo 2**32 (RFC 1952)
        size = unpacked if size < 2**32 else MAX_DOCUMENT  # past 4 GiB the record wraps
    elif lower.endswith(".zst"):
        size = MAX_DOCUMENT - 1
    if size >= MAX_DOCUMENT:
        raise UserError(f"{source.given}: one JSON document over {MAX_DOCUMENT // 2**20:,} MiB; a saved "
                        f"response is read whole, up to {MAX_DOCUMENT // 2**20:,} MiB: split it into pages, "
                        "or save it as JSON Lines (one record a line), which is read record by record")
    return max(size + 1, 1 << 24)


def describe(con: duckdb.DuckDBPyConnection, source: LogSource, table: str) -> dict[str, DuckDBPyType]:
    """Return the columns of ``table`` (an SQL table expression over ``source``) and their types.

    Raises:
        UserError: DuckDB cannot read the file as its kind says (the reader's first line).

    """
    import duckdb

    try:
        relation = con.sql(f"SELECT * FROM {table}")
        return dict(zip(relation.columns, relation.types, strict=True))
    except duckdb.Error as exc:
        raise read_error(source, exc) from None


def too_large(exc: Exception) -> bool:
    """Tell whether a JSON read failed on the reader's object size limit."""
    return "maximum_object_size" in str(exc)


def read_error(source: LogSource, exc: Exception) -> UserError:
    """Turn a DuckDB read failure into one line naming the file."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    kind = {"csv": "CSV", "json": "JSON", "parquet": "Parquet"}[source.kind]
    return UserError(f"{source.given}: cannot read it as {kind}: {first}")
