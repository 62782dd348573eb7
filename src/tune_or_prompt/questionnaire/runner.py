"""The interactive runner: asks the unanswered questions with questionary.

Each question type gets its natural prompt: a yes/no confirm for booleans, a
select list for choices, a text line for numbers and text, validated as it is
typed against the same checks as an answers file (the reason shows under the
line and the answer cannot be submitted until it passes). The help line is
shown above each question. After the volume and token questions the runner
shows the monthly token figure they imply, so a slipped zero is caught at once.

Input and output are injectable (prompt_toolkit ``Input``/``Output`` plus a
``say`` callback for the lines printed between questions), so tests drive the
real prompts through a pipe.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tune_or_prompt.questionnaire.questions import Questionnaire
from tune_or_prompt.questionnaire.spec import QuestionSpec

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

# The answers whose product is the monthly token volume.
TOKEN_QUESTIONS = ("queries_per_month", "input_tokens", "output_tokens")

# An extra check on a typed answer: returns the reason it is refused, or None.
Check = Callable[[Any], "str | None"]


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@dataclass
class PromptIO:
    """Where the prompts read and write.

    Attributes:
        input: prompt_toolkit input (None: the terminal).
        output: prompt_toolkit output (None: the terminal's standard output).
        say: Prints one line between questions (the token figure, notes).
        hint: Prints a question's help line (default: ``say``); a terminal
            front end may dim it.

    """

    input: Input | None = None
    output: Output | None = None
    say: Callable[[str], None] = field(default=_stderr)
    hint: Callable[[str], None] | None = None

    def kwargs(self) -> dict[str, Any]:
        """Return the ``input``/``output`` keyword arguments for questionary."""
        return {k: v for k, v in (("input", self.input), ("output", self.output)) if v is not None}


def token_figure(values: Mapping[str, Any]) -> str:
    """Return the monthly token volume the answers imply, as a line to show."""
    queries = float(values["queries_per_month"])
    per_query = float(values["input_tokens"]) + float(values["output_tokens"])
    return (
        f"  = {queries * per_query:,.0f} tokens a month "
        f"({queries:,.0f} queries x {per_query:,.0f} tokens each)"
    )


def _validator(spec: QuestionSpec, extra: Check | None) -> Callable[[str], bool | str]:
    def validate(text: str) -> bool | str:
        try:
            value = spec.parse(text)
        except ValueError as exc:
            return str(exc)
        reason = extra(value) if extra is not None else None
        return reason or True

    return validate


def _errors_under_the_answer(question: Any) -> Any:
    """Show a refused answer's reason on the line under it, not at the foot of the terminal.

    prompt_toolkit draws the reason in a toolbar below the input line. An
    inline prompt is laid out over every row down to the foot of the terminal,
    and the input line, free to grow, takes the rows that are left, so in a
    tall terminal the reason lands dozens of lines below the question. Keeping
    the input line to its text puts the toolbar directly under the answer.
    """
    from prompt_toolkit.enums import DEFAULT_BUFFER
    from prompt_toolkit.filters import to_filter
    from prompt_toolkit.layout.controls import BufferControl

    for window in question.application.layout.find_all_windows():
        if isinstance(window.content, BufferControl) and window.content.buffer.name == DEFAULT_BUFFER:
            window.dont_extend_height = to_filter(True)
    return question


def ask_one(spec: QuestionSpec, io: PromptIO, extra: Check | None = None, *, enter: bool = False) -> Any:
    """Ask one question and return the checked answer.

    A yes/no question takes its answer on the key (``y``), unless ``enter``:
    then it waits for Enter, so an Enter typed after the key is not carried
    over to the next question.

    Raises:
        KeyboardInterrupt: the user pressed Ctrl-C.
        EOFError: the input ended (Ctrl-D).

    """
    import questionary

    if spec.help:
        (io.hint or io.say)(f"  {spec.help}")
    message = spec.prompt + (f" ({spec.unit})" if spec.unit else "")
    if spec.kind == "bool":
        default = bool(spec.default) if spec.default is not None else False
        return bool(questionary.confirm(message, default=default, auto_enter=not enter, **io.kwargs()).unsafe_ask())
    if spec.kind == "choice":
        titles = spec.choice_labels or spec.choices
        options = [questionary.Choice(title=t, value=v) for t, v in zip(titles, spec.choices, strict=True)]
        preset = next((o for o in options if o.value == spec.default), None)
        choice = questionary.select(message, choices=options, default=preset, **io.kwargs()).unsafe_ask()
        return spec.parse(choice)
    question = questionary.text(
        message, default=spec.show(spec.default), validate=_validator(spec, extra), **io.kwargs()
    )
    text = _errors_under_the_answer(question).unsafe_ask()
    if text is None:  # questionary returns None when the prompt is cancelled
        raise KeyboardInterrupt
    return spec.parse(text)


def ask_missing(
    questionnaire: Questionnaire,
    values: dict[str, Any],
    *,
    io: PromptIO,
    on_answer: Callable[[Mapping[str, Any]], None],
    checks: Mapping[str, Check] | None = None,
) -> list[str]:
    """Ask every question that applies and has no answer in ``values``, in order.

    ``values`` is updated in place and ``on_answer`` is called after each
    answer, so a caller can save progress. Returns the ids asked.

    Raises:
        KeyboardInterrupt: Ctrl-C; ``values`` holds every answer given so far.
        EOFError: the input ended.

    """
    asked: list[str] = []
    while (spec := questionnaire.next_unanswered(values)) is not None:
        if spec.house and not any(questionnaire.get(i).house for i in asked):
            io.say("Questions from your house rule packs:")
        values[spec.id] = ask_one(spec, io, (checks or {}).get(spec.id))
        asked.append(spec.id)
        on_answer(values)
        if (
            spec.id in TOKEN_QUESTIONS
            and all(k in values for k in TOKEN_QUESTIONS)
        ):
            io.say(token_figure(values))
    return asked
