"""Read answers files and split answers into built-in and house answers.

An answers file is YAML (or JSON): a mapping of question id to answer, using
the names of :class:`~tune_or_prompt.answers.Answers` plus, when a rule set is
given, the ids of its house questions. Every problem is reported at once with
file:line:column; an unknown key gets a "did you mean" hint.

A file may also set the cost assumptions of :data:`ANSWER_ASSUMPTIONS` (the
paths compared, the month the horizon starts): they describe the workload
rather than the house's costs, so they travel with its answers. They are no
questions; :func:`split_assumptions` takes them out before the answers are
gathered, and they rank above an ``--assumptions`` file and below the flag of
the same name.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from tune_or_prompt.answers import Answers
from tune_or_prompt.errors import SHOWN_PROBLEMS, Problem, UserError, clip
from tune_or_prompt.tco.assumptions import Assumptions
from tune_or_prompt.tco.assumptions_io import validate_values
from tune_or_prompt.words import count
from tune_or_prompt.yamlfile import (
    YamlDocument,
    as_mapping,
    load_mapping,
    parse_yaml,
    suggest,
    validation_problems,
)

if TYPE_CHECKING:
    from tune_or_prompt.rules import RuleSet


# The cost assumptions an answers file may set, besides the answers, each with the label the memo's inputs show.
ANSWER_ASSUMPTIONS = {"candidates": "Which paths to compare?", "start_month": "Month the horizon starts?"}


def split_assumptions(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return ``values`` split into the answers and the cost assumptions of :data:`ANSWER_ASSUMPTIONS`."""
    answers = {k: v for k, v in values.items() if k not in ANSWER_ASSUMPTIONS}
    return answers, {k: v for k, v in values.items() if k in ANSWER_ASSUMPTIONS}


def _house_questions(ruleset: RuleSet | None) -> dict[str, Any]:
    return {q.id: q for q in ruleset.questions} if ruleset is not None else {}


def load_answers_file(path: Path, ruleset: RuleSet | None = None) -> dict[str, Any]:
    """Return the answers in ``path``, each checked against its question.

    Args:
        path: The YAML or JSON answers file.
        ruleset: Its house questions may be answered too (by id).

    The file may also set the cost assumptions of :data:`ANSWER_ASSUMPTIONS`,
    checked as their flags are (:func:`split_assumptions` takes them out).

    Raises:
        UserError: unreadable, not a mapping, an unknown key, or a value of the
            wrong type or out of range (each with file:line:column).

    """
    return _checked(load_mapping(path, "answers file", "question: answer"), ruleset)


def parse_answers(text: str, name: str, ruleset: RuleSet | None = None) -> dict[str, Any]:
    """Return the answers in ``text``, an answers file's contents given without a file (an upload).

    ``name`` stands for the file in messages. Checked as :func:`load_answers_file` checks a file.

    Raises:
        UserError: as :func:`load_answers_file`.

    """
    doc = parse_yaml(text, Path(name), "answers file")
    return _checked(as_mapping(doc, "answers file", "question: answer"), ruleset)


def _checked(doc: YamlDocument, ruleset: RuleSet | None) -> dict[str, Any]:
    path = doc.path
    problems = answer_problems(doc, doc.data, ruleset, assumptions=True)
    if problems:
        raise UserError(f"{path}: {count(len(problems), 'error')} in answers file", problems)
    return dict(doc.data)


def answer_problems(
    doc: YamlDocument,
    values: Mapping[str, Any],
    ruleset: RuleSet | None = None,
    prefix: tuple[int | str, ...] = (),
    *,
    assumptions: bool = False,
) -> list[Problem]:
    """Return a positioned problem for every unknown key and bad value of ``values``.

    ``values`` sits at ``prefix`` in ``doc`` (the top of an answers file, or a
    test case's ``answers``), so each problem points at its own line.
    ``assumptions`` admits the cost assumptions of :data:`ANSWER_ASSUMPTIONS`
    (an answers file's), each checked as its flag is.
    """
    house = _house_questions(ruleset)
    costs_known = list(ANSWER_ASSUMPTIONS) if assumptions else []
    known = [*Answers.model_fields, *house, *costs_known]
    problems: list[Problem] = []
    builtin: dict[str, Any] = {}
    costs: dict[str, Any] = {}
    for key, value in values.items():
        if key in Answers.model_fields:
            builtin[key] = value
        elif key in costs_known:
            costs[key] = value
        elif key in house:
            try:
                house[key].check(value)
            except ValueError as exc:
                problems.append(doc.problem((*prefix, key), str(exc), house[key].prompt))
        else:
            # Only the problems shown get a "did you mean" (a file of 10,000 typos is possible).
            hint = suggest(key, known) if len(problems) < SHOWN_PROBLEMS else None
            problems.append(doc.problem((*prefix, key), f"unknown answer {clip(repr(key))}", hint))
    try:
        Answers.model_validate(builtin)
    except ValidationError as exc:
        problems.extend(validation_problems(doc, exc, Answers, prefix))
    try:
        Assumptions.model_validate(costs)
    except ValidationError as exc:
        problems.extend(validation_problems(doc, exc, Assumptions, prefix))
    problems.sort(key=lambda p: (p.location.line or 0, p.location.column or 0) if p.location else (0, 0))
    return problems


def answers_from_values(
    values: Mapping[str, Any], ruleset: RuleSet | None = None
) -> tuple[Answers, dict[str, Any]]:
    """Split ``values`` into validated built-in :class:`Answers` and house answers.

    House answers come back with every house question of ``ruleset``, unanswered
    ones at their default (``None`` when they have none).

    Raises:
        UserError: an unknown key, or a bad value naming its question.

    """
    house_ids = _house_questions(ruleset)
    unknown = [k for k in values if k not in Answers.model_fields and k not in house_ids]
    if unknown:
        hint = suggest(unknown[0], [*Answers.model_fields, *house_ids])
        raise UserError(f"unknown answer {clip(repr(unknown[0]))}" + (f"; {hint}" if hint else ""))
    answers = validate_values(
        Answers, {k: v for k, v in values.items() if k in Answers.model_fields}, "answer"
    )
    house_values = {k: v for k, v in values.items() if k in house_ids}
    house = ruleset.validate_house_answers(house_values) if ruleset is not None else {}
    return answers, house
