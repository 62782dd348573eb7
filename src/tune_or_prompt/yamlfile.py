"""Read user YAML (or JSON) files keeping each node's position.

Pydantic validation errors are mapped back to ``file:line:column`` with the
source line.

ruamel.yaml's round-trip loader records where every mapping key and sequence
item starts; :class:`YamlDocument` keeps the loaded data with a lookup from a
pydantic error ``loc`` (a tuple of keys and indexes) to that position, so every
error in a user file can point at the offending text.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from tune_or_prompt.errors import Location, Problem, UserError
from tune_or_prompt.files import read_text
from tune_or_prompt.yamlbounds import MAX_DEPTH, Plain, TooBig, check_flow_depth, parser_depth


@dataclass
class YamlDocument:
    """A parsed YAML file: its plain data, its text and its node positions."""

    path: Path
    text: str
    data: Any
    _root: Any

    def position(self, loc: Sequence[int | str]) -> tuple[int, int] | None:
        """Return the 1-based (line, column) of the node at ``loc``, or of its nearest parent."""
        node = self._root
        best: tuple[int, int] | None = (1, 1)
        for key in loc:
            lc = getattr(node, "lc", None)
            try:
                if isinstance(key, int) and isinstance(node, list):
                    if lc is not None:
                        line, col = lc.item(key)
                        best = (line + 1, col + 1)
                    node = node[key]
                elif isinstance(node, dict) and key in node:
                    if lc is not None:
                        line, col = lc.key(key)
                        best = (line + 1, col + 1)
                    node = node[key]
                else:
                    break
            except (KeyError, IndexError, TypeError):
                break
        return best

    def location(self, loc: Sequence[int | str]) -> Location:
        """Return the :class:`Location` of the node at ``loc``."""
        pos = self.position(loc)
        return Location(str(self.path), *(pos or (None, None)))

    @cached_property
    def _lines(self) -> list[str]:
        return self.text.splitlines()

    def source_line(self, line: int | None) -> str | None:
        """Return the text of a 1-based line."""
        if line is None:
            return None
        lines = self._lines
        return lines[line - 1] if 0 < line <= len(lines) else None

    def problem(
        self, loc: Sequence[int | str], message: str, help: str | None = None, code: str = ""
    ) -> Problem:
        """Build a :class:`Problem` pointing at ``loc``, with its source line and a caret."""
        where = self.location(loc)
        src = self.source_line(where.line)
        span = 1
        if src is not None and where.column:
            token = src[where.column - 1 : where.column + 200].split(":", 1)[0].strip()
            span = max(1, len(token))
        return Problem(message, where, src, span, help, code)


def load_yaml(path: Path, what: str) -> YamlDocument:
    """Parse ``path`` (YAML, which includes JSON) keeping positions.

    The file must be a regular file within its size cap
    (:mod:`tune_or_prompt.files`); its data may nest at most
    :data:`~.yamlbounds.MAX_DEPTH` levels and hold at most :data:`~.yamlbounds.MAX_VALUES` values once
    aliases are expanded.

    Raises:
        UserError: the file cannot be read, is not valid YAML, or is too
            large or too deep; the message gives ``file:line:column``.

    """
    return parse_yaml(read_text(path, what), path, what)


def parse_yaml(text: str, path: Path, what: str) -> YamlDocument:
    """Parse YAML ``text`` that came from ``path`` (a file, or a name for text given otherwise), keeping positions.

    Raises:
        UserError: as :func:`load_yaml`, except for reading the file.

    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    check_flow_depth(text, path, what)
    yaml = YAML(typ="rt")
    try:
        with parser_depth():
            root = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(str(path), mark.line + 1, mark.column + 1) if mark else Location(str(path))
        lines = text.splitlines()
        src = lines[mark.line] if mark and mark.line < len(lines) else None
        reason = exc.problem or exc.context or "syntax error"
        problem = Problem(f"invalid YAML: {reason}", where, src)
        raise UserError(f"{path}: {what} is not valid YAML", [problem]) from None
    except YAMLError as exc:
        raise UserError(f"{path}: {what} is not valid YAML: {exc}") from None
    except RecursionError:
        raise UserError(f"{path}: {what} is nested too deeply to read "
                        f"(at most {MAX_DEPTH} levels of mappings and lists)") from None
    doc = YamlDocument(path=path, text=text, data=None, _root=root)
    try:
        doc.data = Plain()(root)
    except TooBig as exc:
        raise UserError(f"{path}: {what} is too large", [doc.problem(exc.loc, str(exc))]) from None
    return doc


def load_mapping(path: Path, what: str, shape: str) -> YamlDocument:
    """Parse a YAML file whose top level must be a mapping; an empty file is an empty one.

    Raises:
        UserError: as :func:`load_yaml`, or the top level is not a mapping
            ("an answers file is a mapping of question: answer").

    """
    return as_mapping(load_yaml(path, what), what, shape)


def as_mapping(doc: YamlDocument, what: str, shape: str) -> YamlDocument:
    """Return ``doc`` if its top level is a mapping (an empty document is an empty one).

    Raises:
        UserError: the top level is not a mapping.

    """
    path = doc.path
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        raise UserError(
            f"{path}: an {what} is a mapping of {shape}", [doc.problem((), f"expected a mapping of {shape}")]
        )
    return doc


def describe_error(err: Mapping[str, Any], key_word: str = "key") -> str:
    """Turn one pydantic error into a short sentence naming the field."""
    loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
    kind = err["type"]
    if kind == "extra_forbidden":
        return f"unknown {key_word} {err['loc'][-1]!r}"
    if kind == "missing":
        return f"{loc}: required"
    return f"{loc}: {err['msg'].removeprefix('Value error, ')}"


