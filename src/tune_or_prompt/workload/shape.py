"""What a file's records are: envelopes unwrapped, nested fields named by their path.

A JSON document often holds its records under a key: a saved API response
(``{"object": "page", "data": [...], "has_more": ...}``), LiteLLM's
``/spend/logs/v2`` pages (``{data, total, page, page_size, total_pages}``),
the OpenAI usage API's buckets (``start_time``, ``end_time``, ``results``).
:func:`records` unwraps such lists (``data``, ``results``, ``items``,
``records``, ``rows``) until the records show up, keeping a list item's
scalar neighbours (a bucket's start and end beside each of its results).

A nested field is named by its path, ``input.inputTokenCount``: every field
of a struct column is listed under its path for detection, and
:func:`reference` turns a path into SQL (a struct field, or a field of a JSON
text column).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from tune_or_prompt.workload.read import ident, literal

if TYPE_CHECKING:
    from duckdb.sqltypes import DuckDBPyType

ENVELOPE_KEYS = ("data", "results", "items", "records", "rows")
# Records nest at most this deep (a page of buckets of results is three).
MAX_DEPTH = 3
# Struct fields are listed this deep under a column (input.usage.tokens is two).
MAX_PATH_DEPTH = 3
EMPTY_MARK = "__tune_or_prompt_empty"


def flatten(types: Mapping[str, DuckDBPyType]) -> dict[str, str]:
    """Return every column and struct field by path, with its type name."""
    out: dict[str, str] = {}

    def walk(prefix: str, kind: DuckDBPyType, depth: int) -> None:
        out.setdefault(prefix, str(kind))
        if kind.id == "struct" and depth < MAX_PATH_DEPTH:
            for name, child in kind.children:
                if not isinstance(child, (int, list)):
                    walk(f"{prefix}.{name}", child, depth + 1)

    for name, kind in types.items():
        out[name] = str(kind)
    for name, kind in types.items():
        walk(name, kind, 0)
    return out


def envelope(types: Mapping[str, DuckDBPyType]) -> str | None:
    """Return the key whose list holds the records, if the columns are an envelope."""
    for key in ENVELOPE_KEYS:
        kind = types.get(key)
        if kind is not None and kind.id == "list":
            return key
    return None


def is_empty_list(kind: DuckDBPyType) -> bool:
    """Tell whether a list's items have no fields (DuckDB infers ``NULL[]`` or ``JSON[]`` for ``[]``)."""
    return kind.id == "list" and kind.child.id != "struct"


def unwrap(table: str, types: Mapping[str, DuckDBPyType], key: str) -> str:
    """Return ``table`` with one row per item of its list ``key``, the item's fields as columns.

    The row's other scalar fields (a bucket's start and end; a page's
    ``has_more``) are kept beside each item's, except where an item has a
    field of that name; a row whose list is empty stays as one row marked
    :data:`EMPTY_MARK` (an empty bucket still covers its time).
    """
    item_fields = {name for name, _ in types[key].child.children}
    keep = [c for c, k in types.items()
            if c not in (key, EMPTY_MARK) and c not in item_fields and k.id not in ("list", "struct")]
    kept = "".join(f"{ident(c)}, " for c in keep)
    marked = "".join(f", {ident(c)}" for c in keep)
    return (f"(SELECT {kept}unnest(r), false AS {EMPTY_MARK} FROM "
            f"(SELECT *, unnest({ident(key)}) AS r FROM {table}) "
            f"UNION ALL BY NAME SELECT true AS {EMPTY_MARK}{marked} FROM {table} "
            f"WHERE len(coalesce({ident(key)}, [])) = 0)")


def top_column(path: str, top: Mapping[str, str]) -> str | None:
    """Return the top-level column ``path`` is in: itself, or its longest prefix that is a column."""
    if path in top:
        return path
    parts = path.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        head = ".".join(parts[:cut])
        if head in top:
            return head
    return None


def reference(path: str, top: Mapping[str, str], *, as_text: bool = False) -> str:
    """Return the SQL of the value at ``path``: a column, a struct field, or a field of JSON text.

    ``top`` holds the top-level columns and their types; with ``as_text`` the
    columns were read as text or JSON, so a nested field is extracted as text.
    """
    head = top_column(path, top)
    if head is None or head == path:
        return ident(path)
    rest = path[len(head) + 1:].split(".")
    if top[head].startswith("STRUCT") and not as_text:
        return ident(head) + "".join(f".{ident(part)}" for part in rest)
    json_path = "$" + "".join('."' + part.replace('"', '\\"') + '"' for part in rest)
    value = f"json_extract_string({ident(head)}, {literal(json_path)})"
    if top[head] != "VARCHAR":
        return value
    # A text cell that is not JSON (a CSV export's stray value) gives NULL, a bad row, never an error.
    # (Not TRY_CAST(... AS JSON): DuckDB pushes that cast into the CSV reader, which then fails.)
    return f"CASE WHEN json_valid({ident(head)}) THEN {value} END"
