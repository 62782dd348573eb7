"""Validate one portfolio record into answers, or say exactly what is wrong with it.

The built-in answers go through the same :class:`~tune_or_prompt.answers.Answers`
model as an answers file (CSV text is parsed by pydantic's lax mode: ``1e5``,
``true``/``yes``/``1``), and house answers through their question's own check,
after CSV text is read as the question's type. Every bad value of a row is
reported, each naming its column.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from tune_or_prompt.answers import Answers
from tune_or_prompt.rules import HouseQuestion, RuleSet
from tune_or_prompt.yamlfile import suggest

_VALIDATE = Answers.__pydantic_validator__.validate_python
_TRUE = {"true", "yes", "y", "on", "1"}
_FALSE = {"false", "no", "n", "off", "0"}


class RowError(Exception):
    """A record that cannot run; the message names the column(s) at fault."""


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "...'"


def _from_text(question: HouseQuestion, text: str) -> Any:
    """Read a CSV cell as the house question's type (the question's check does the rest)."""
    if question.type == "bool":
        word = text.lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        return text
    if question.type in ("int", "float"):
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() and question.type == "int" else number
    return text


class RowParser:
    """Turn records into validated built-in and house answers, for one rule set."""

    def __init__(self, ruleset: RuleSet) -> None:
        """Index the house questions of ``ruleset``."""
        self.ruleset = ruleset
        self.house = {q.id: q for q in ruleset.questions}
        self.builtin = frozenset(Answers.model_fields)
        self.known = (*Answers.model_fields, *self.house)
        # Every house question's default (checked when its pack loaded); a
        # row's own answers are checked as they are read and replace them.
        self._defaults = ruleset.validate_house_answers({})

    def parse(self, values: Mapping[str, Any], *, text: bool) -> tuple[Answers, dict[str, Any]]:
        """Return the answers of one record.

        Raises:
            RowError: naming every bad column (unknown, unparsable, out of range).

        """
        problems: list[str] = []
        builtin: dict[str, Any] = {}
        house: dict[str, Any] = {}
        if values.keys() <= self.builtin:  # the usual row: built-in answers only
            builtin, values = dict(values), {}
        for key, value in values.items():
            if key in self.builtin:
                builtin[key] = value
            elif key in self.house:
                question = self.house[key]
                try:
                    house[key] = question.check(_from_text(question, value) if text else value)
                except ValueError as exc:
                    reason = str(exc).removeprefix(f"{key}: ")
                    problems.append(f"column {key}: {reason}")
            else:
                hint = suggest(key, self.known)
                problems.append(f"unknown column {key!r}" + (f"; {hint}" if hint else ""))
        answers: Answers | None = None
        try:
            # The model's own validator (what model_validate calls), without the
            # wrapper's keyword handling, which costs half as much again per row.
            answers = _VALIDATE(builtin)
        except ValidationError as exc:
            for err in exc.errors():
                column = ".".join(str(p) for p in err["loc"])
                got = f" (got {_shown(builtin[column])})" if column in builtin else ""
                problems.append(f"column {column}: {err['msg'].removeprefix('Value error, ')}{got}")
        if problems or answers is None:
            raise RowError("; ".join(problems))
        return answers, {**self._defaults, **house}
