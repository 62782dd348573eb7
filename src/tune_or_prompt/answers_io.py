"""Read answers files and split answers into built-in and house answers.

An answers file is YAML (or JSON): a mapping of question id to answer, using
the names of :class:`~tune_or_prompt.answers.Answers` plus, when a rule set is
given, the ids of its house questions. Every problem is reported at once with
file:line:column; an unknown key gets a "did you mean" hint.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from tune_or_prompt.answers import Answers
from tune_or_prompt.errors import SHOWN_PROBLEMS, Problem, UserError, clip
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


def _house_questions(ruleset: RuleSet | None) -> dict[str, Any]:
    return {q.id: q for q in ruleset.questions} if ruleset is not None else {}


def load_answers_file(path: Path, ruleset: RuleSet | None = None) -> dict[str, Any]:
    """Return the answers in ``path``, each checked against its question.

    Args:
        path: The YAML or JSON answers file.
        ruleset: Its house questions may be answered too (by id).

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
    problems = answer_problems(doc, doc.data, ruleset)
    if problems:
        raise UserError(f"{path}: {count(len(problems), 'error')} in answers file", problems)
    return dict(doc.data)


def answer_problems(
    doc: YamlDocument,
    values: Mapping[str, Any],
    ruleset: RuleSet | None = None,
    prefix: tuple[int | str, ...] = (),
) -> list[Problem]:
    """Return a positioned problem for every unknown key and bad value of ``values``.

    ``values`` sits at ``prefix`` in ``doc`` (the top of an answers file, or a
    test case's ``answers``), so each problem points at its own line.
    """
    house = _house_questions(ruleset)
    known = [*Answers.model_fields, *house]
    problems: list[Problem] = []
    builtin: dict[str, Any] = {}
    for key, value in values.items():
        if key in Answers.model_fields:
            builtin[key] = value
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
