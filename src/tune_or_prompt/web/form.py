"""The form: question specs as fields, and submitted text read back as checked answers.

The page asks exactly what the terminal asks: one field per
:class:`~tune_or_prompt.questionnaire.QuestionSpec`, in asking order, with its
prompt, help, unit, allowed values and default. Typed text goes through the
spec's own :meth:`~tune_or_prompt.questionnaire.QuestionSpec.parse`, so a
refusal gives the terminal's reason, and a conditional question applies only
when its ``ask_if`` holds (on premise, the API questions are not shown).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from tune_or_prompt.errors import UserError

if TYPE_CHECKING:
    from tune_or_prompt.questionnaire import Questionnaire, QuestionSpec

# The longest text one field takes (the longest answer, a house text question, is far shorter).
MAX_TEXT = 1000
REQUIRED = "an answer is required"

Check = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Reading:
    """Submitted text read against the questions.

    Attributes:
        values: The checked answer of every question that applies and was answered.
        texts: What each field holds (the submitted text, else the default as typed).
        errors: Why an answer was refused, by question id.
        shown: The questions that apply, in asking order (the page hides the others).

    """

    values: dict[str, Any]
    texts: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    shown: list[str] = field(default_factory=list)

    def query(self) -> str:
        """Return the answers as a URL query string (the link that reopens this form filled in)."""
        return urlencode([(k, self.texts[k]) for k in self.shown])


def start_texts(questionnaire: Questionnaire, values: Mapping[str, Any]) -> dict[str, str]:
    """Return each field's text for ``values`` (answers by id), the default where there is none."""
    return {s.id: s.show(values[s.id] if values.get(s.id) is not None else s.default) for s in questionnaire}


def unknown(questionnaire: Questionnaire, texts: Mapping[str, str]) -> str | None:
    """Return the first id in ``texts`` that is no question, said with a close match; None when all are known."""
    for key in texts:
        try:
            questionnaire.get(key)
        except UserError as exc:
            return exc.message
    return None


def read(questionnaire: Questionnaire, texts: Mapping[str, str], checks: Mapping[str, Check]) -> Reading:
    """Read submitted field texts as answers; a field not submitted holds its default.

    Questions are read in asking order so each ``ask_if`` sees the answers
    before it. A question whose condition hangs on a refused answer stays
    shown but unjudged until that answer is fixed.
    """
    values: dict[str, Any] = {}
    shown_texts: dict[str, str] = {}
    errors: dict[str, str] = {}
    shown: list[str] = []
    for spec in questionnaire:
        text = texts.get(spec.id)
        text = spec.show(spec.default) if text is None else text
        shown_texts[spec.id] = text
        applies = spec.applies(values)
        if applies is None and spec.ask_if is not None and spec.ask_if.question in errors:
            shown.append(spec.id)
            continue
        if not applies:
            continue
        shown.append(spec.id)
        problem = _problem(spec, text, checks.get(spec.id))
        if isinstance(problem, str):
            errors[spec.id] = problem
        elif problem is not None:
            values[spec.id] = problem[0]
    return Reading(values, shown_texts, errors, shown)


def _problem(spec: QuestionSpec, text: str, check: Check | None) -> str | tuple[Any] | None:
    """Return the reason ``text`` is refused, or the answer in a 1-tuple, or None for an optional blank."""
    if len(text) > MAX_TEXT:
        return f"must be at most {MAX_TEXT:,} characters"
    if not text.strip():
        return None if spec.optional else REQUIRED
    try:
        value = spec.parse(text)
    except ValueError as exc:
        return str(exc)
    if value is None:
        return None
    reason = check(value) if check is not None else None
    return reason if reason is not None else (value,)


@dataclass(frozen=True)
class FieldView:
    """One field as the page shows it (plain data for the template)."""

    id: str
    prompt: str
    kind: str
    text: str
    help: str
    unit: str
    range_text: str
    default: str
    choices: list[tuple[str, str]]
    error: str | None
    shown: bool
    optional: bool
    house: bool
    condition: str


def field_views(questionnaire: Questionnaire, reading: Reading) -> list[FieldView]:
    """Return every question as a field, with its text, refusal and whether it applies."""
    views = []
    for spec in questionnaire:
        labels = spec.choice_labels or spec.choices
        choices = list(zip(spec.choices, labels, strict=True))
        if spec.kind == "bool":
            choices = [("yes", "yes"), ("no", "no")]
        views.append(FieldView(
            id=spec.id, prompt=spec.prompt, kind=spec.kind, text=reading.texts.get(spec.id, ""),
            help=spec.help, unit=spec.unit, range_text=spec.range_text(), default=spec.show(spec.default),
            choices=choices, error=reading.errors.get(spec.id), shown=spec.id in reading.shown,
            optional=spec.optional, house=spec.house, condition=str(spec.ask_if) if spec.ask_if else "",
        ))
    return views
