"""``tune-or-prompt tco``: price both paths over the horizon."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from tune_or_prompt.checks import require_finite
from tune_or_prompt.cli.files import AssumptionsFile, PricesFile
from tune_or_prompt.cli.options import (
    DrawsOption,
    RandomSeedOption,
    SensitivityOption,
    UncertaintyFlag,
    flag_name,
    uncertainty_draws,
    with_assumption_flags,
)
from tune_or_prompt.errors import UserError
from tune_or_prompt.pricing import load_catalogue
from tune_or_prompt.printable import json_visible
from tune_or_prompt.tco import SeedInputs, compute_tco, seed_tco
from tune_or_prompt.tco.assumptions_io import (
    build_assumptions,
    build_workload,
    load_assumptions_file,
    validate_values,
)

WORKLOAD_PANEL = "Workload"
SEED_PANEL = "Seed profile (the article's calculator)"
# Assumption flags that also mean something to the seed formula.
_SEED_SHARED = {"input_price_usd_per_mtok": "input_price", "output_price_usd_per_mtok": "output_price",
                "ft_retrain_every_months": "retrain_every_months"}


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
    n_draws = uncertainty_draws(uncertainty, draws)
    workload_values = {
        "queries_per_month": queries_per_month, "input_tokens": input_tokens,
        "output_tokens": output_tokens, "growth_pct_per_month": growth_pct_per_month,
        "api_model": api_model, "privacy": privacy, "horizon_months": months,
    }
    if profile == "seed":
        if n_draws or sensitivity:
            raise UserError("--uncertainty, --draws and --sensitivity belong to the full profile; "
                            "the seed formula has no ranges")
        result = _seed(workload_values, assumption_flags, prices, assumptions,
                       ft_initial_cost, ft_monthly_infra, retrain_cost)
        require_finite(result, "tco --profile seed")
        if output_format == "json":
            typer.echo(json.dumps(result, indent=2))
        else:
            from tune_or_prompt.cli.views import print_seed

            print_seed(result)
        return
    for flag, value in (("--ft-initial-cost", ft_initial_cost), ("--ft-monthly-infra", ft_monthly_infra),
                        ("--retrain-cost", retrain_cost)):
        if value is not None:
            raise UserError(
                f"{flag} belongs to --profile seed; the full profile takes --ft-option flat with "
                "--ft-flat-initial-usd, --ft-flat-monthly-infra-usd and --ft-retrain-cost-usd"
            )
    file_values = load_assumptions_file(assumptions) if assumptions else {}
    report = compute_tco(
        build_workload(workload_values),
        build_assumptions(file_values, assumption_flags),
        load_catalogue(prices or []),
        uncertainty_draws=n_draws,
        random_seed=random_seed,
        sensitivity=sensitivity,
    )
    require_finite(report, "tco")
    if output_format == "json":
        typer.echo(json_visible(report.model_dump_json(indent=2)))
    else:
        from tune_or_prompt.cli.views import print_tco

        print_tco(report)
        from tune_or_prompt.cli.analysis_views import print_analyses

        print_analyses(report)


def _seed(
    workload_values: dict[str, Any],
    flags: dict[str, Any],
    prices: list[Path] | None,
    assumptions: Path | None,
    ft_initial_cost: float | None,
    ft_monthly_infra: float | None,
    retrain_cost: float | None,
) -> dict[str, Any]:
    for name in ("growth_pct_per_month", "privacy"):
        if workload_values[name] is not None:
            raise UserError(f"{flag_name(name)} belongs to the full profile; the seed formula has no such input")
    if workload_values["horizon_months"] not in (None, 36):
        raise UserError("--months: the seed formula is fixed at 36 months; use the full profile for other horizons")
    if assumptions is not None:
        raise UserError("--assumptions belongs to the full profile; the seed formula takes its own flags")
    unknown = sorted(set(flags) - set(_SEED_SHARED))
    if unknown:
        raise UserError(f"{flag_name(unknown[0])} belongs to the full profile; the seed formula has no such input")
    values: dict[str, Any] = {
        "queries_per_month": workload_values["queries_per_month"],
        "input_tokens": workload_values["input_tokens"],
        "output_tokens": workload_values["output_tokens"],
        "ft_initial_cost": ft_initial_cost, "ft_monthly_infra": ft_monthly_infra,
        "retrain_cost": retrain_cost,
    }
    values.update({_SEED_SHARED[k]: v for k, v in flags.items()})
    if workload_values["api_model"] is not None:
        price = load_catalogue(prices or []).lookup(workload_values["api_model"])
        if values.get("input_price") is None:
            values["input_price"] = price.input_usd_per_mtok
        if values.get("output_price") is None:
            values["output_price"] = price.output_usd_per_mtok
    inputs = validate_values(SeedInputs, values, "input")
    return seed_tco(inputs).model_dump()


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("tco")(with_assumption_flags(tco))
