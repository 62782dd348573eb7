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
    ident,
    literal,
    object_limit,
    read_error,
    scan,
    too_large,
)
from tune_or_prompt.workload.shape import (
    EMPTY_MARK,
    MAX_DEPTH,
    envelope,
    flatten,
    is_empty_list,
    reference,
    top_column,
    unwrap,
)

if TYPE_CHECKING:
    import duckdb
    from duckdb.sqltypes import DuckDBPyType

_EPOCH = re.compile(r"^\s*-?\d{9,13}(\.\d+)?\s*$")
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
            "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "REAL")
SAMPLE = 1_000
# Epoch numbers above this are milliseconds (1e11 seconds is the year 5138).
_MS_FROM = 1e11
# Epoch seconds DuckDB can turn into a timestamp (years 1 to 9999); others are out of range.
_EPOCH_RANGE = (-62_135_596_800, 253_402_300_799)
# A status that says the request failed (LiteLLM's "failure", Langfuse's level "ERROR", HTTP 4xx/5xx).
FAILED = ("failure", "failed", "fail", "error", "errored")
# Why a row is left out on purpose (not a bad row): codes of the x column.
EXCLUDED = {4: "failed", 5: "only", 6: "not_generation"}


@dataclass(frozen=True)
class FileRows:
    """One file's part of the union: its layout, its select, and the zone its times are in.

    ``select`` is empty for a file without a record (an empty page); it then
    takes no part in the union.
    """

    source: LogSource
    layout: Layout
    select: str
    zone: str  # "as written" or "UTC" (without --tz), else the --tz zone


def plan(con: duckdb.DuckDBPyConnection, index: int, source: LogSource, *, forced: LogFormat | None,
         given: Mapping[str, str], tz: str | None, only: Mapping[str, tuple[str, ...]] | None = None) -> FileRows:
    """Return how to read file ``index`` in the common shape.

    Raises:
        UserError: unreadable, unrecognised columns, or timestamps of a type
            that cannot be a time.

    """
    table, types, max_object = _open(con, source)
    unwrapped = False  # records taken out of a list: their table marks the rows of empty lists
    for _depth in range(MAX_DEPTH + 1):
        fields = flatten(types)
        key = envelope(types)
        try:
            layout = detect(source.given, fields, forced=forced, given=given)
            break
        except UserError:
            if key is None:
                raise
        if is_empty_list(types[key]):
            return _empty(index, source, table, types, key, tz, forced)
        table = unwrap(table, types, key)
        unwrapped = True
        types = describe(con, source, table)
    else:
        raise UserError(f"{source.given}: records nested deeper than {MAX_DEPTH} lists; "
                        "export them as one row a record")
    col = dict(layout.columns)
    only = dict(only or {})
    for role in only:
        if role not in col:
            raise UserError(f"{source.given}: --only {role}=...: the log has no {role} column "
                            f"(name it with --column {role}=COLUMN)")
    top_types = {name: str(kind) for name, kind in types.items()}
    as_text = False
    if source.kind == "json" and not unwrapped:
        # Read only the roles' columns, as text (a nested one as JSON): a stray value is a bad row.
        wanted: dict[str, str] = {}
        for path in col.values():
            head = top_column(path, top_types) or path
            wanted[head] = "VARCHAR" if head == path else "JSON"
        table = scan(source, wanted, max_object=max_object)
        top_types = dict(wanted)
        as_text = True
    refs = {role: reference(path, top_types, as_text=as_text) for role, path in col.items()}
    paths = flatten(types)
    kinds = {role: "VARCHAR" if as_text or path not in paths else paths[path] for role, path in col.items()}
    time_expr, zone = _time(con, source, table, refs["timestamp"], kinds["timestamp"], tz, col["timestamp"])
    end_expr = (_time(con, source, table, refs["bucket_end"], kinds["bucket_end"], tz, col["bucket_end"])[0]
                if "bucket_end" in refs else "CAST(NULL AS TIMESTAMP)")
    one = "CAST(1 AS DOUBLE)"
    counts = {role: _number(refs[role], kinds[role]) for role in ("input_tokens", "output_tokens")}
    counts["requests"] = _number(refs["requests"], kinds["requests"]) if "requests" in refs else one
    if unwrapped:
        counts = {r: f"CASE WHEN {ident(EMPTY_MARK)} THEN 0.0 ELSE {e} END" for r, e in counts.items()}
    select = (
        f"SELECT {index} AS f, {time_expr} AS t, {end_expr} AS e, "
        f"{counts['input_tokens']} AS i, {counts['output_tokens']} AS o, {counts['requests']} AS n, "
        f"{_model(refs.get('model'))} AS m, {_excluded(refs, only)} AS x, "
        f"{_raw(refs, 'timestamp')} AS raw_t, {_raw(refs, 'input_tokens')} AS raw_i, "
        f"{_raw(refs, 'output_tokens')} AS raw_o, {_raw(refs, 'requests')} AS raw_n "
        f"FROM {table}"
    )
    return FileRows(source, layout, select, zone)


