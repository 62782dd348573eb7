"""``tune-or-prompt batch``: decide a whole portfolio of workloads from a CSV or JSONL file.

Exit codes: 0 when every row ran, 1 when any row failed (its ``error`` cell
says why; every other row is still in the output), 2 for a bad file, header,
pack or option (nothing is written).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from tune_or_prompt.cli.decide_cmd import NoBuiltinRules, RulesPaths
from tune_or_prompt.cli.files import AssumptionsFile, PricesFile
from tune_or_prompt.cli.options import ANALYSIS_PANEL, RandomSeedOption, with_assumption_flags
from tune_or_prompt.printable import visible


def batch(
    file: Annotated[
        Path,
        typer.Argument(help="Portfolio: .csv with a header row of question ids, or .jsonl "
                       "(one JSON object per line). Missing or empty answers take the defaults.",
                       dir_okay=False, show_default=False),
    ],
    rules: RulesPaths = None,
    no_builtin_rules: NoBuiltinRules = False,
    assumptions: AssumptionsFile = None,
    prices: PricesFile = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Result file, .csv or .jsonl (written atomically). "
                     "Default: standard output, in the input's format.", dir_okay=False),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Worker processes (chunks keep their order); "
                          "at most one per usable CPU core.")
    ] = 1,
    engine: Annotated[
        Literal["reference", "durable_rules"],
        typer.Option("--engine", help="Rules engine per row: reference (the tested pure-Python "
                     "evaluator of the compiled rules, ~25x faster) or durable_rules."),
    ] = "reference",
    draws: Annotated[
        int, typer.Option("--draws", min=0, max=100_000, help="Uncertainty draws per row: each row's confidence "
                          "becomes the share of its draws whose whole decision gives its verdict, as in decide "
                          "(about a hundred times slower). 0: no confidence; the rule_score column only.",
                          rich_help_panel=ANALYSIS_PANEL)
    ] = 0,
    random_seed: RandomSeedOption = 0,
    *,
    assumption_flags: dict[str, Any],
) -> None:
    """Decide every workload of a portfolio file: one result row per workload, in order."""
    from tune_or_prompt.batch.progress import Progress
    from tune_or_prompt.commands.batch import decide_portfolio

    bar = Progress(sys.stderr) if sys.stderr.isatty() else None
    try:
        summary = decide_portfolio(
            file=file, rules=rules or [], builtin_rules=not no_builtin_rules, assumptions_file=assumptions,
            prices=prices or [], assumption_flags=assumption_flags, output=output, jobs=jobs, engine=engine,
            draws=draws, random_seed=random_seed, progress=bar.update if bar is not None else None,
            say=lambda line: print(line, file=sys.stderr),
        )
    finally:
        if bar is not None:
            bar.close()
    for line in summary.lines():
        print(line, file=sys.stderr)
    if output is not None:
        print(f"Results: {visible(str(output))}", file=sys.stderr)
    if summary.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("batch")(with_assumption_flags(batch))
