"""Answers files the questionnaire writes: the record of a run, and a blank template.

A saved file lists the answers in asking order, each under a comment with its
question, so it reads as a filled-in form and replays the run exactly with
``--answers``. The template lists every question commented out, with its help,
allowed values and default, ready to fill in. Both load back through
:func:`~tune_or_prompt.answers_io.load_answers_file`.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tune_or_prompt.outfile import atomic_write
from tune_or_prompt.questionnaire.questions import Questionnaire
from tune_or_prompt.questionnaire.spec import QuestionSpec
from tune_or_prompt.words import count

DEFAULT_ANSWERS_FILE = Path("tune-or-prompt-answers.yaml")


# Words YAML 1.1 readers take for booleans or null; always quoted so any tool reads text.
_AMBIGUOUS = {"yes", "no", "y", "n", "on", "off", "true", "false", "null", "~", ""}


def _scalar(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def yaml_line(key: str, value: Any) -> str:
    """Return ``key: value`` as one line of YAML, quoting the value only where YAML needs it."""
    from ruamel.yaml import YAML

    if isinstance(value, str) and value.strip().lower() in _AMBIGUOUS:
        return f"{key}: {json.dumps(value)}"
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096
    buf = io.StringIO()
    yaml.dump({key: _scalar(value)}, buf)
    return buf.getvalue().rstrip("\n").removesuffix("\n...")


def _describe(spec: QuestionSpec) -> str:
    unit = f" [{spec.unit}]" if spec.unit else ""
    house = " (house question)" if spec.house else ""
    return f"# {spec.prompt}{unit}{house}"


def answers_text(
    questionnaire: Questionnaire,
    values: Mapping[str, Any],
    *,
    command: str,
    pending: int | None = None,
    recorded: Mapping[str, Any] | None = None,
) -> str:
    """Return a saved answers file: a comment header, then each answer under its question.

    ``pending`` is how many questions are still to be asked (default: every
    unanswered question that applies). ``recorded`` are the cost assumptions
    the run's answers file set (no question asks them); they are kept last,
    so that the file replays the run.
    """
    unanswered = len(questionnaire.missing(values)) if pending is None else pending
    lines = [
        "# tune-or-prompt answers: one line per question, as answered.",
        f"# Replay the run with: {command}",
        "# Question ids, allowed values and help: tune-or-prompt questions",
    ]
    if unanswered:
        lines.append(f"# {count(unanswered, 'question')} still unanswered; the same command asks them.")
    for spec in questionnaire:
        if spec.id in values:
            lines += ["", _describe(spec), yaml_line(spec.id, values[spec.id])]
    for key, value in (recorded or {}).items():
        lines += ["", f"# {key}: a cost assumption (its --{key.replace('_', '-')} flag wins)", yaml_line(key, value)]
    return "\n".join(lines) + "\n"


def save_answers(
    path: Path,
    questionnaire: Questionnaire,
    values: Mapping[str, Any],
    *,
    command: str,
    pending: int | None = None,
    recorded: Mapping[str, Any] | None = None,
) -> None:
    """Write :func:`answers_text` to ``path`` atomically (an interrupted save keeps the previous one).

    Raises:
        UserError: the file cannot be written.

    """
    atomic_write(path, answers_text(questionnaire, values, command=command, pending=pending, recorded=recorded))


def template_text(questionnaire: Questionnaire) -> str:
    """Return an answers file to fill in: every question commented out at its default."""
    lines = [
        "# tune-or-prompt answers file. Uncomment a line and put your answer after the colon.",
        "# Questions left commented out are asked when you run",
        "#   tune-or-prompt advise --answers THIS_FILE",
        "# or take the default shown when you add --defaults.",
    ]
    for spec in questionnaire:
        lines += ["", _describe(spec)]
        if spec.help:
            lines.append(f"#   {spec.help}")
        detail = spec.range_text()
        if spec.ask_if is not None:
            detail += f"; asked only when {spec.ask_if}"
        if spec.default is None:
            detail += "; no default"
        lines.append(f"#   ({detail})")
        shown = yaml_line(spec.id, spec.default) if spec.default is not None else f"{spec.id}:"
        lines.append(f"# {shown}")
    return "\n".join(lines) + "\n"


def write_template(path: Path, questionnaire: Questionnaire) -> None:
    """Write :func:`template_text` to ``path`` atomically.

    Raises:
        UserError: the file cannot be written.

    """
    atomic_write(path, template_text(questionnaire))
