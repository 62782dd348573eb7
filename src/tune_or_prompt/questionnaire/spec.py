"""Question specs: one description of every question, built-in or from a house pack.

The built-in questions are read off the :class:`~tune_or_prompt.answers.Answers`
model (prompt = the field's description, type and range = its annotation and
constraints, help/unit/source/ask_if = its ``json_schema_extra``); house
questions come from the loaded rule packs. The interactive runner, ``--set``,
the ``questions`` listing and the answers-file template all work from these
specs, so a question is defined once, in the model or the pack.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Literal

import annotated_types
from pydantic import ConfigDict, TypeAdapter, ValidationError

from tune_or_prompt.answers import Answers, question_meta
from tune_or_prompt.checks import check_text
from tune_or_prompt.rules.operators import PYTHON_OPS

if TYPE_CHECKING:
    from tune_or_prompt.rules import HouseQuestion

Kind = Literal["bool", "int", "float", "str", "choice"]

_TRUE = {"true", "yes", "y", "on", "1"}
_FALSE = {"false", "no", "n", "off", "0"}
# ask_if's operators, two-character ones first (so ">=" is not read as ">").
_OPERATORS = sorted(PYTHON_OPS, key=len, reverse=True)


@dataclass(frozen=True)
class Condition:
    """When a conditional question is asked: ``<question> <operator> <value>``.

    The value is a number (``prompt_iterations > 0``) or, for ``==`` and
    ``!=``, one of a choice question's values (``privacy == cloud_ok``).

    Attributes:
        question: The id of an earlier question.
        op: One of ``> >= < <= == !=``.
        value: The number or choice compared with.

    """

    question: str
    op: str
    value: float | str

    @classmethod
    def parse(cls, text: str) -> Condition:
        """Parse ``"prompt_iterations > 0"`` or ``"privacy == cloud_ok"``; raise ValueError otherwise."""
        for op in _OPERATORS:  # two-character operators are tried first
            if op in text:
                left, right = (part.strip() for part in text.split(op, 1))
                try:
                    return cls(left, op, float(right))
                except ValueError:
                    if op in ("==", "!=") and right.isidentifier():
                        return cls(left, op, right)
                    raise ValueError(f"ask_if {text!r}: compare with a number, or a choice with == or !=") from None
        raise ValueError(f"ask_if {text!r}: expected '<question> <operator> <value>'")

    def holds(self, values: Mapping[str, Any]) -> bool | None:
        """Return whether the condition holds, or None while its question is unanswered."""
        if values.get(self.question) is None:
            return None
        return bool(PYTHON_OPS[self.op](values[self.question], self.value))

    def __str__(self) -> str:
        shown = self.value if isinstance(self.value, str) else f"{self.value:g}"
        return f"{self.question} {self.op} {shown}"


@dataclass(frozen=True)
class QuestionSpec:
    """One question as the questionnaire asks it.

    Attributes:
        id: The answer's key (an :class:`Answers` field or a house fact name).
        prompt: The question as asked.
        kind: ``bool``, ``int``, ``float``, ``str`` or ``choice``.
        default: The answer ``--defaults`` gives (None: no default).
        help: One line explaining the question.
        unit: The unit of a number (empty when none).
        source: Where the default comes from.
        choices: The allowed values of a ``choice`` question.
        choice_labels: What the select list shows for each choice (same order; empty: the values).
        minimum: Lowest allowed number (inclusive), if any.
        maximum: Highest allowed number (inclusive), if any.
        max_length: Longest allowed text, if any.
        ask_if: Asked only when this holds (otherwise the default applies).
        house: Added by a house rule pack (not a built-in question).
        optional: May be left empty (an empty answer is "none": the fact stays absent).

    """

    id: str
    prompt: str
    kind: Kind
    default: Any
    help: str = ""
    unit: str = ""
    source: str = ""
    choices: tuple[str, ...] = ()
    choice_labels: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    ask_if: Condition | None = None
    house: bool = False
    optional: bool = False
    validator: Callable[[Any], Any] = field(default=lambda v: v, repr=False, compare=False)

    def check(self, value: Any) -> Any:
        """Return ``value`` validated and converted to this question's type.

        Raises:
            ValueError: the reason, in words, without the question's id.

        """
        if value is None and self.optional:
            return None
        if self.kind in ("int", "float") and isinstance(value, (int, float)) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                raise ValueError(f"must be at least {_bound(self.minimum)}{self._unit_suffix()}")
            if self.maximum is not None and value > self.maximum:
                raise ValueError(f"must be at most {_bound(self.maximum)}{self._unit_suffix()}")
        if self.kind in ("str", "choice") and isinstance(value, str):
            if not value.strip():
                raise ValueError("must not be empty")
            check_text(value)
            if self.max_length is not None and len(value) > self.max_length:
                raise ValueError(f"must be at most {self.max_length} characters")
        return self.validator(value)

    def parse(self, text: str) -> Any:
        """Turn typed text (a prompt's input or a ``--set`` value) into a checked answer.

        Numbers may use thousands separators (``250,000`` or ``250_000``) and a
        ``k`` or ``M`` suffix (``250k``, ``1.5M``); an amount in USD may start
        with ``$`` (``$20k``), as the questions' help writes amounts.

        Raises:
            ValueError: the reason, in words (e.g. "enter a whole number").

        """
        raw = text.strip()
        if not raw and self.optional:
            return None
        if self.kind == "bool":
            if raw.lower() in _TRUE:
                return True
            if raw.lower() in _FALSE:
                return False
            raise ValueError("answer yes or no (true/false)")
        if self.kind in ("int", "float"):
            return self.check(self._number(raw))
        if self.kind == "choice" and raw not in self.choices:
            raise ValueError(f"choose one of {', '.join(self.choices)}")
        return self.check(raw)

    def _number(self, raw: str) -> int | float:
        cleaned = raw.replace(",", "").replace("_", "").replace(" ", "")
        if cleaned.startswith("$") and "USD" in self.unit:
            cleaned = cleaned[1:]
        scale = _SUFFIXES.get(cleaned[-1:], 1) if len(cleaned) > 1 else 1
        if scale != 1:
            cleaned = cleaned[:-1]
        try:
            # Decimal, so that 0.3k is 300 exactly, not 300.00000000000006.
            number = float(Decimal(cleaned) * scale)
        except (InvalidOperation, OverflowError):
            what = "a whole number" if self.kind == "int" else "a number"
            raise ValueError(f"enter {what}, e.g. {self.show(self.default) or 1}") from None
        if not math.isfinite(number):
            raise ValueError("enter a finite number")
        if self.kind == "int":
            if number != int(number):
                raise ValueError("enter a whole number")
            return int(number)
        return number

    def applies(self, values: Mapping[str, Any]) -> bool | None:
        """Whether the question is asked given earlier answers (None: not yet known)."""
        return True if self.ask_if is None else self.ask_if.holds(values)

    def show(self, value: Any) -> str:
        """Return an answer as the user would type it (``100000``, ``yes``, ``monthly``)."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def range_text(self) -> str:
        """Return the allowed values in words: ``0 to 100``, ``at least 1``, ``one of ...``."""
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "bool":
            return "yes or no"
        if self.kind == "str":
            return "text" + (f", up to {self.max_length} characters" if self.max_length else "")
        what = "whole number" if self.kind == "int" else "number"
        if self.minimum is not None and self.maximum is not None:
            return f"{what}, {_bound(self.minimum)} to {_bound(self.maximum)}"
        if self.minimum is not None:
            return f"{what}, at least {_bound(self.minimum)}"
        if self.maximum is not None:
            return f"{what}, at most {_bound(self.maximum)}"
        return what

    def _unit_suffix(self) -> str:
        if not self.unit:
            return ""
        return self.unit if self.unit.startswith("%") else f" {self.unit}"


# Multipliers a typed number may end with: 20k, 1.5M.
_SUFFIXES = {"k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}


def _bound(value: float) -> str:
    """Show a range's end as people read it: ``1,000,000,000,000``, ``-99``, ``0.5``."""
    if float(value).is_integer() and abs(value) < 1e16:
        return f"{int(value):,}"
    return f"{value:g}"


def _kind_of(annotation: Any) -> tuple[Kind, tuple[str, ...]]:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if type(None) in typing.get_args(annotation) and len(args) == 1:  # X | None: an optional X
        annotation = args[0]
    if typing.get_origin(annotation) is Literal:
        return "choice", tuple(str(a) for a in typing.get_args(annotation))
    kinds: dict[Any, Kind] = {bool: "bool", int: "int", float: "float", str: "str"}
    return kinds[annotation], ()


def _pydantic_check(name: str) -> Callable[[Any], Any]:
    """Validate one value exactly as :class:`Answers` validates field ``name``."""
    info = Answers.model_fields[name]
    args = (info.annotation, *info.metadata)
    annotated: Any = typing.Annotated[args] if info.metadata else info.annotation
    adapter: TypeAdapter[Any] = TypeAdapter(
        annotated,
        config=ConfigDict(allow_inf_nan=False, strict=info.annotation is bool),
    )

    def check(value: Any) -> Any:
        try:
            return adapter.validate_python(value)
        except ValidationError as exc:
            raise ValueError(exc.errors()[0]["msg"].lower()) from None

    return check


def builtin_question(name: str) -> QuestionSpec:
    """Return the spec of the built-in question ``name`` (an :class:`Answers` field)."""
    info = Answers.model_fields[name]
    meta = question_meta(name)
    kind, choices = _kind_of(info.annotation)
    bounds: dict[str, Any] = {}
    for item in info.metadata:
        if isinstance(item, annotated_types.Ge):
            bounds["minimum"] = float(item.ge)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Le):
            bounds["maximum"] = float(item.le)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.MaxLen):
            bounds["max_length"] = item.max_length
    ask_if = meta.get("ask_if")
    labels = meta.get("choice_labels") or {}
    return QuestionSpec(
        id=name,
        prompt=info.description or name,
        kind=kind,
        default=info.default,
        help=str(meta.get("help", "")),
        unit=str(meta.get("unit", "")),
        source=str(meta.get("source", "")),
        choices=choices,
        choice_labels=tuple(str(labels.get(c, c)) for c in choices) if labels else (),
        ask_if=Condition.parse(ask_if) if ask_if else None,
        optional=info.default is None,
        validator=_pydantic_check(name),
        **bounds,
    )


def house_question(question: HouseQuestion) -> QuestionSpec:
    """Return the spec of a rule pack's :class:`~tune_or_prompt.rules.HouseQuestion`."""
    def check(value: Any) -> Any:
        try:
            return question.check(value)
        except ValueError as exc:  # HouseQuestion prefixes its id; the prompt already names it
            raise ValueError(str(exc).removeprefix(f"{question.id}: ")) from None

    return QuestionSpec(
        id=question.id,
        prompt=question.prompt,
        kind=question.type,
        default=question.default,
        help=question.help,
        choices=tuple(question.choices or ()),
        minimum=question.min,
        maximum=question.max,
        house=True,
        validator=check,
    )