def validation_problems(
    doc: YamlDocument,
    exc: ValidationError,
    model: type[BaseModel] | None = None,
    prefix: Sequence[int | str] = (),
) -> list[Problem]:
    """Map every error of ``exc`` to a positioned :class:`Problem`.

    An unknown key gets a help line: "did you mean" the close names, and the
    names allowed there, taken from the model at that place in ``model``
    (a rule's keys for a typo in a rule, not the file's top-level keys). A
    model may name its keys with a ``key_word`` class variable ("operator").
    """
    problems: list[Problem] = []
    for err in _best_union_errors(doc.data, exc.errors(), prefix):
        loc = tuple(prefix) + tuple(err["loc"])
        help_text = None
        key_word = "key"
        if err["type"] == "extra_forbidden" and model is not None:
            inner = model_at(model, err["loc"][:-1])
            if inner is not None:
                key_word = getattr(inner, "key_word", "key")
                names = field_names(inner)
                hint = suggest(str(err["loc"][-1]), names)
                listed = f"{key_word}s here: {', '.join(names)}" if len(names) <= _LISTED_KEYS else None
                help_text = f"{hint} ({listed})" if hint and listed else hint or listed
        problems.append(doc.problem(loc, describe_error(err, key_word), help_text))
    return problems


_LISTED_KEYS = 12  # a help line lists the allowed keys when there are no more than this


_TYPE_TAGS = frozenset({"bool", "int", "float", "str", "none"})
_TAG_PREFIXES = ("literal[", "list[", "dict[", "function-", "tagged-union[")


def _is_union_tag(key: int | str, node: Any) -> bool:
    """Whether ``key`` in an error's ``loc`` names a member of a union rather than a key of the file.

    Members are named by type ("bool", "literal['weak',...]") or by model
    class ("StrengthScale"); the file's own keys are lower-case names.
    """
    if not isinstance(key, str) or (isinstance(node, dict) and key in node):
        return False
    return key in _TYPE_TAGS or key.startswith(_TAG_PREFIXES) or key[:1].isupper()


def _best_union_errors(data: Any, errors: Sequence[Any], prefix: Sequence[int | str]) -> list[Any]:
    """Keep, of the errors a union of types gave, those of the member that best fits the input.

    pydantic reports a value that fits no member of ``weak | {grows_with: ...}``
    once per member, naming each member in ``loc``. Those names are dropped
    from ``loc``, and of one union's errors only the ones that got deepest
    into the value are kept: an error inside the mapping, not "should be 'weak'".
    """
    cleaned: list[tuple[Any, tuple[int | str, ...] | None]] = []
    for err in errors:
        node = _walk(data, prefix)
        loc: list[int | str] = []
        union_at: tuple[int | str, ...] | None = None
        for key in err["loc"]:
            if _is_union_tag(key, node):
                if union_at is None:
                    union_at = tuple(loc)
                continue
            loc.append(key)
            node = _walk(node, (key,))
        cleaned.append(({**err, "loc": tuple(loc)}, union_at))
    deepest: dict[tuple[int | str, ...], int] = {}
    for err, union_at in cleaned:
        if union_at is not None:
            deepest[union_at] = max(deepest.get(union_at, 0), len(err["loc"]))
    kept: list[Any] = []
    merged: dict[tuple[int | str, ...], Any] = {}  # members that fail at the same place: one message
    for err, union_at in cleaned:
        if union_at is None:
            kept.append(err)
        elif len(err["loc"]) == deepest[union_at]:
            first = merged.get(err["loc"])
            if first is None:
                merged[err["loc"]] = err
                kept.append(err)
            else:
                first["msg"] += ", or " + err["msg"].removeprefix("Input should be ")
    return kept


def _walk(data: Any, loc: Sequence[int | str]) -> Any:
    for key in loc:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def field_names(model: type[BaseModel]) -> list[str]:
    """Return the keys a file may use for ``model``: each field's alias, else its name."""
    return [info.alias or name for name, info in model.model_fields.items()]


def model_at(model: type[BaseModel], loc: Sequence[int | str]) -> type[BaseModel] | None:
    """Return the model that validates the value at ``loc`` inside ``model``, if it is one.

    Follows fields (by name or alias), list items, dict values and a model's
    typed extra values (``__pydantic_extra__: dict[str, Model]``).
    """
    current: Any = model
    for key in loc:
        current = _unwrap(current)
        if isinstance(key, int):
            current = _item_type(current)
        elif isinstance(current, type) and issubclass(current, BaseModel):
            if key == current.__name__:  # pydantic names the union member it tried
                continue
            fields = {info.alias or name: info for name, info in current.model_fields.items()}
            field = fields.get(key) or current.model_fields.get(key)
            if field is not None:
                current = field.annotation
            else:
                try:
                    extra = typing.get_type_hints(current).get("__pydantic_extra__")
                except (NameError, TypeError):  # an annotation that does not resolve: no help, no crash
                    extra = None
                current = _item_type(extra) if extra is not None else None
        else:
            current = _item_type(current) if typing.get_origin(current) is dict else None
        if current is None:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """``X | None`` -> ``X`` (the one non-None member of a union of one model or container)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        models = [a for a in members if isinstance(a, type) and issubclass(a, BaseModel)]
        if len(models) == 1:
            return models[0]
        if len(members) == 1:
            return members[0]
    return annotation


def _item_type(annotation: Any) -> Any:
    """Return the item type of ``list[X]`` (or the value type of ``dict[K, X]``), else None."""
    args = typing.get_args(_unwrap(annotation))
    origin = typing.get_origin(_unwrap(annotation))
    if origin is list and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """Return a "did you mean" hint for ``word`` among ``choices``, if any is close."""
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not close:
        return None
    return "did you mean " + " or ".join(repr(c) for c in close) + "?"
