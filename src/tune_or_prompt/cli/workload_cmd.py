"""``tune-or-prompt workload``: usage logs -> an answers file (and the 24-hour traffic profile).

The reading options are shared with ``advise --from-logs``, which runs the
same measurement in front of the questionnaire.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

if TYPE_CHECKING:
    from tune_or_prompt.workload import LogOptions

LogFormatName = Literal["requests", "buckets", "litellm", "bedrock", "langfuse"]
LOGS_PANEL = "Usage logs"

ColumnOptions = Annotated[list[str] | None, typer.Option(
    "--column", metavar="ROLE=COLUMN", rich_help_panel=LOGS_PANEL,
    help="Name the column of a role the built-in names miss, e.g. --column input_tokens=tokens_in; a "
    "nested field by its path, e.g. --column input_tokens=usage.prompt_tokens (roles: timestamp, "
    "input_tokens, output_tokens, requests, model, bucket_end, status). Repeatable.")]
OnlyOptions = Annotated[list[str] | None, typer.Option(
    "--only", metavar="ROLE=VALUE", rich_help_panel=LOGS_PANEL,
    help="Keep only the rows whose status or model is VALUE, e.g. --only status=success or --only "
    "model=gpt-4o (repeat a role for any of several values). By default the rows whose status says the "
    "request failed are left out; they are counted and reported either way.")]
TzOption = Annotated[str | None, typer.Option(
    "--tz", metavar="ZONE", rich_help_panel=LOGS_PANEL,
    help="Count hours and days in this IANA time zone (e.g. Europe/Paris). Default: the clock times "
    "as the log writes them (UTC for epoch numbers); with --tz, times without an offset are read as UTC.")]
AllowBadRows = Annotated[bool, typer.Option(
    "--allow-bad-rows", rich_help_panel=LOGS_PANEL,
    help="Measure even when more than 1% of the rows are bad (they are counted and skipped either way).")]
_FORMAT_HELP = ("Force the kind of log instead of detecting it from the columns: requests (one row a "
                "request), buckets (time-bucketed usage), litellm (LiteLLM's SpendLogs), bedrock (Amazon "
                "Bedrock invocation logs) or langfuse (Langfuse observations).")


def log_options(log_format: LogFormatName | None, columns: Sequence[str], tz: str | None,
                allow_bad_rows: bool, only: Sequence[str] = ()) -> LogOptions:
    """Return the measurement options the flags give (``--column`` and ``--only`` checked here)."""
    from tune_or_prompt.workload import LogOptions
    from tune_or_prompt.workload.detect import parse_column_options, parse_only_options

    return LogOptions(log_format=log_format, columns=parse_column_options(columns), tz=tz,
                      allow_bad_rows=allow_bad_rows, only=parse_only_options(only))


def log_args(files: Sequence[Path], log_format: LogFormatName | None, columns: Sequence[str], tz: str | None,
             allow_bad_rows: bool, *, file_flag: str | None, format_flag: str,
             only: Sequence[str] = ()) -> list[str]:
    """Return the arguments that repeat this reading of the logs (for a regenerating command)."""
    args: list[str] = []
    for path in files:
        args += [file_flag, str(path)] if file_flag else [str(path)]
    if log_format is not None:
        args += [format_flag, log_format]
    for item in columns:
        args += ["--column", item]
    for item in only:
        args += ["--only", item]
    if tz is not None:
        args += ["--tz", tz]
    if allow_bad_rows:
        args.append("--allow-bad-rows")
    return args


def workload(
    files: Annotated[list[Path], typer.Argument(
        help="Usage logs: .csv, .jsonl, .json or .parquet (CSV and JSON may be .gz or .zst), all of one kind "
        "(the pages of one export may be given together).",
        metavar="FILE", show_default=False)],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Answers file to write (replaced atomically), for `advise --answers`. "
        "Default: standard output.", dir_okay=False)] = None,
    assumptions_out: Annotated[Path | None, typer.Option(
        "--assumptions-out", help="Also write the measured 24-hour traffic_profile to this assumptions "
        "file (for --assumptions).", dir_okay=False)] = None,
    log_format: Annotated[LogFormatName | None, typer.Option(
        "--format", help=_FORMAT_HELP, rich_help_panel=LOGS_PANEL)] = None,
    column: ColumnOptions = None,
    tz: TzOption = None,
    allow_bad_rows: AllowBadRows = False,
    only: OnlyOptions = None,
) -> None:
    """Measure the workload from usage logs and write it as an answers file, each figure sourced."""
    from tune_or_prompt.outfile import OutputFile, write_together
    from tune_or_prompt.workload import measure_logs
    from tune_or_prompt.workload.files import answers_text, assumptions_text, check_target, summary_lines

    options = log_options(log_format, column or [], tz, allow_bad_rows, only or [])
    if output is not None:
        check_target(output, "--output")
    if assumptions_out is not None:
        check_target(assumptions_out, "--assumptions-out")
    measured = measure_logs(files, options)
    # Both texts are built (and can fail) before either file is touched.
    answers = answers_text(measured)
    profile = assumptions_text(measured) if assumptions_out is not None else None
    for line in summary_lines(measured):
        print(line, file=sys.stderr)
    written = [(OutputFile(path), text) for path, text in ((assumptions_out, profile), (output, answers))
               if path is not None and text is not None]
    write_together(written)  # the answers and the traffic profile they go with, both or neither
    if assumptions_out is not None:
        print(f"tune-or-prompt: wrote {assumptions_out} (traffic_profile)", file=sys.stderr)
    if output is None:
        sys.stdout.write(answers)
    else:
        print(f"tune-or-prompt: wrote {output}; use it with: tune-or-prompt advise --answers {output}",
              file=sys.stderr)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("workload")(workload)
