"""``tune-or-prompt advise``: questionnaire (or answers) -> TCO -> rules -> memo."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from tune_or_prompt.analysis_defaults import DEFAULT_DRAWS
from tune_or_prompt.cli.decide_cmd import NoBuiltinRules, RulesPaths
from tune_or_prompt.cli.files import AssumptionsFile, PricesFile
from tune_or_prompt.cli.options import (
    ANALYSIS_PANEL,
    DecisionDrawsOption,
    RandomSeedOption,
    with_assumption_flags,
)
from tune_or_prompt.cli.workload_cmd import (
    LOGS_PANEL,
    AllowBadRows,
    ColumnOptions,
    LogFormatName,
    OnlyOptions,
    TzOption,
    log_args,
    log_options,
)
from tune_or_prompt.errors import UserError
from tune_or_prompt.files import stdin_path
from tune_or_prompt.printable import visible

QUESTION_PANEL = "Answers"


def _terminal() -> str | None:
    """Return why no question can be asked here, or None when a terminal is attached."""
    if not sys.stdin.isatty():
        return "standard input is not a terminal, so nothing is asked (as with --no-input)"
    if not sys.stderr.isatty():
        return "standard error is not a terminal, so nothing is asked (as with --no-input)"
    return None


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
        "--log-format", help="With --from-logs: force the kind of log (requests, buckets, litellm, bedrock, "
        "langfuse).", rich_help_panel=LOGS_PANEL)] = None,
    column: ColumnOptions = None,
    tz: TzOption = None,
    allow_bad_rows: AllowBadRows = False,
    only: OnlyOptions = None,
    rules: RulesPaths = None,
    no_builtin_rules: NoBuiltinRules = False,
    templates: Annotated[Path | None, typer.Option(
        "--templates", help="Folder of house memo templates, searched before the built-ins.",
        file_okay=False)] = None,
    output_format: Annotated[Literal["md", "html", "json", "madr"] | None, typer.Option(
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
    from tune_or_prompt.cli.rules_views import VERDICTS, confidence_words
    from tune_or_prompt.commands.advise import UsageLogs, advise
    from tune_or_prompt.questionnaire import Interrupted

    logs = None
    if from_logs or log_format or column or tz or allow_bad_rows or only:
        if not from_logs:
            raise UserError("--log-format, --column, --only, --tz and --allow-bad-rows read usage logs: "
                            "give the logs with --from-logs FILE")
        logs = UsageLogs(from_logs, log_options(log_format, column or [], tz, allow_bad_rows, only or []),
                         log_args(from_logs, log_format, column or [], tz, allow_bad_rows,
                                  file_flag="--from-logs", format_flag="--log-format", only=only or []))
    from tune_or_prompt.cli.progress import draws_progress

    try:
        with draws_progress(draws):
            run = advise(
                answers_file=answers, set_values=set_values or [], use_defaults=defaults,
                not_interactive="--no-input was given" if no_input else _terminal(), save_answers=save_answers,
                logs=logs, rules=rules or [], builtin_rules=not no_builtin_rules, templates=templates,
                output_format=output_format, output=output, assumptions_file=assumptions, prices=prices or [],
                assumption_flags=assumption_flags, draws=draws, random_seed=random_seed, sensitivity=sensitivity,
                prompt_io=_terminal_io, say=lambda line: print(line, file=sys.stderr),
            )
    except Interrupted as stop:
        print(f"\ntune-or-prompt: stopped; your answers so far are saved in {visible(str(stop.saved_to))}.\n"
              f"  resume with: {stop.resume}", file=sys.stderr)
        raise typer.Exit(130) from None
    if run.saved_to is not None:
        print(f"tune-or-prompt: answers saved to {visible(str(run.saved_to))}", file=sys.stderr)
    if run.written:
        print(f"tune-or-prompt: wrote {visible(' and '.join(str(p) for p in run.written))}", file=sys.stderr)
        print(f"  recommendation: {VERDICTS[run.advice.decision.verdict].lower()} "
              f"({confidence_words(run.advice.decision)})", file=sys.stderr)
        print(f"  regenerate with: {run.advice.command}", file=sys.stderr)


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
