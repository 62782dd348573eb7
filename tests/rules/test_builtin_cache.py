"""The on-disk cache of the built-in packs' parsed documents: the same documents, and never a wrong one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tune_or_prompt.rules import builtin_cache, load_packs
from tune_or_prompt.rules.builtin_cache import entry_path, load_builtin, text_digest
from tune_or_prompt.rules.files import builtin_pack_files
from tune_or_prompt.rules.loader import _PARSED
from tune_or_prompt.yamlfile import YamlDocument, load_yaml

BUILTIN = builtin_pack_files()


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TUNE_OR_PROMPT_CACHE_DIR", str(folder))
    _PARSED.clear()  # the loader's in-process memo would hide the disk cache
    yield folder
    _PARSED.clear()


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any) -> YamlDocument:
        raise AssertionError("parsed a pack the cache holds")

    monkeypatch.setattr(builtin_cache, "parse_yaml", refuse)


def _locs(data: Any, loc: tuple[int | str, ...] = ()) -> Iterator[tuple[int | str, ...]]:
    """Every path into ``data``, and one past each end (a missing key or index)."""
    yield loc
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _locs(value, (*loc, key))
        yield (*loc, "no-such-key")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _locs(value, (*loc, i))
        yield (*loc, len(data))


@pytest.mark.parametrize("path", BUILTIN, ids=lambda p: p.name)
def test_a_cached_document_is_the_parsed_one(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = load_yaml(path, "rule pack")
    first = load_builtin(path, "rule pack")  # parses, and writes the entry
    assert entry_path(text_digest(parsed.text)).is_file()
    _no_parsing(monkeypatch)
    cached = load_builtin(path, "rule pack")
    assert (cached.path, cached.text, cached.data) == (parsed.path, parsed.text, parsed.data)
    assert first.data == parsed.data
    for loc in _locs(parsed.data):
        assert cached.position(loc) == parsed.position(loc), loc


def test_a_rule_set_from_the_cache_is_the_parsed_one(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = load_packs()
    _PARSED.clear()
    _no_parsing(monkeypatch)
    cached = load_packs()
    assert cached.rules == parsed.rules  # ids, file:line sources, conditions, strengths, reasons
    assert cached.steps == parsed.steps
    assert cached.packs == parsed.packs
    assert cached.compiled == parsed.compiled


@pytest.mark.parametrize("damage", [
    b"",
    b"{\"format\": ",  # cut short while written by something else
    b"\xff\xfe not text",
    b"[]",
    b"{\"format\": \"tune-or-prompt rule pack document 0\"}",
    b"{\"format\": \"tune-or-prompt rule pack document 1\", \"sha256\": \"DIGEST\", \"document\": {\"map\": 3}}",
    b"{\"format\": \"tune-or-prompt rule pack document 1\", \"sha256\": \"DIGEST\", "
    b"\"document\": {\"map\": [[\"pack\", \"one\", 0, {\"value\": \"x\"}]]}}",
    b"{\"format\": \"tune-or-prompt rule pack document 1\", \"sha256\": \"DIGEST\", "
    b"\"document\": {\"value\": {\"pack\": \"x\"}}}",
], ids=["empty", "truncated", "not-utf8", "a-list", "old-format", "bad-map", "bad-line", "bad-scalar"])
def test_a_broken_entry_is_ignored_and_replaced(damage: bytes) -> None:
    path = BUILTIN[0]
    parsed = load_yaml(path, "rule pack")
    digest = text_digest(parsed.text)
    entry = entry_path(digest)
    entry.parent.mkdir(parents=True)
    entry.write_bytes(damage.replace(b"DIGEST", digest.encode()))
    doc = load_builtin(path, "rule pack")
    assert doc.data == parsed.data
    assert json.loads(entry.read_text())["sha256"] == digest  # rewritten whole


def test_an_entry_for_other_text_is_never_read(tmp_path: Path) -> None:
    # An entry holding another pack under this pack's name: its digest says whose it is.
    path = BUILTIN[0]
    other = BUILTIN[1]
    load_builtin(other, "rule pack")
    stale = json.loads(entry_path(text_digest(load_yaml(other, "rule pack").text)).read_text())
    digest = text_digest(path.read_text(encoding="utf-8"))
    entry_path(digest).write_text(json.dumps(stale))
    assert load_builtin(path, "rule pack").data == load_yaml(path, "rule pack").data


def test_an_edited_pack_finds_no_entry() -> None:
    text = BUILTIN[0].read_text(encoding="utf-8")
    assert text_digest(text) != text_digest(text.replace("description:", "description:  "))


def test_house_packs_never_touch_the_cache(tmp_path: Path, cache: Path) -> None:
    # A house copy of a built-in pack, renamed: the same text but for its name, loaded with
    # the built-ins off, leaves the cache folder as it was.
    house = tmp_path / "house.yaml"
    house.write_text(BUILTIN[1].read_text(encoding="utf-8"), encoding="utf-8")
    load_packs([house], builtin=False)
    assert not cache.exists()


def test_an_unwritable_cache_costs_only_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TUNE_OR_PROMPT_CACHE_DIR", str(blocker))
    path = BUILTIN[0]
    assert load_builtin(path, "rule pack").data == load_yaml(path, "rule pack").data


def test_writing_leaves_only_whole_entries(cache: Path) -> None:
    for path in BUILTIN:
        load_builtin(path, "rule pack")
    names = sorted(p.name for p in (cache / "rule-packs").iterdir())
    assert names == sorted(f"{text_digest(p.read_text(encoding='utf-8'))}.json" for p in BUILTIN)
