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
    from tune_or_prompt.workload import LogOptions, MeasuredWorkload

LogFormatName = Literal["requests", "buckets", "litellm"]
LOGS_PANEL = "Usage logs"

ColumnOptions = Annotated[list[str] | None, typer.Option(
    "--column", metavar="ROLE=COLUMN", rich_help_panel=LOGS_PANEL,
    help="Name the column of a role the built-in names miss, e.g. --column input_tokens=tokens_in "
    "(roles: timestamp, input_tokens, output_tokens, requests, model). Repeatable.")]
TzOption = Annotated[str | None, typer.Option(
    "--tz", metavar="ZONE", rich_help_panel=LOGS_PANEL,
    help="Count hours and days in this IANA time zone (e.g. Europe/Paris). Default: the clock times "
    "as the log writes them (UTC for epoch numbers); with --tz, times without an offset are read as UTC.")]
AllowBadRows = Annotated[bool, typer.Option(
    "--allow-bad-rows", rich_help_panel=LOGS_PANEL,
    help="Measure even when more than 1% of the rows are bad (they are counted and skipped either way).")]
_FORMAT_HELP = ("Force the kind of log instead of detecting it from the columns: requests (one row a "
                "request), buckets (time-bucketed usage) or litellm (LiteLLM's SpendLogs).")


def log_options(log_format: LogFormatName | None, columns: Sequence[str], tz: str | None,
                allow_bad_rows: bool) -> LogOptions:
    """Return the measurement options the flags give (``--column`` checked here)."""
    from tune_or_prompt.workload import LogOptions
    from tune_or_prompt.workload.detect import parse_column_options

    return LogOptions(log_format=log_format, columns=parse_column_options(columns), tz=tz,
                      allow_bad_rows=allow_bad_rows)


def log_args(files: Sequence[Path], log_format: LogFormatName | None, columns: Sequence[str], tz: str | None,
             allow_bad_rows: bool, *, file_flag: str | None, format_flag: str) -> list[str]:
    """Return the arguments that repeat this reading of the logs (for a regenerating command)."""
    args: list[str] = []
    for path in files:
        args += [file_flag, str(path)] if file_flag else [str(path)]
    if log_format is not None:
        args += [format_flag, log_format]
    for item in columns:
        args += ["--column", item]
    if tz is not None:
        args += ["--tz", tz]
    if allow_bad_rows:
        args.append("--allow-bad-rows")
    return args


def summary_lines(m: MeasuredWorkload) -> list[str]:
    """Return the measured figures in a few lines for standard error."""
    from tune_or_prompt.workload.files import FORMAT_WORDS

    def spread(key: str) -> str:
        p50, p95 = getattr(m, f"{key}_p50"), getattr(m, f"{key}_p95")
        return f" (P50 {p50:,.0f}, P95 {p95:,.0f})" if p50 is not None and p95 is not None else ""

    growth = f"{m.growth_pct_per_month:+.2f} %/month"
    if m.growth_ci_pct is not None:
        growth += f" (95% interval {m.growth_ci_pct[0]:+.2f} to {m.growth_ci_pct[1]:+.2f})"
    lines = [
        f"tune-or-prompt: measured {m.file_names} ({FORMAT_WORDS[m.log_format]}): {m.requests:,.0f} requests, "
        f"{m.window}",
        f"  queries_per_month     {m.queries_per_month:,.0f} ({m.queries_per_day:,.1f} a day)",
        f"  input_tokens          {m.input_tokens:,.1f} mean{spread('input_tokens')}",
        f"  output_tokens         {m.output_tokens:,.1f} mean{spread('output_tokens')}",
        f"  growth_pct_per_month  {growth}",
    ]
    if m.api_model is not None:
        lines.append(f"  api_model             {m.api_model} ({m.model_split()})")
    if m.peak_hour is not None and m.peak_to_average is not None:
        lines.append(f"  peak hour             {m.peak_hour:02d}:00, {m.peak_to_average:.2f}x the average hour "
                     f"({m.time_zone})")
    lines.append(f"  days without traffic  {m.missing_days} of {m.days} ({m.missing_share:.0%})")
    lines += [f"  note: {note}" for note in m.notes]
    return lines


def workload(
    files: Annotated[list[Path], typer.Argument(
        help="Usage logs: .csv, .jsonl, .json or .parquet (CSV and JSON may be .gz or .zst), all of one kind.",
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
) -> None:
    """Measure the workload from usage logs and write it as an answers file, each figure sourced."""
    from tune_or_prompt.outfile import OutputFile, write_together
    from tune_or_prompt.workload import measure_logs
    from tune_or_prompt.workload.files import answers_text, assumptions_text, check_target

    options = log_options(log_format, column or [], tz, allow_bad_rows)
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
