"""One questionnaire run: merge the given answers, ask what is missing, record it.

Precedence (:class:`~tune_or_prompt.questionnaire.precedence.AnswerLayers`),
highest first: ``--set key=value``, the usage logs, the ``--answers`` file, a
resumed earlier file, then (with ``--defaults``) each question's default; the
answers typed now fill what they leave unanswered. Without
a terminal nothing is asked: a missing answer is an error naming the question.
Interactive runs save every answer as it is given, so an interrupted run
resumes from the saved file and asks only what is still missing; a run never
records over an answers file it did not start from (it offers to resume it,
or saves beside it: :mod:`~tune_or_prompt.questionnaire.earlier`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tune_or_prompt.errors import Problem, UserError
from tune_or_prompt.questionnaire.earlier import Earlier, find_earlier, kept_note, next_free, resume_question
from tune_or_prompt.questionnaire.precedence import AnswerLayers
from tune_or_prompt.questionnaire.questions import Questionnaire
from tune_or_prompt.questionnaire.record import DEFAULT_ANSWERS_FILE, save_answers
from tune_or_prompt.questionnaire.runner import Check, PromptIO, ask_missing, ask_one
from tune_or_prompt.questionnaire.spec import QuestionSpec
from tune_or_prompt.words import count


class Interrupted(Exception):
    """The user stopped the questionnaire (Ctrl-C or end of input); answers so far are saved.

    Attributes:
        saved_to: The answers file holding every answer given.
        resume: The command that carries on where the run stopped.

    """

    def __init__(self, saved_to: Path, resume: str) -> None:
        super().__init__(f"interrupted; answers so far are in {saved_to}")
        self.saved_to = saved_to
        self.resume = resume


@dataclass
class Gathered:
    """The outcome of a questionnaire run.

    Attributes:
        values: Every answer, by question id (unanswered conditional questions
            and house questions without a default are absent).
        asked: The ids asked interactively, in order.
        saved_to: The answers file written, if any.
        defaulted: The ids answered by their default (``--defaults``), not by the user.

    """

    values: dict[str, Any]
    asked: list[str] = field(default_factory=list)
    saved_to: Path | None = None
    defaulted: frozenset[str] = frozenset()


def parse_set_options(items: Sequence[str], questionnaire: Questionnaire) -> dict[str, Any]:
    """Parse ``--set id=value`` options, each value to its question's type.

    Raises:
        UserError: every malformed option, unknown id (with a close match) or bad
            value, each naming its question.

    """
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for item in items:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            problems.append(Problem(f"--set {item!r}: expected id=value",
                                    help="e.g. --set queries_per_month=250000"))
            continue
        try:
            spec = questionnaire.get(key)
        except UserError as exc:
            problems.append(Problem(f"--set {item}: {exc.message}"))
            continue
        try:
            values[key] = spec.parse(text)
        except ValueError as exc:
            problems.append(Problem(f"--set {item}: {key} {exc}", help=f"{spec.prompt} ({spec.range_text()})"))
    if problems:
        raise UserError(f"{count(len(problems), 'bad --set option')}", problems)
    return values


def gather(
    questionnaire: Questionnaire,
    given: Mapping[str, Any] | AnswerLayers,
    *,
    use_defaults: bool = False,
    interactive: bool,
    why_not_interactive: str = "--no-input was given",
    save_to: Path | None = None,
    replay_command: Callable[[Path], str] = lambda p: f"tune-or-prompt advise --answers {p}",
    io: PromptIO | None = None,
    checks: Mapping[str, Check] | None = None,
    started_from: Path | None = None,
    load: Callable[[Path], Mapping[str, Any]] | None = None,
    recorded: Mapping[str, Any] | None = None,
) -> Gathered:
    """Complete ``given`` answers: from defaults, from the user, or fail naming what is missing.

    Args:
        questionnaire: The questions of this run.
        given: The answers this run was given, by layer (a plain mapping: the command line's).
        use_defaults: Fill unanswered questions from their defaults.
        interactive: A terminal is attached: ask what is still missing.
        why_not_interactive: Said in the error when answers are missing and
            nothing may be asked.
        save_to: Where to record the answers. Interactive runs that ask
            something save there (default :data:`DEFAULT_ANSWERS_FILE`) after
            every answer, but never over a file they did not start from (see
            :mod:`~tune_or_prompt.questionnaire.earlier`); other runs save only
            when it is given, and then replace it.
        replay_command: The command that replays a saved file (for its header
            and the resume hint).
        io: Prompt input/output (default: the terminal).
        checks: Extra checks on typed answers, by question id.
        started_from: The ``--answers`` file ``given`` came from, if any.
        load: Reads an earlier answers file against this run's questions, so
            the run can offer to resume it (None: never offered).
        recorded: Values no question asks (the answers file's cost
            assumptions), written into every saved file as they are.

    Raises:
        UserError: a bad given value, or (non-interactive) unanswered questions.
        Interrupted: Ctrl-C or end of input while asking; the answers are saved.

    """
    layers = given if isinstance(given, AnswerLayers) else AnswerLayers(command_line=dict(given))
    problems: list[Problem] = []
    for key, value in layers.given().items():
        try:
            questionnaire.get(key).check(value)
        except ValueError as exc:
            problems.append(Problem(f"{key} {exc}"))
    if problems:
        raise UserError(f"{count(len(problems), 'bad answer')}", problems)
    layers = layers.mapped(lambda key, value: questionnaire.get(key).check(value))
    values = layers.merged()
    # With --defaults a house question without a default stays unanswered (its fact
    # absent, as in `decide`), so it is neither asked nor required.
    asking = questionnaire.with_defaults_only() if use_defaults else questionnaire
    defaulted: frozenset[str] = frozenset()
    if use_defaults:
        layers.defaults = {k: v for k, v in asking.fill_defaults(values).items() if k not in values}
        defaulted = frozenset(layers.defaults)
        values = layers.merged()
    if not interactive or not asking.missing(values):
        asking.require_all(values, why_not_interactive)
        if save_to is not None:
            save_answers(save_to, questionnaire, values, command=replay_command(save_to), pending=0,
                         recorded=recorded)
        return Gathered(values, [], save_to, defaulted)

    path = save_to or DEFAULT_ANSWERS_FILE
    io = io or PromptIO()
    earlier = find_earlier(path, started_from, load)
    if earlier is not None:
        resumed = earlier.answers is not None and started_from is None and _resume(
            earlier, len(asking.missing({**earlier.answers, **values})), io, replay_command)
        if resumed and earlier.answers is not None:
            layers.earlier = {k: questionnaire.get(k).check(v) for k, v in earlier.answers.items()}
            values = layers.merged()  # what the run was given still wins
        else:
            path = next_free(path)
            io.say(kept_note(earlier, path))
    command = replay_command(path)
    missing = len(asking.missing(values))
    follow_ups = sum(1 for s in asking if s.id not in values and s.applies(values) is None)
    told = count(missing, "question") + (f" (up to {missing + follow_ups} with follow-ups)" if follow_ups else "")
    if missing:
        io.say(f"{told}. Each answer is saved to {path} as you go; Ctrl-C stops and says how to resume.")

    def record(current: Mapping[str, Any]) -> None:
        save_answers(path, questionnaire, current, command=command,
                     pending=len(asking.missing(current)), recorded=recorded)

    try:
        asked = ask_missing(asking, values, io=io, on_answer=record, checks=checks)
    except (KeyboardInterrupt, EOFError):
        record(values)
        raise Interrupted(path, command) from None
    record(values)  # also when nothing was left to ask: the file holds this run's --set values too
    return Gathered(values, asked, path, defaulted)


def _resume(earlier: Earlier, pending: int, io: PromptIO, replay_command: Callable[[Path], str]) -> bool:
    """Ask whether to resume ``earlier``; Ctrl-C here stops the run with the file untouched."""
    question = QuestionSpec(id="resume", prompt=resume_question(earlier, pending), kind="bool", default=True)
    try:
        # Enter confirms: "n" then Enter must not answer the first question with its default.
        return bool(ask_one(question, io, enter=True))
    except (KeyboardInterrupt, EOFError):
        raise Interrupted(earlier.path, replay_command(earlier.path)) from None
