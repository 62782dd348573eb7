"""``tune-or-prompt advise``: questionnaire (or answers) -> TCO -> rules -> memo."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from tune_or_prompt.cli.decide_cmd import NoBuiltinRules, RulesPaths
from tune_or_prompt.cli.files import AssumptionsFile, PricesFile
from tune_or_prompt.cli.options import (
    ANALYSIS_PANEL,
    DecisionDrawsOption,
    RandomSeedOption,
    flag_name,
    with_assumption_flags,
)
from tune_or_prompt.cli.workload_cmd import (
    LOGS_PANEL,
    AllowBadRows,
    ColumnOptions,
    LogFormatName,
    TzOption,
    log_args,
    log_options,
)
from tune_or_prompt.errors import UserError
from tune_or_prompt.files import as_argument, stdin_path
from tune_or_prompt.printable import shell_join, visible
from tune_or_prompt.tco.analyses import DEFAULT_DRAWS

MemoFormat = Literal["md", "html", "json", "madr"]  # madr: a decision record (README)
_EXTENSIONS: dict[str, MemoFormat] = {
    ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json",
}
QUESTION_PANEL = "Answers"


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


def _terminal() -> str | None:
    """Return why no question can be asked here, or None when a terminal is attached."""
    if not sys.stdin.isatty():
        return "standard input is not a terminal, so nothing is asked (as with --no-input)"
    if not sys.stderr.isatty():
        return "standard error is not a terminal, so nothing is asked (as with --no-input)"
    return None


def _command(
    answer_args: list[str],
    *,
    rules: list[Path],
    no_builtin_rules: bool,
    assumptions: Path | None,
    prices: list[Path],
    flags: dict[str, Any],
    templates: Path | None,
    fmt: MemoFormat,
    output: Path | None,
) -> str:
    """Return the command that regenerates the memo without asking anything."""
    parts = ["tune-or-prompt", "advise", *answer_args]
    for path in rules:
        parts += ["--rules", str(path)]
    if no_builtin_rules:
        parts.append("--no-builtin-rules")
    if assumptions is not None:
        parts += ["--assumptions", as_argument(assumptions)]
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
    answers: Annotated[Path | None, typer.Option(
        "--answers", help="YAML or JSON answers file (question ids: `tune-or-prompt questions`); "
        "- reads standard input. Questions it leaves out are asked.", dir_okay=False, callback=stdin_path,
        rich_help_panel=QUESTION_PANEL)] = None,
    set_values: Annotated[list[str] | None, typer.Option(
        "--set", metavar="ID=VALUE", help="Answer one question, e.g. --set queries_per_month=250000; "
        "wins over --answers. Repeatable.", rich_help_panel=QUESTION_PANEL)] = None,
    defaults: Annotated[bool, typer.Option(
        "--defaults", help="Answer every unanswered question with its default (the article's example).",
        rich_help_panel=QUESTION_PANEL)] = False,
    no_input: Annotated[bool, typer.Option(
        "--no-input", help="Never ask; a missing answer is an error naming the question.",
        rich_help_panel=QUESTION_PANEL)] = False,
    save_answers: Annotated[Path | None, typer.Option(
        "--save-answers", help="Where to record the answers (interactive runs: after each one). "
        "Default for interactive runs: ./tune-or-prompt-answers.yaml. An interactive run never "
        "overwrites an answers file it did not start from: it offers to resume it, or saves beside it.",
        dir_okay=False,
        rich_help_panel=QUESTION_PANEL)] = None,
    from_logs: Annotated[list[Path] | None, typer.Option(
        "--from-logs", metavar="FILE", help="Measure the workload from usage logs (`tune-or-prompt workload` "
        "reads them the same way): volume, tokens, growth and model answer their questions, between "
        "--answers and --set. Repeat for several files.", dir_okay=False, rich_help_panel=LOGS_PANEL)] = None,
    log_format: Annotated[LogFormatName | None, typer.Option(
        "--log-format", help="With --from-logs: force the kind of log (requests, buckets, litellm).",
        rich_help_panel=LOGS_PANEL)] = None,
    column: ColumnOptions = None,
    tz: TzOption = None,
    allow_bad_rows: AllowBadRows = False,
    rules: RulesPaths = None,
    no_builtin_rules: NoBuiltinRules = False,
    templates: Annotated[Path | None, typer.Option(
        "--templates", help="Folder of house memo templates, searched before the built-ins.",
        file_okay=False)] = None,
    output_format: Annotated[MemoFormat | None, typer.Option(
        "--format", help="md, html, json or madr (a Markdown decision record). "
        "Default: from --output's extension, else md.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Memo file (written atomically). Default: standard output.",
        dir_okay=False)] = None,
    assumptions: AssumptionsFile = None,
    prices: PricesFile = None,
    draws: DecisionDrawsOption = DEFAULT_DRAWS,
    random_seed: RandomSeedOption = 0,
    sensitivity: Annotated[bool, typer.Option(
        "--sensitivity/--no-sensitivity", help="Include the tornado of cost swings and the cost flip points.",
        rich_help_panel=ANALYSIS_PANEL)] = True,
    *,
    assumption_flags: dict[str, Any],
) -> None:
    """Ask about the workload (or read the answers), price both paths, and write the memo."""
    from tune_or_prompt.advice import YOUR_ANSWER, YOUR_LOGS
    from tune_or_prompt.answers_io import answers_from_values, load_answers_file
    from tune_or_prompt.memo import write_memo
    from tune_or_prompt.pipeline import assumption_values, build_advice
    from tune_or_prompt.pricing import load_catalogue
    from tune_or_prompt.questionnaire import (
        DEFAULT_ANSWERS_FILE,
        Interrupted,
        Questionnaire,
        gather,
        parse_set_options,
    )
    from tune_or_prompt.rules import load_packs
    from tune_or_prompt.tco.assumptions_io import build_assumptions, load_assumptions_file

    fmt = memo_format(output_format, output)
    _writable(output, "--output")
    _writable(save_answers, "--save-answers")
    if templates is not None and not templates.is_dir():
        raise UserError(f"--templates {templates}: no such folder")
    # Everything that can fail on a flag or a file fails now, before any question is asked.
    ruleset = load_packs(rules or [], builtin=not no_builtin_rules)
    questionnaire = Questionnaire.build(ruleset)
    given = load_answers_file(answers, ruleset) if answers is not None else {}
    set_answers = parse_set_options(set_values or [], questionnaire)
    file_costs = load_assumptions_file(assumptions) if assumptions else {}
    build_assumptions(file_costs, assumption_flags)  # a bad cost flag fails before the logs are read
    catalogue = load_catalogue(prices or [])
    measured = None
    if from_logs or log_format or column or tz or allow_bad_rows:
        if not from_logs:
            raise UserError("--log-format, --column, --tz and --allow-bad-rows read usage logs: "
                            "give the logs with --from-logs FILE")
        from tune_or_prompt.cli.workload_cmd import summary_lines
        from tune_or_prompt.workload import measure_logs

        measured = measure_logs(from_logs, log_options(log_format, column or [], tz, allow_bad_rows))
        for line in summary_lines(measured):
            print(line, file=sys.stderr)
        given.update(measured.answers())
    given.update(set_answers)
    costs = build_assumptions(assumption_values(file_costs, measured), assumption_flags)
    logs = log_args(from_logs or [], log_format, column or [], tz, allow_bad_rows,
                    file_flag="--from-logs", format_flag="--log-format")

    analysis_args = [*(["--draws", str(draws)] if draws != DEFAULT_DRAWS else []),
                     *(["--random-seed", str(random_seed)] if random_seed else []),
                     *([] if sensitivity else ["--no-sensitivity"])]

    def command(answer_args: list[str]) -> str:
        return _command(
            [*logs, *answer_args, *analysis_args], rules=rules or [], no_builtin_rules=no_builtin_rules,
            assumptions=assumptions, prices=prices or [], flags=assumption_flags, templates=templates,
            fmt=fmt, output=output,
        )

    def check_model(name: Any) -> str | None:
        try:
            catalogue.lookup(str(name))
        except UserError as exc:
            # One line under the prompt: the suggestion, not the pointer to `prices`.
            return exc.message.removeprefix("api model: ").split(" (`", 1)[0]
        return None

    def replay(path: Path) -> str:
        # Resuming a file other than the default keeps recording into it.
        keep = [] if path == DEFAULT_ANSWERS_FILE else ["--save-answers", str(path)]
        return command(["--answers", str(path), *keep])

    why = "--no-input was given" if no_input else _terminal()
    try:
        gathered = gather(
            questionnaire, given, use_defaults=defaults, interactive=why is None,
            why_not_interactive=why or "", save_to=save_answers, replay_command=replay,
            io=_terminal_io() if why is None else None, checks={"api_model": check_model},
            started_from=answers, load=lambda path: load_answers_file(path, ruleset),
        )
    except Interrupted as stop:
        print(f"\ntune-or-prompt: stopped; your answers so far are saved in {visible(str(stop.saved_to))}.\n"
              f"  resume with: {stop.resume}", file=sys.stderr)
        raise typer.Exit(130) from None

    built, house = answers_from_values(gathered.values, ruleset)
    from_logs_only = set(measured.answers()) - set(set_answers) if measured is not None else set()
    answered = {k: YOUR_LOGS if k in from_logs_only else YOUR_ANSWER
                for k in gathered.values if k not in gathered.defaulted}
    if gathered.saved_to is not None:
        # The saved file holds every answer; --defaults still leaves house questions
        # without a default unanswered, as in this run.
        answer_args = ["--answers", str(gathered.saved_to), *(["--defaults"] if defaults else [])]
    else:
        answer_args = ["--answers", as_argument(answers)] if answers is not None else []
        for item in set_values or []:
            answer_args += ["--set", item]
        if defaults:
            answer_args.append("--defaults")
    advice = build_advice(built, house, assumptions=costs, catalogue=catalogue, ruleset=ruleset,
                          command=command(answer_args), whatif_grid=fmt == "html",
                          uncertainty_draws=draws, random_seed=random_seed, sensitivity=sensitivity,
                          measured=measured, answered=answered)
    written = write_memo(advice, fmt, output, templates=templates)
    if gathered.saved_to is not None:
        print(f"tune-or-prompt: answers saved to {visible(str(gathered.saved_to))}", file=sys.stderr)
    if written:
        from tune_or_prompt.cli.rules_views import VERDICTS, confidence_words

        print(f"tune-or-prompt: wrote {visible(' and '.join(str(p) for p in written))}", file=sys.stderr)
        print(f"  recommendation: {VERDICTS[advice.decision.verdict].lower()} "
              f"({confidence_words(advice.decision)})", file=sys.stderr)
        print(f"  regenerate with: {advice.command}", file=sys.stderr)


def _terminal_io() -> Any:
    """Prompts on standard error, so a memo written to standard output stays clean; help dimmed."""
    import os

    from prompt_toolkit.output import create_output

    from tune_or_prompt.questionnaire import PromptIO

    dim = ("\x1b[2m", "\x1b[0m") if not os.environ.get("NO_COLOR") else ("", "")

    def hint(line: str) -> None:
        print(f"{dim[0]}{line}{dim[1]}", file=sys.stderr, flush=True)

    return PromptIO(output=create_output(stdout=sys.stderr), hint=hint)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("advise")(with_assumption_flags(advise))
