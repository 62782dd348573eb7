"""``tune-or-prompt decide``: answers -> TCO -> rules -> decision."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from tune_or_prompt.analysis_defaults import DEFAULT_DRAWS
from tune_or_prompt.cli.files import AssumptionsFile, PricesFile
from tune_or_prompt.cli.options import (
    DecisionDrawsOption,
    RandomSeedOption,
    SensitivityOption,
    with_assumption_flags,
)
from tune_or_prompt.files import stdin_path

AnswersFile = Annotated[
    Path | None,
    typer.Option(
        "--answers",
        help="YAML or JSON answers file (built-in and house question ids); - reads standard input. "
        "Default: the article's example workload.",
        dir_okay=False,
        callback=stdin_path,
    ),
]
RulesPaths = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules", help="House rule pack file or folder; loads after the built-ins. Repeatable."
    ),
]
NO_ANSWERS_NOTE = ("tune-or-prompt: no --answers file: using the article's example workload "
                   "(100,000 queries/month, 2,000 in + 500 out tokens, gpt-4o-mini)")
NoBuiltinRules = Annotated[
    bool, typer.Option("--no-builtin-rules", help="Run the house packs alone.")
]


def decide(
    answers: AnswersFile = None,
    rules: RulesPaths = None,
    no_builtin_rules: NoBuiltinRules = False,
    output_format: Annotated[
        Literal["table", "json"],
        typer.Option("--format", help="table for people, json for scripts."),
    ] = "table",
    assumptions: AssumptionsFile = None,
    prices: PricesFile = None,
    uncertainty: Annotated[bool, typer.Option(
        "--uncertainty", hidden=True, help="Kept for earlier scripts: draws are on by default.")] = False,
    draws: DecisionDrawsOption = DEFAULT_DRAWS,
    random_seed: RandomSeedOption = 0,
    sensitivity: SensitivityOption = False,
    *,
    assumption_flags: dict[str, Any],
) -> None:
    """Decide: fine-tune or keep engineering prompts, with every rule that fired and why."""
    from tune_or_prompt.commands.decide import decide_workload, decision_json

    if answers is None:
        print(NO_ANSWERS_NOTE, file=sys.stderr)
    from tune_or_prompt.cli.progress import draws_progress

    with draws_progress(draws):
        decided = decide_workload(
            answers_file=answers, rules=rules or [], builtin_rules=not no_builtin_rules,
            assumptions_file=assumptions, prices=prices or [], assumption_flags=assumption_flags, draws=draws,
            random_seed=random_seed, sensitivity=sensitivity,
        )
    if output_format == "json":
        typer.echo(json.dumps(decision_json(decided), indent=2))
    else:
        from tune_or_prompt.cli.analysis_views import print_analyses
        from tune_or_prompt.cli.rules_views import print_decision

        print_decision(decided.decision, decided.report)
        print_analyses(decided.report)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("decide")(with_assumption_flags(decide))
