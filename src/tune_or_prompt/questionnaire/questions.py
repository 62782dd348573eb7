"""The questionnaire: every question in the order it is asked, and answers resolved against it.

Built-in questions come first, in the order of the :class:`Answers` model
(workload, volume and tokens, then quality and constraints); house questions
follow in pack load order. :meth:`Questionnaire.resolve` decides, for a set of
given answers, which questions still need an answer, honouring conditional
questions (``ask_if``) and ``--defaults``.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tune_or_prompt.answers import Answers
from tune_or_prompt.errors import Problem, UserError
from tune_or_prompt.questionnaire.spec import QuestionSpec, builtin_question, house_question
from tune_or_prompt.words import count
from tune_or_prompt.yamlfile import suggest

if TYPE_CHECKING:
    from tune_or_prompt.rules import RuleSet

# Unanswered questions named one by one in an error; the rest are listed by id.
_LISTED = 5


def _example(spec: QuestionSpec) -> str:
    return shlex.quote(f"{spec.id}={spec.show(spec.default) or 'VALUE'}")


@dataclass(frozen=True)
class Questionnaire:
    """The questions of one run: the built-ins plus the loaded packs' house questions."""

    specs: tuple[QuestionSpec, ...]

    @classmethod
    def build(cls, ruleset: RuleSet | None = None) -> Questionnaire:
        """Return the built-in questions, then the house questions of ``ruleset``."""
        specs = [builtin_question(name) for name in Answers.model_fields]
        if ruleset is not None:
            specs.extend(house_question(q) for q in ruleset.questions)
        return cls(tuple(specs))

    def __iter__(self) -> Iterator[QuestionSpec]:
        return iter(self.specs)

    def __len__(self) -> int:
        return len(self.specs)

    def get(self, question_id: str) -> QuestionSpec:
        """Return the question ``question_id``.

        Raises:
            UserError: no such question; close ids are suggested.

        """
        for spec in self.specs:
            if spec.id == question_id:
                return spec
        hint = suggest(question_id, self.ids())
        if hint is None and len(question_id) >= 3:
            near = [i for i in self.ids() if i.startswith(question_id)]
            hint = "did you mean " + " or ".join(repr(i) for i in near[:3]) + "?" if near else None
        raise UserError(
            f"unknown question {question_id!r}"
            + (f"; {hint}" if hint else "; `tune-or-prompt questions` lists them")
        )

    def with_defaults_only(self) -> Questionnaire:
        """Return the questions that have a default (``--defaults`` leaves the others unanswered)."""
        return Questionnaire(tuple(s for s in self.specs if s.default is not None))

    def ids(self) -> list[str]:
        """Return every question id, in asking order."""
        return [spec.id for spec in self.specs]

    def next_unanswered(self, values: Mapping[str, Any]) -> QuestionSpec | None:
        """Return the first question that applies and has no answer in ``values``."""
        for spec in self.specs:
            if spec.id not in values and spec.applies(values):
                return spec
        return None

    def fill_defaults(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Return ``values`` with every unanswered question at its default.

        Questions without a default (some house questions) stay unanswered,
        which leaves their fact absent. A conditional question whose condition
        does not hold is left out too: the model's default applies to it.
        """
        filled = dict(values)
        for spec in self.specs:
            if spec.id not in filled and spec.default is not None and spec.applies(filled):
                filled[spec.id] = spec.default
        return filled

    def missing(self, values: Mapping[str, Any]) -> list[QuestionSpec]:
        """Return the questions that apply and have no answer, in asking order.

        A conditional question whose earlier question is itself unanswered is
        not counted: whether it applies is not known yet.
        """
        return [s for s in self.specs if s.id not in values and s.applies(values)]

    def require_all(self, values: Mapping[str, Any], why: str) -> None:
        """Raise a :class:`UserError` naming every question left unanswered.

        Args:
            values: The answers gathered.
            why: Why nothing can be asked (e.g. "--no-input").

        """
        missing = [s for s in self.missing(values) if not s.optional]
        if not missing:
            return
        problems = [
            Problem(f"question {s.id!r} is required: {s.prompt} (e.g. --set {_example(s)})")
            for s in missing[:_LISTED]
        ]
        if len(missing) > _LISTED:
            rest = ", ".join(s.id for s in missing[_LISTED:])
            problems.append(Problem(f"and {len(missing) - _LISTED} more: {rest}"))
        raise UserError(
            f"{count(len(missing), 'question')} unanswered and {why}; answer them with --answers FILE "
            "or --set id=value, or pass --defaults to use the defaults",
            problems,
        )