def _open(con: duckdb.DuckDBPyConnection, source: LogSource) -> tuple[str, dict[str, DuckDBPyType], int | None]:
    """Return the file's table, its columns, and the JSON object limit it needed (None: the default)."""
    import duckdb

    table = scan(source)
    try:
        return table, dict(zip(*_columns(con, table), strict=True)), None
    except duckdb.Error as exc:
        if source.kind != "json" or not too_large(exc):
            raise read_error(source, exc) from None
    limit = object_limit(source)
    table = scan(source, max_object=limit)
    return table, describe(con, source, table), limit


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> tuple[list[str], list[DuckDBPyType]]:
    relation = con.sql(f"SELECT * FROM {table}")
    return relation.columns, relation.types


def _empty(index: int, source: LogSource, table: str, types: Mapping[str, DuckDBPyType], key: str,
           tz: str | None, forced: LogFormat | None) -> FileRows:
    """Return the rows of a page whose list is empty: none, or its buckets with zero requests.

    A bucket (its start, and its end if given) whose results are empty still
    covers its time: it counts as zero requests, so a quiet day stays in the window.
    """
    fields = {c: str(k) for c, k in types.items() if c != key}
    start = next((c for c in ("start_time", "starting_at", "bucket_start") if c in fields), None)
    if start is None or forced not in (None, "buckets"):
        return FileRows(source, Layout("requests", {}), "", "as written")
    columns: dict[str, str] = {"timestamp": start}
    end = next((c for c in ("end_time", "ending_at", "bucket_end") if c in fields), None)
    if end is not None:
        columns["bucket_end"] = end
    layout = Layout("buckets", columns)
    t, zone = _time(None, source, table, ident(start), fields[start], tz, start)
    e = _time(None, source, table, ident(end), fields[end], tz, end)[0] if end else "CAST(NULL AS TIMESTAMP)"
    null = "CAST(NULL AS VARCHAR)"
    select = (f"SELECT {index} AS f, {t} AS t, {e} AS e, 0.0 AS i, 0.0 AS o, 0.0 AS n, {null} AS m, 0 AS x, "
              f"CAST({ident(start)} AS VARCHAR) AS raw_t, {null} AS raw_i, {null} AS raw_o, {null} AS raw_n "
              f"FROM {table}")
    return FileRows(source, layout, select, zone)


def _excluded(refs: Mapping[str, str], only: Mapping[str, tuple[str, ...]]) -> str:
    """Return the SQL of why a row is left out on purpose (0: it is not): see :data:`EXCLUDED`."""
    cases = []
    if "kind" in refs:
        cases.append(f"WHEN coalesce(upper(trim(CAST({refs['kind']} AS VARCHAR))), '') <> 'GENERATION' THEN 6")
    for role, values in only.items():
        kept = ", ".join(literal(v.lower()) for v in values)
        cases.append(f"WHEN coalesce(lower(trim(CAST({refs[role]} AS VARCHAR))) NOT IN ({kept}), true) THEN 5")
    if "status" in refs and "status" not in only:
        # Plain comparisons: DuckDB plans an IN list as a join, several times slower on every row.
        text = f"lower(trim(CAST({refs['status']} AS VARCHAR)))"
        failed = " OR ".join(f"{text} = {literal(v)}" for v in FAILED)
        # Most rows say "success": they skip the rest (a CASE tests a branch only on the rows still open).
        cases.append(f"WHEN CAST({refs['status']} AS VARCHAR) = 'success' THEN 0")
        cases.append(f"WHEN {failed} OR {text} SIMILAR TO '[45][0-9][0-9]' THEN 4")
    return f"CASE {' '.join(cases)} ELSE 0 END" if cases else "0"


