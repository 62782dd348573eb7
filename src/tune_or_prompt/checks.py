"""The checks every user input passes, and the one every output figure passes.

In: every model of user input (answers, the cost model's workload and
parameters, rule packs) derives from :class:`Checked`, so the same rules hold
in an answers file, a ``--set``, a batch cell, a pack and an assumptions file:

* ``true``/``false`` are not numbers (pydantic's lax mode would read ``true``
  as 1);
* numbers are finite (the models set ``allow_inf_nan=False``) and within the
  documented ranges below, so no figure computed from them can overflow;
* text holds no control characters (a bell, an escape sequence, a
  right-to-left override); multi-line texts of a pack may hold newlines and tabs.

Out: :func:`require_finite` is the last guard before a figure is printed or
written: an ``inf`` or ``nan`` that still arises (an extreme cost parameter)
becomes one error line, never ``$inf``, ``nan`` or JSON's invalid ``Infinity``.
"""

from __future__ import annotations

import math
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from tune_or_prompt.errors import UserError, clip
from tune_or_prompt.printable import CONTROLS, CONTROLS_BUT_LINES, escape_char

# The documented ranges of the workload's numbers (README, "Errors and exit codes").
MAX_QUERIES_PER_MONTH = 1e12
MAX_TOKENS_PER_QUERY = 1e7
MAX_USD = 1e12
MAX_MONTHS = 1_200  # a hundred years: data collected, months between retraining
MAX_COUNT = 1_000_000  # tasks sharing a model, prompt iterations
# A house question's number, and a price file's price per token.
MAX_HOUSE_NUMBER = 1e15
MAX_USD_PER_TOKEN = 1.0
# Integers the rules engines compare exactly: durable_rules holds numbers as
# C doubles (and 64-bit integers), which are exact up to 2**53.
MAX_EXACT_INT = 2**53


