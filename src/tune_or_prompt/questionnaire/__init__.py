"""The questionnaire: what to ask, asking it, and recording the answers.

Public API:

* :class:`Questionnaire` - the built-in questions (read off the
  :class:`~tune_or_prompt.answers.Answers` model) plus a rule set's house
  questions, each a :class:`QuestionSpec` (prompt, help, unit, type, range,
  choices, default, ``ask_if``).
* :func:`gather` - merge given answers, fill defaults, ask what is missing in a
  terminal (saving after every answer) or fail naming it; returns
  :class:`Gathered`, raises :class:`Interrupted` on Ctrl-C.
* :func:`parse_set_options` - ``--set id=value`` to typed answers.
* :func:`ask_missing` / :class:`PromptIO` - the questionary runner, with
  injectable input and output.
* :func:`save_answers`, :func:`template_text`, :func:`write_template` - the
  answers files it writes (read back by
  :func:`~tune_or_prompt.answers_io.load_answers_file`).

Nothing here imports typer: the CLI is one caller among others.
"""

from tune_or_prompt.questionnaire.questions import Questionnaire
from tune_or_prompt.questionnaire.record import (
    DEFAULT_ANSWERS_FILE,
    answers_text,
    save_answers,
    template_text,
    write_template,
)
from tune_or_prompt.questionnaire.runner import PromptIO, ask_missing, ask_one, token_figure
from tune_or_prompt.questionnaire.session import Gathered, Interrupted, gather, parse_set_options
from tune_or_prompt.questionnaire.spec import Condition, QuestionSpec

__all__ = [
    "DEFAULT_ANSWERS_FILE",
    "Condition",
    "Gathered",
    "Interrupted",
    "PromptIO",
    "QuestionSpec",
    "Questionnaire",
    "answers_text",
    "ask_missing",
    "ask_one",
    "gather",
    "parse_set_options",
    "save_answers",
    "template_text",
    "token_figure",
    "write_template",
]
