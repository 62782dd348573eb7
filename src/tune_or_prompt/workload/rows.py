"""Each log's rows in one shape: file, local time, input and output tokens, requests, model.

For every file this module works out, from the column types DuckDB reports
and a sample of the timestamps, the SQL expressions that turn its own columns
into ``f, t, i, o, n, m``; the files' selects are then joined with
``UNION ALL`` and aggregated in one pass by :mod:`.measure`. A value that does
not parse becomes NULL (``TRY_CAST``), so bad rows are counted there, never
raised half-way through a read.

Time: without ``--tz`` a timestamp is taken as written (its local clock time,
any offset it carries set aside), and epoch numbers and zone-aware Parquet
columns as UTC. With ``--tz ZONE`` every timestamp becomes an instant (an
offset it carries is applied; one without an offset is UTC, as LiteLLM and
most servers write them) and is shown in ZONE.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tune_or_prompt.errors import UserError
from tune_or_prompt.workload.detect import Layout, detect
from tune_or_prompt.workload.model import LogFormat
from tune_or_prompt.workload.read import (
    LogSource,
    describe,
    flattened,
    ident,
    literal,
    openai_page,
    read_error,
    scan,
)

if TYPE_CHECKING:
    import duckdb

_EPOCH = re.compile(r"^\s*-?\d{9,13}(\.\d+)?\s*$")
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
            "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "REAL")
SAMPLE = 1_000
# Epoch numbers above this are milliseconds (1e11 seconds is the year 5138).
_MS_FROM = 1e11


@dataclass(frozen=True)
class FileRows:
    """One file's part of the union: its layout, its select, and the zone its times are in."""

    source: LogSource
    layout: Layout
    select: str
    zone: str  # "as written" or "UTC" (without --tz), else the --tz zone


def plan(con: duckdb.DuckDBPyConnection, index: int, source: LogSource, *, forced: LogFormat | None,
         given: Mapping[str, str], tz: str | None) -> FileRows:
    """Return how to read file ``index`` in the common shape.

    Raises:
        UserError: unreadable, unrecognised columns, or timestamps of a type
            that cannot be a time.

    """
    table = scan(source)
    columns = describe(con, source, table)
    nesting = openai_page(columns) if source.kind == "json" else None
    if nesting is not None:
        table = flattened(source, nesting)
        columns = describe(con, source, table)
    layout = detect(source.given, list(columns), forced=forced, given=given)
    if source.kind == "json" and nesting is None:
        # Read the roles' values as text so a stray string is a bad row, not a failed read.
        table = scan(source, text_columns=list(layout.columns.values()))
        columns = describe(con, source, table)
    col = layout.columns
    time_expr, zone = _time(con, source, table, col["timestamp"], columns[col["timestamp"]], tz)
    one = "CAST(1 AS DOUBLE)"
    select = (
        f"SELECT {index} AS f, {time_expr} AS t, "
        f"{_number(col['input_tokens'], columns)} AS i, {_number(col['output_tokens'], columns)} AS o, "
        f"{_number(col['requests'], columns) if 'requests' in col else one} AS n, "
        f"{_model(col.get('model'))} AS m, "
        f"{_raw(col, 'timestamp')} AS raw_t, {_raw(col, 'input_tokens')} AS raw_i, "
        f"{_raw(col, 'output_tokens')} AS raw_o, {_raw(col, 'requests')} AS raw_n "
        f"FROM {table}"
    )
    return FileRows(source, layout, select, zone)


def _number(column: str, types: Mapping[str, str]) -> str:
    """Return a column as DOUBLE; text that is not a number becomes NULL."""
    kind = types.get(column, "VARCHAR")
    if kind.startswith(_NUMERIC) or kind.startswith("DECIMAL"):
        return f"CAST({ident(column)} AS DOUBLE)"
    return f"TRY_CAST(CAST({ident(column)} AS VARCHAR) AS DOUBLE)"  # the cast skips surrounding spaces


def _model(column: str | None) -> str:
    return f"NULLIF(trim(CAST({ident(column)} AS VARCHAR)), '')" if column else "CAST(NULL AS VARCHAR)"


def _raw(columns: Mapping[str, str], role: str) -> str:
    return f"CAST({ident(columns[role])} AS VARCHAR)" if role in columns else "CAST(NULL AS VARCHAR)"


def _time(con: duckdb.DuckDBPyConnection, source: LogSource, table: str, column: str, kind: str,
          tz: str | None) -> tuple[str, str]:
    """Return the expression of the timestamp as local time (TIMESTAMP), and the zone it is in."""
    c = ident(column)
    if kind.startswith("TIMESTAMP WITH TIME ZONE"):
        wall, instant, zone = f"CAST({c} AS TIMESTAMP)", c, "UTC"
    elif kind.startswith("TIMESTAMP") or kind == "DATE":
        wall = f"CAST({c} AS TIMESTAMP)"
        instant, zone = f"CAST({wall} AS TIMESTAMPTZ)", "as written"
    elif kind.startswith(_NUMERIC) or kind.startswith("DECIMAL") or _epoch_text(con, source, table, c):
        number = f"TRY_CAST(CAST({c} AS VARCHAR) AS DOUBLE)"
        scale = 1000.0 if _sample_max(con, source, table, number) >= _MS_FROM else 1.0
        instant = f"to_timestamp({number} / {scale})"
        wall, zone = f"CAST({instant} AS TIMESTAMP)", "UTC"
    elif kind == "VARCHAR" or kind == "JSON":
        text = f"CAST({c} AS VARCHAR)"
        wall, instant, zone = f"TRY_CAST({text} AS TIMESTAMP)", f"TRY_CAST({text} AS TIMESTAMPTZ)", "as written"
    else:
        raise UserError(f"{source.given}: column {column!r} holds {kind} values, not times")
    if tz is None:
        return wall, zone
    return f"timezone({literal(tz)}, {instant})", tz


def _epoch_text(con: duckdb.DuckDBPyConnection, source: LogSource, table: str, column: str) -> bool:
    """Tell whether a text column holds epoch numbers (every sampled value all digits)."""
    sample = _fetch(con, source, f"SELECT CAST({column} AS VARCHAR) FROM {table} "
                                 f"WHERE {column} IS NOT NULL LIMIT {SAMPLE}")
    values = [str(r[0]) for r in sample]
    return bool(values) and all(_EPOCH.match(v) for v in values)


def _sample_max(con: duckdb.DuckDBPyConnection, source: LogSource, table: str, number: str) -> float:
    rows = _fetch(con, source, f"SELECT max(x) FROM (SELECT {number} AS x FROM {table} LIMIT {SAMPLE})")
    value = rows[0][0] if rows else None
    return float(value) if isinstance(value, (int, float)) else 0.0


def _fetch(con: duckdb.DuckDBPyConnection, source: LogSource, sql: str) -> list[tuple[object, ...]]:
    import duckdb

    try:
        return con.execute(sql).fetchall()
    except duckdb.Error as exc:
        raise read_error(source, exc) from None


def union(files: Sequence[FileRows]) -> str:
    """Return the files' rows as one table expression."""
    return "(" + " UNION ALL ".join(f"({f.select})" for f in files) + ")"
