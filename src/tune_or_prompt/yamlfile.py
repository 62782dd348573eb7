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
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from tune_or_prompt.errors import Location, Problem, UserError


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

    def source_line(self, line: int | None) -> str | None:
        """Return the text of a 1-based line."""
        if line is None:
            return None
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else None

    def problem(
        self, loc: Sequence[int | str], message: str, help: str | None = None, code: str = ""
    ) -> Problem:
        """Build a :class:`Problem` pointing at ``loc``, with its source line and a caret."""
        where = self.location(loc)
        src = self.source_line(where.line)
        span = 1
        if src is not None and where.column:
            token = src[where.column - 1 :].split(":", 1)[0].strip()
            span = max(1, len(token))
        return Problem(message, where, src, span, help, code)


def _to_plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_to_plain(v) for v in node]
    if hasattr(node, "real") and type(node).__name__ == "ScalarFloat":
        return float(node)
    if type(node).__name__ in {"ScalarBoolean"}:
        return bool(node)
    if isinstance(node, str):
        return str(node)
    return node


def load_yaml(path: Path, what: str) -> YamlDocument:
    """Parse ``path`` (YAML, which includes JSON) keeping positions.

    Raises:
        UserError: the file cannot be read or is not valid YAML; the message
            gives ``file:line:column`` of the syntax error.

    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: cannot read {what}: not UTF-8 text") from None
    yaml = YAML(typ="rt")
    try:
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
    return YamlDocument(path=path, text=text, data=_to_plain(root), _root=root)


def load_mapping(path: Path, what: str, shape: str) -> YamlDocument:
    """Parse a YAML file whose top level must be a mapping; an empty file is an empty one.

    Raises:
        UserError: as :func:`load_yaml`, or the top level is not a mapping
            ("an answers file is a mapping of question: answer").

    """
    doc = load_yaml(path, what)
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
    return f"{loc}: {err['msg']}"


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
    for err in exc.errors():
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