def _is_number(annotation: Any) -> bool:
    """``int``, ``float``, or a union of them (with ``None``): a field where ``true`` is refused."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
    else:
        members = [annotation]
    return all(a in (int, float) for a in members)


def _mentions_str(annotation: Any) -> bool:
    """Whether text may be given for the field: ``str``, a union with it, ``list[str]``."""
    return annotation is str or any(_mentions_str(a) for a in typing.get_args(annotation))


def _is_number_dict(annotation: Any) -> bool:
    """``dict[K, float]``: a mapping whose values are numbers (a strength scale's thresholds)."""
    args = typing.get_args(annotation)
    return typing.get_origin(annotation) is dict and len(args) == 2 and _is_number(args[1])


class Checked(BaseModel):
    """A model of user input: no booleans for numbers, no infinities, no control characters.

    Subclasses keep their own ``model_config`` (pydantic merges it with this
    one). A subclass whose texts may span lines sets ``text_lines = True``.
    The checks run once per model, over the input mapping, rather than once
    per field: batch validates every row of a portfolio with them.
    """

    model_config = ConfigDict(allow_inf_nan=False)
    text_lines: ClassVar[bool] = False
    _number_fields: ClassVar[frozenset[str]] = frozenset()
    _number_dicts: ClassVar[frozenset[str]] = frozenset()
    _text_fields: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Note which fields hold numbers and which hold text, for the checks."""
        super().__pydantic_init_subclass__(**kwargs)
        fields = cls.model_fields.items()
        cls._number_fields = frozenset(name for name, info in fields if _is_number(info.annotation))
        cls._number_dicts = frozenset(name for name, info in fields if _is_number_dict(info.annotation))
        cls._text_fields = frozenset(name for name, info in fields if _mentions_str(info.annotation))

    @model_validator(mode="before")
    @classmethod
    def _plain_input(cls, data: Any) -> Any:
        found = _input_problems(cls, data) if type(data) is dict else None
        if not found:
            return data
        # Report these with whatever else is wrong with the rest, all at once.
        bad = {err["loc"][0] for err in found}
        try:
            cls.__pydantic_validator__.validate_python({k: v for k, v in data.items() if k not in bad})
        except ValidationError as exc:
            found += [
                InitErrorDetails(type=e["type"], loc=e["loc"], input=e["input"], ctx=e.get("ctx", {}))
                for e in exc.errors() if not (e["type"] == "missing" and e["loc"][:1] and e["loc"][0] in bad)
            ]
        raise ValidationError.from_exception_data(cls.__name__, found)


_PLAIN_KINDS = frozenset({str, int, type(None)})


def _problem(loc: tuple[int | str, ...], message: str, value: Any) -> InitErrorDetails:
    return InitErrorDetails(type=PydanticCustomError("plain_input", message), loc=loc, input=value)


def _input_problems(cls: type[Checked], data: dict[str, Any]) -> list[InitErrorDetails]:
    """Return the booleans given for numbers, the non-finite numbers and the control characters in ``data``."""
    found: list[InitErrorDetails] = []
    controls = CONTROLS_BUT_LINES if cls.text_lines else CONTROLS
    texts, numbers, isfinite = cls._text_fields, cls._number_fields, math.isfinite
    if set(map(type, data.values())) <= _PLAIN_KINDS:
        # Text, whole numbers and nulls only (every CSV row of a batch): just the text fields to read.
        for key in texts:
            value = data.get(key)
            if type(value) is str and (char := controls.search(value)) is not None:
                found.append(_problem((key,), _control_message(char.group()), value))
        return found
    for key, value in data.items():
        kind = type(value)
        if kind is str:
            if key in texts and (char := controls.search(value)) is not None:
                found.append(_problem((key,), _control_message(char.group()), value))
        elif kind is float:
            if not isfinite(value):
                found.append(_problem((key,), f"Input should be a finite number, not {value}", value))
        elif kind is bool:
            if key in numbers:
                found.append(_problem((key,), "expected a number, not true or false", value))
        elif kind is list:
            for i, item in enumerate(value):
                if type(item) is str and (char := controls.search(item)) is not None:
                    found.append(_problem((key, i), _control_message(char.group()), item))
                elif type(item) is float and not math.isfinite(item):
                    found.append(_problem((key, i), f"Input should be a finite number, not {item}", item))
        elif kind is dict and key in cls._number_dicts:
            for name, item in value.items():
                if type(item) is bool:
                    found.append(_problem((key, name), "expected a number, not true or false", item))
                elif type(item) is float and not math.isfinite(item):
                    found.append(_problem((key, name), f"Input should be a finite number, not {item}", item))
    return found


def _control_message(char: str) -> str:
    return f"control character {escape_char(char)} is not allowed in text"


def check_text(text: str, *, lines: bool = False) -> str:
    """Return ``text``, or raise ValueError naming its first control character.

    Newlines and tabs are allowed when ``lines``.
    """
    found = (CONTROLS_BUT_LINES if lines else CONTROLS).search(text)
    if found is not None:
        raise ValueError(_control_message(found.group()))
    return text


# A format spec's width and precision: the memo needs dozens of characters,
# while one spec of "{x:>3000000000}" asked for 3 GB on every run.
MAX_FORMAT_WIDTH = 1_000
MAX_FORMAT_PRECISION = 100
_SPEC = re.compile(
    r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d+)?[,_]?(?:\.(?P<precision>\d+))?[bcdeEfFgGnosxX%]?", re.DOTALL
)
_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?[hlL]?(?P<kind>.?)")


def _check_sizes(width: str | None, precision: str | None, spec: str) -> None:
    if width and int(width) > MAX_FORMAT_WIDTH:
        raise ValueError(f"format spec {clip(spec, 40)!r}: a width of at most {MAX_FORMAT_WIDTH:,} characters")
    if precision and int(precision) > MAX_FORMAT_PRECISION:
        raise ValueError(f"format spec {clip(spec, 40)!r}: a precision of at most {MAX_FORMAT_PRECISION} digits")


def check_format_spec(spec: str) -> None:
    """Refuse a ``format()`` spec that is not one or asks for more than a memo line needs.

    Raises:
        ValueError: not a format spec, or its width or precision is too large.

    """
    found = _SPEC.fullmatch(spec)
    if found is None:
        raise ValueError(f"{clip(spec, 40)!r} is not a format spec (e.g. ,.0f or .1%)")
    _check_sizes(found["width"], found["precision"], spec)


def check_percent_format(text: str) -> None:
    """Refuse a ``%``-format string whose width or precision is too large or taken from the arguments.

    Raises:
        ValueError: naming the directive.

    """
    for found in _PERCENT.finditer(text):
        if "*" in (found["width"] or "", found["precision"] or ""):
            raise ValueError(f"format {clip(found.group(), 40)!r}: a width or precision of '*' is not allowed")
        _check_sizes(found["width"], found["precision"], found.group())


def _first_non_finite(value: Any, path: str) -> tuple[str, float] | None:
    """Return where the first ``inf``/``nan`` in ``value`` is, and it, or None when every number is finite."""
    kind = type(value)
    if kind is float:
        return None if math.isfinite(value) else (path, value)
    if kind in (int, str, bool) or value is None:
        return None
    if isinstance(value, BaseModel):
        value = dict(value)
    if isinstance(value, Mapping):
        for key, item in value.items():
            found = _first_non_finite(item, f"{path}.{key}" if path else str(key))
            if found:
                return found
        return None
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            found = _first_non_finite(item, f"{path}[{i}]")
            if found:
                return found
        return None
    if isinstance(value, float):  # numpy's float64 and other float subclasses
        return None if math.isfinite(value) else (path, float(value))
    return None


class NonFiniteFigure(UserError, ValueError):
    """A figure came out ``inf`` or ``nan``: the inputs are beyond what the cost model can price.

    A :class:`~tune_or_prompt.errors.UserError` (one line, exit 2) and, for
    library callers that catch it so, a ValueError.
    """


def non_finite(where: str, value: Any) -> NonFiniteFigure:
    """Return the error for the figure at ``where``, whose ``value`` is not a finite number."""
    return NonFiniteFigure(
        f"{where} is not a finite number: {value}; the inputs are beyond what the cost model can price "
        "(the ranges are under 'Errors and exit codes' in the README)"
    )


def require_finite(value: Any, what: str) -> None:
    """Refuse to output ``value`` (a report, a row, a memo's data) if any number in it is not finite.

    Raises:
        NonFiniteFigure: naming the first figure that is ``inf`` or ``nan``.

    """
    found = _first_non_finite(value, "")
    if found is not None:
        raise non_finite(f"{what}: the figure {found[0]}", found[1])
