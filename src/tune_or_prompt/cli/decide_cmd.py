"""``tune-or-prompt decide``: answers -> TCO -> rules -> decision."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from tune_or_prompt.cli.files import AssumptionsFile, PricesFile
from tune_or_prompt.cli.options import (
    DecisionDrawsOption,
    RandomSeedOption,
    SensitivityOption,
    with_assumption_flags,
)
from tune_or_prompt.files import stdin_path
from tune_or_prompt.tco.analyses import DEFAULT_DRAWS

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
    from tune_or_prompt.answers_io import answers_from_values, load_answers_file
    from tune_or_prompt.checks import require_finite
    from tune_or_prompt.pipeline import evaluate_workload
    from tune_or_prompt.pricing import load_catalogue
    from tune_or_prompt.rules import load_packs
    from tune_or_prompt.tco.assumptions_io import build_assumptions, load_assumptions_file

    ruleset = load_packs(rules or [], builtin=not no_builtin_rules)
    if answers is None:
        print(
            "tune-or-prompt: no --answers file: using the article's example workload "
            "(100,000 queries/month, 2,000 in + 500 out tokens, gpt-4o-mini)",
            file=sys.stderr,
        )
        values: dict[str, Any] = {}
    else:
        values = load_answers_file(answers, ruleset)
    built, house = answers_from_values(values, ruleset)
    costs = build_assumptions(load_assumptions_file(assumptions) if assumptions else {}, assumption_flags)
    catalogue = load_catalogue(prices or [])
    report, result = evaluate_workload(
        built, house, assumptions=costs, catalogue=catalogue, ruleset=ruleset,
        uncertainty_draws=draws, random_seed=random_seed, sensitivity=sensitivity,
    )
    require_finite(report, "decide")
    require_finite(result, "decide")
    if output_format == "json":
        payload = result.model_dump(mode="json")
        payload["house_answers"] = house
        payload["tco"] = report.model_dump(mode="json", exclude={"uncertainty", "sensitivity"})
        if report.uncertainty is not None:
            payload["uncertainty"] = report.uncertainty.model_dump(mode="json")
        if report.sensitivity is not None:
            payload["sensitivity"] = report.sensitivity.model_dump(mode="json")
        typer.echo(json.dumps(payload, indent=2))
    else:
        from tune_or_prompt.cli.analysis_views import print_analyses
        from tune_or_prompt.cli.rules_views import print_decision

        print_decision(result, report)
        print_analyses(report)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("decide")(with_assumption_flags(decide))
