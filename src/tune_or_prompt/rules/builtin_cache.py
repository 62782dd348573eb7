"""The built-in packs' parsed documents, kept on disk as plain JSON so a run need not parse YAML.

ruamel's position-keeping parser is pure Python: importing it and parsing the
four built-in packs costs about 40 ms, a good share of ``rules list`` or
``questions``. The first run that parses a built-in pack stores its plain
data and the position of every key and item (what
:meth:`~tune_or_prompt.yamlfile.YamlDocument.position` reads) in the user's
cache folder (:mod:`tune_or_prompt.cache`); later runs read that instead.

Safety:

* Built-in packs only. A house pack is always parsed from its file.
* The entry's name is the SHA-256 of the pack's text (and of this format's
  version), so an edited pack or another release never finds a stale entry,
  and the entry repeats the digest it was written for.
* An entry that is unreadable, truncated, of another shape or for other text
  is ignored: the pack is parsed as if there were no cache.
* Entries are written to a temporary file and renamed into place, so a reader
  sees a whole entry or none; a cache folder that cannot be written only
  costs speed.
* What comes out of the cache is validated against the pack schema like a
  freshly parsed file: the cache saves the parsing, never the checking.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from tune_or_prompt.cache import cache_dir
from tune_or_prompt.errors import UserError
from tune_or_prompt.files import read_bytes, read_text
from tune_or_prompt.yamlfile import YamlDocument, parse_yaml

# Bump when the entry's layout changes: old entries then go unread.
FORMAT = "tune-or-prompt rule pack document 1"
FOLDER = "rule-packs"
_ENTRY_LIMIT = 4 * 1024 * 1024


def load_builtin(path: Path, what: str) -> YamlDocument:
    """Return the document of built-in pack ``path``: from the cache when it holds this text, else parsed.

    Raises:
        UserError: as :func:`~tune_or_prompt.yamlfile.load_yaml` (never for a
            problem with the cache).

    """
    text = read_text(path, what)
    digest = text_digest(text)
    entry = entry_path(digest)
    found = _read_entry(entry, digest)
    if found is not None:
        data, root = found
        return YamlDocument(path=path, text=text, data=data, _root=root)
    doc = parse_yaml(text, path, what)
    _write_entry(entry, digest, doc)
    return doc


def text_digest(text: str) -> str:
    """Return the SHA-256 (hex) that names the cache entry of a pack with this text."""
    return hashlib.sha256(f"{FORMAT}\n{text}".encode()).hexdigest()


def entry_path(digest: str) -> Path:
    """Return where the entry of a pack text with this digest is kept."""
    return cache_dir() / FOLDER / f"{digest}.json"


class _Lines:
    """The positions of a mapping's keys or a list's items, answered as ruamel's ``lc`` answers them."""

    def __init__(self, places: dict[Any, tuple[int, int]]) -> None:
        self._places = places

    def key(self, key: str) -> tuple[int, int]:
        return self._places[key]

    def item(self, index: int) -> tuple[int, int]:
        return self._places[index]


class _Mapping(dict[str, Any]):
    lc: _Lines


class _List(list[Any]):
    lc: _Lines


class _Unfit(Exception):
    """A document the cache does not hold (a key that is not text, a value JSON cannot carry)."""


def _encode(node: Any, data: Any) -> Any:
    """Return ``node`` (a ruamel round-trip node) as JSON: its plain ``data``, with each key's or item's place."""
    lines = getattr(node, "lc", None)
    if isinstance(node, dict) and isinstance(data, dict) and lines is not None:
        pairs = []
        for key, value in node.items():
            if not isinstance(key, str):
                raise _Unfit(f"key {key!r} is not text")
            line, col = lines.key(key)
            pairs.append([key, line, col, _encode(value, data[key])])
        return {"map": pairs}
    if isinstance(node, list) and isinstance(data, list) and lines is not None:
        return {"list": [[*lines.item(i), _encode(value, data[i])] for i, value in enumerate(node)]}
    if data is None or isinstance(data, (bool, int, str)) or (isinstance(data, float) and math.isfinite(data)):
        return {"value": data}
    raise _Unfit(f"value {data!r} is not plain JSON")


def _decode(encoded: Any) -> tuple[Any, Any]:
    """Return (plain data, positioned root) of an encoded node; ValueError for anything malformed."""
    if not isinstance(encoded, dict) or len(encoded) != 1:
        raise ValueError("not a node")
    (kind, body), = encoded.items()
    if kind == "value":
        if body is not None and not isinstance(body, (bool, int, float, str)):
            raise ValueError("not a scalar")
        return body, body
    if not isinstance(body, list):
        raise ValueError("not a node")
    if kind == "map":
        data: dict[str, Any] = {}
        mapping = _Mapping()
        keys: dict[Any, tuple[int, int]] = {}
        for key, line, col, child in body:
            if not isinstance(key, str) or type(line) is not int or type(col) is not int:
                raise ValueError("not a key")
            data[key], mapping[key] = _decode(child)
            keys[key] = (line, col)
        mapping.lc = _Lines(keys)
        return data, mapping
    if kind == "list":
        items: list[Any] = []
        seq = _List()
        places: dict[Any, tuple[int, int]] = {}
        for i, (line, col, child) in enumerate(body):
            if type(line) is not int or type(col) is not int:
                raise ValueError("not an item")
            value, node = _decode(child)
            items.append(value)
            seq.append(node)
            places[i] = (line, col)
        seq.lc = _Lines(places)
        return items, seq
    raise ValueError("not a node")


def _read_entry(entry: Path, digest: str) -> tuple[Any, Any] | None:
    """Return (data, root) from the entry for ``digest``, or None when there is no sound one."""
    try:
        stored = json.loads(read_bytes(entry, "cache entry", limit=_ENTRY_LIMIT))
    except (OSError, UserError, ValueError, RecursionError):
        return None
    if not isinstance(stored, dict) or stored.get("format") != FORMAT or stored.get("sha256") != digest:
        return None
    try:
        return _decode(stored.get("document"))
    except (ValueError, TypeError, RecursionError):
        return None


def _write_entry(entry: Path, digest: str, doc: YamlDocument) -> None:
    """Store ``doc`` as the entry for ``digest``, atomically; give up quietly when it cannot be."""
    try:
        document = _encode(doc._root, doc.data)
        payload = json.dumps({"format": FORMAT, "sha256": digest, "document": document}, allow_nan=False)
    except (_Unfit, ValueError, RecursionError):
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=f".{digest[:12]}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
