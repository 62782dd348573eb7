"""``advise``: the answers (given, measured, asked), the pipeline, and the memo written.

:func:`advise` checks every flag and file before anything is asked, layers
the answers (:class:`~tune_or_prompt.questionnaire.precedence.AnswerLayers`),
completes them (defaults, the terminal, or an error naming what is missing),
runs the pipeline once and writes the memo. The command that regenerates the
memo without asking anything is built here too, so the memo and the saved
answers file carry it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from tune_or_prompt.analysis_defaults import DEFAULT_DRAWS
from tune_or_prompt.commands import flag_name
from tune_or_prompt.errors import UserError
from tune_or_prompt.files import as_argument
from tune_or_prompt.printable import shell_join

if TYPE_CHECKING:
    from tune_or_prompt.advice import Advice
    from tune_or_prompt.questionnaire import PromptIO
    from tune_or_prompt.workload import LogOptions

MemoFormat = Literal["md", "html", "json", "madr"]  # madr: a decision record (README)
_EXTENSIONS: dict[str, MemoFormat] = {
    ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json",
}


@dataclass(frozen=True)
class UsageLogs:
    """Usage logs to measure the workload from, and the arguments that read them again.

    Attributes:
        files: The log files.
        options: How to read them.
        args: ``--from-logs FILE ... --log-format ...`` as given, for the regenerating command.

    """

    files: Sequence[Path]
    options: LogOptions
    args: Sequence[str]


@dataclass(frozen=True)
class Advised:
    """What an ``advise`` run produced.

    Attributes:
        advice: The memo's one object.
        written: The files written (none: the memo went to standard output).
        saved_to: The answers file recorded, if any.

    """

    advice: Advice
    written: list[Path]
    saved_to: Path | None


def memo_format(given: MemoFormat | None, output: Path | None) -> MemoFormat:
    """Return ``--format``, else the one ``--output``'s extension names, else Markdown.

    Raises:
        UserError: the output's extension names no format and ``--format`` is absent.

    """
    if given is not None:
        return given
    if output is None:
        return "md"
    found = _EXTENSIONS.get(output.suffix.lower())
    if found is None:
        raise UserError(
            f"--output {output}: cannot tell the memo format from {output.suffix or 'no extension'!r}; "
            "use .md, .html or .json, or pass --format md|html|json"
        )
    return found


def _writable(path: Path | None, what: str) -> None:
    if path is not None and not path.parent.is_dir():
        raise UserError(f"{what} {path}: directory {path.parent} does not exist")


def regenerate_command(
    answer_args: Sequence[str],
    *,
    rules: Sequence[Path],
    builtin_rules: bool,
    assumptions_file: Path | None,
    prices: Sequence[Path],
    flags: Mapping[str, Any],
    templates: Path | None,
    fmt: MemoFormat,
    output: Path | None,
) -> str:
    """Return the command that regenerates the memo without asking anything."""
    parts = ["tune-or-prompt", "advise", *answer_args]
    for path in rules:
        parts += ["--rules", str(path)]
    if not builtin_rules:
        parts.append("--no-builtin-rules")
    if assumptions_file is not None:
        parts += ["--assumptions", as_argument(assumptions_file)]
    for path in prices:
        parts += ["--prices", as_argument(path)]
    for name, value in flags.items():
        parts += [flag_name(name), str(value)]
    if templates is not None:
        parts += ["--templates", str(templates)]
    parts += ["--format", fmt]
    if output is not None:
        parts += ["-o", str(output)]
    return shell_join(parts)


def advise(
    *,
    answers_file: Path | None,
    set_values: Sequence[str],
    use_defaults: bool,
    not_interactive: str | None,
    save_answers: Path | None,
    logs: UsageLogs | None,
    rules: Sequence[Path],
    builtin_rules: bool,
    templates: Path | None,
    output_format: MemoFormat | None,
    output: Path | None,
    assumptions_file: Path | None,
    prices: Sequence[Path],
    assumption_flags: Mapping[str, Any],
    draws: int,
    random_seed: int,
    sensitivity: bool,
    prompt_io: Callable[[], PromptIO] | None,
    say: Callable[[str], None],
) -> Advised:
    """Gather the answers, run the pipeline and write the memo.

    Args:
        answers_file: The ``--answers`` file (questions it leaves out are asked, defaulted or missing).
        set_values: ``--set id=value`` options; they win over everything else.
        use_defaults: Answer every unanswered question with its default.
        not_interactive: Why nothing may be asked (None: a terminal is attached; ask).
        save_answers: Where to record the answers.
        logs: Usage logs to measure the workload from (between the answers file and ``--set``).
        rules: House rule packs.
        builtin_rules: Load the built-in packs first.
        templates: A folder of house memo templates.
        output_format: ``--format`` (None: from ``output``'s extension, else Markdown).
        output: The memo file (None: standard output).
        assumptions_file: A YAML or JSON file of cost parameters.
        prices: Extra price files.
        assumption_flags: Cost parameters set on the command line.
        draws: Uncertainty draws deciding the confidence.
        random_seed: Their seed.
        sensitivity: Include the tornado and the cost flip points.
        prompt_io: Makes the terminal's prompt input and output (None: the default terminal).
        say: Prints one line of progress for the user (the measured workload).

    Raises:
        UserError: a bad flag or file (before any question is asked), or a missing answer.
        Interrupted: the user stopped the questionnaire; the answers so far are saved.

    """
    from tune_or_prompt.advice import YOUR_ANSWER, YOUR_LOGS
    from tune_or_prompt.answers_io import answers_from_values, load_answers_file, split_assumptions
    from tune_or_prompt.memo import write_memo
    from tune_or_prompt.pipeline import assumption_values, build_advice
    from tune_or_prompt.pricing import load_catalogue
    from tune_or_prompt.questionnaire import DEFAULT_ANSWERS_FILE, Questionnaire, gather, parse_set_options
    from tune_or_prompt.questionnaire.precedence import AnswerLayers
    from tune_or_prompt.rules import load_packs
    from tune_or_prompt.tco.assumptions_io import (
        build_assumptions,
        files_setting,
        load_assumptions_file,
        naming_files,
    )

    fmt = memo_format(output_format, output)
    _writable(output, "--output")
    _writable(save_answers, "--save-answers")
    if templates is not None and not templates.is_dir():
        raise UserError(f"--templates {templates}: no such folder")
    # Everything that can fail on a flag or a file fails now, before any question is asked.
    ruleset = load_packs(list(rules), builtin=builtin_rules)
    questionnaire = Questionnaire.build(ruleset)
    from_file, answer_costs = split_assumptions(
        load_answers_file(answers_file, ruleset) if answers_file is not None else {})
    layers = AnswerLayers(answers_file=from_file, command_line=parse_set_options(set_values, questionnaire))
    house_costs = load_assumptions_file(assumptions_file) if assumptions_file else {}
    file_costs = {**house_costs, **answer_costs}  # the answers file's cost assumptions win over the house's
    build_assumptions(file_costs, assumption_flags)  # a bad cost flag fails before the logs are read
    catalogue = load_catalogue(list(prices))
    measured = None
    if logs is not None:
        from tune_or_prompt.workload import measure_logs
        from tune_or_prompt.workload.files import summary_lines

        measured = measure_logs(list(logs.files), logs.options)
        for line in summary_lines(measured):
            say(line)
        layers.logs = measured.answers()
    costs = build_assumptions(assumption_values(file_costs, measured), assumption_flags)
    analysis_args = [*(["--draws", str(draws)] if draws != DEFAULT_DRAWS else []),
                     *(["--random-seed", str(random_seed)] if random_seed else []),
                     *([] if sensitivity else ["--no-sensitivity"])]

    def command(answer_args: list[str]) -> str:
        return regenerate_command(
            [*(logs.args if logs else []), *answer_args, *analysis_args], rules=rules, builtin_rules=builtin_rules,
            assumptions_file=assumptions_file, prices=prices, flags=assumption_flags, templates=templates,
            fmt=fmt, output=output,
        )

    def replay(path: Path) -> str:
        # Resuming a file other than the default keeps recording into it.
        keep = [] if path == DEFAULT_ANSWERS_FILE else ["--save-answers", str(path)]
        return command(["--answers", str(path), *keep])

    interactive = not_interactive is None
    gathered = gather(
        questionnaire, layers, use_defaults=use_defaults, interactive=interactive,
        why_not_interactive=not_interactive or "", save_to=save_answers, replay_command=replay,
        io=prompt_io() if interactive and prompt_io is not None else None, checks={"api_model": catalogue.check_model},
        started_from=answers_file, load=lambda path: split_assumptions(load_answers_file(path, ruleset))[0],
        recorded=answer_costs,
    )
    built, house = answers_from_values(gathered.values, ruleset)
    from_logs_only = set(measured.answers()) - set(layers.command_line) if measured is not None else set()
    answered = {k: YOUR_LOGS if k in from_logs_only else YOUR_ANSWER
                for k in gathered.values if k not in gathered.defaulted}
    answered.update({k: YOUR_ANSWER for k in answer_costs})
    if gathered.saved_to is not None:
        # The saved file holds every answer; --defaults still leaves house questions
        # without a default unanswered, as in this run.
        answer_args = ["--answers", str(gathered.saved_to), *(["--defaults"] if use_defaults else [])]
    else:
        answer_args = ["--answers", as_argument(answers_file)] if answers_file is not None else []
        for item in set_values:
            answer_args += ["--set", item]
        if use_defaults:
            answer_args.append("--defaults")
    named = files_setting([(assumptions_file, house_costs), (answers_file, answer_costs)], assumption_flags)
    with naming_files(named):
        advice = build_advice(built, house, assumptions=costs, catalogue=catalogue, ruleset=ruleset,
                              command=command(answer_args), whatif_grid=fmt == "html",
                              uncertainty_draws=draws, random_seed=random_seed, sensitivity=sensitivity,
                              measured=measured, answered=answered)
    written = write_memo(advice, fmt, output, templates=templates)
    return Advised(advice, list(written), gathered.saved_to)
