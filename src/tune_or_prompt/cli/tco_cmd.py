"""``tune-or-prompt tco``: price both paths over the horizon."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

import typer

from tune_or_prompt.cli.files import AssumptionsFile, PricesFile
from tune_or_prompt.cli.options import (
    DrawsOption,
    RandomSeedOption,
    SensitivityOption,
    UncertaintyFlag,
    uncertainty_draws,
    with_assumption_flags,
)
from tune_or_prompt.printable import json_visible

WORKLOAD_PANEL = "Workload"
SEED_PANEL = "Seed profile (the article's calculator)"


def tco(
    profile: Annotated[Literal["full", "seed"], typer.Option(
        help="full: month-by-month model of every cost category; seed: the article's formula exactly.")] = "full",
    queries_per_month: Annotated[float | None, typer.Option(
        help="Queries per month (month 1). Default 100000.", rich_help_panel=WORKLOAD_PANEL)] = None,
    input_tokens: Annotated[float | None, typer.Option(
        help="Input tokens per query, full prompt. Default 2000.", rich_help_panel=WORKLOAD_PANEL)] = None,
    output_tokens: Annotated[float | None, typer.Option(
        help="Output tokens per query. Default 500.", rich_help_panel=WORKLOAD_PANEL)] = None,
    growth_pct_per_month: Annotated[float | None, typer.Option(
        help="Monthly volume growth, percent. Default 0.", rich_help_panel=WORKLOAD_PANEL)] = None,
    api_model: Annotated[str | None, typer.Option(
        help="API model prompting would use. Default gpt-4o-mini.", rich_help_panel=WORKLOAD_PANEL)] = None,
    privacy: Annotated[Literal["cloud_ok", "on_premise"] | None, typer.Option(
        help="on_premise: no external API; prompting is priced on own GPUs. Default cloud_ok.",
        rich_help_panel=WORKLOAD_PANEL)] = None,
    months: Annotated[int | None, typer.Option(
        help="Horizon in months. Default 36.", rich_help_panel=WORKLOAD_PANEL)] = None,
    ft_initial_cost: Annotated[float | None, typer.Option(
        help="Seed: initial fine-tuning cost, USD. Default 5000.", rich_help_panel=SEED_PANEL)] = None,
    ft_monthly_infra: Annotated[float | None, typer.Option(
        help="Seed: fine-tuning infrastructure, USD/month. Default 2000.", rich_help_panel=SEED_PANEL)] = None,
    retrain_cost: Annotated[float | None, typer.Option(
        help="Seed: cost of one retraining cycle, USD. Default 1500.", rich_help_panel=SEED_PANEL)] = None,
    output_format: Annotated[Literal["table", "json"], typer.Option(
        "--format", help="table for people, json for scripts.")] = "table",
    assumptions: AssumptionsFile = None,
    prices: PricesFile = None,
    uncertainty: UncertaintyFlag = False,
    draws: DrawsOption = None,
    random_seed: RandomSeedOption = 0,
    sensitivity: SensitivityOption = False,
    *,
    assumption_flags: dict[str, Any],
) -> None:
    """Price prompt engineering and fine-tuning over the horizon, month by month."""
    from tune_or_prompt.cli.progress import draws_progress
    from tune_or_prompt.commands.tco import price_workload

    n_draws = uncertainty_draws(uncertainty, draws)
    with draws_progress(n_draws):
        result = price_workload(
            profile=profile,
            workload={"queries_per_month": queries_per_month, "input_tokens": input_tokens,
                      "output_tokens": output_tokens, "growth_pct_per_month": growth_pct_per_month,
                      "api_model": api_model, "privacy": privacy, "horizon_months": months},
            seed_values={"ft_initial_cost": ft_initial_cost, "ft_monthly_infra": ft_monthly_infra,
                         "retrain_cost": retrain_cost},
            assumption_flags=assumption_flags, assumptions_file=assumptions, prices=prices or [],
            draws=n_draws, random_seed=random_seed, sensitivity=sensitivity,
        )
    if isinstance(result, dict):  # the seed formula's figures
        if output_format == "json":
            typer.echo(json.dumps(result, indent=2))
        else:
            from tune_or_prompt.cli.views import print_seed

            print_seed(result)
    elif output_format == "json":
        typer.echo(json_visible(result.model_dump_json(indent=2)))
    else:
        from tune_or_prompt.cli.analysis_views import print_analyses
        from tune_or_prompt.cli.views import print_tco

        print_tco(result)
        print_analyses(result)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("tco")(with_assumption_flags(tco))