def _number(ref: str, kind: str) -> str:
    """Return a value as DOUBLE; text that is not a number becomes NULL."""
    if kind.startswith(_NUMERIC) or kind.startswith("DECIMAL"):
        return f"CAST({ref} AS DOUBLE)"
    return f"TRY_CAST(CAST({ref} AS VARCHAR) AS DOUBLE)"  # the cast skips surrounding spaces


def _model(ref: str | None) -> str:
    # Trimmed after grouping (measure._models): a few groups, not every row.
    return f"CAST({ref} AS VARCHAR)" if ref else "CAST(NULL AS VARCHAR)"


def _raw(refs: Mapping[str, str], role: str) -> str:
    return f"CAST({refs[role]} AS VARCHAR)" if role in refs else "CAST(NULL AS VARCHAR)"


def _time(con: duckdb.DuckDBPyConnection | None, source: LogSource, table: str, c: str, kind: str,
          tz: str | None, column: str) -> tuple[str, str]:
    """Return the expression of the timestamp ``c`` as local time (TIMESTAMP), and the zone it is in.

    An epoch number outside the years 1-9999 becomes ``-infinity``: a time out
    of range (a bad row), never a failed conversion.
    """
    if kind.startswith("TIMESTAMP WITH TIME ZONE"):
        wall, instant, zone = f"CAST({c} AS TIMESTAMP)", c, "UTC"
    elif kind.startswith("TIMESTAMP") or kind == "DATE":
        wall = f"CAST({c} AS TIMESTAMP)"
        instant, zone = f"CAST({wall} AS TIMESTAMPTZ)", "as written"
    elif kind.startswith(_NUMERIC) or kind.startswith("DECIMAL") or (
            con is not None and _epoch_text(con, source, table, c)):
        number = f"TRY_CAST(CAST({c} AS VARCHAR) AS DOUBLE)"
        scale = 1000.0 if con is not None and _sample_max(con, source, table, number) >= _MS_FROM else 1.0
        seconds = f"({number} / {scale})"
        low, high = _EPOCH_RANGE
        instant = (f"CASE WHEN {seconds} BETWEEN {low} AND {high} THEN to_timestamp({seconds}) "
                   f"WHEN {number} IS NOT NULL THEN CAST('-infinity' AS TIMESTAMPTZ) END")
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
    """Tell whether a text column holds epoch numbers (nine in ten sampled values all digits).

    A stray value among them is then a bad row.
    """
    sample = _fetch(con, source, f"SELECT CAST({column} AS VARCHAR) FROM {table} "
                                 f"WHERE {column} IS NOT NULL LIMIT {SAMPLE}")
    values = [str(r[0]) for r in sample]
    return bool(values) and sum(1 for v in values if _EPOCH.match(v)) >= 0.9 * len(values)


def _sample_max(con: duckdb.DuckDBPyConnection, source: LogSource, table: str, number: str) -> float:
    # The median, so that one outlier in the sample cannot turn every time into milliseconds.
    rows = _fetch(con, source, f"SELECT quantile_disc(x, 0.5) FROM (SELECT {number} AS x FROM {table} "
                               f"LIMIT {SAMPLE})")
    value = rows[0][0] if rows else None
    return float(value) if isinstance(value, (int, float)) else 0.0


def _fetch(con: duckdb.DuckDBPyConnection, source: LogSource, sql: str) -> list[tuple[object, ...]]:
    import duckdb

    try:
        return con.execute(sql).fetchall()
    except duckdb.Error as exc:
        raise read_error(source, exc) from None


def union(files: Sequence[FileRows]) -> str:
    """Return the files' rows as one table expression (a file without a record takes no part)."""
    return "(" + " UNION ALL ".join(f"({f.select})" for f in files if f.select) + ")"
