"""``tune-or-prompt prices``: the API price catalogue (a summary, a look-up, or all of it)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

import typer

from tune_or_prompt.cli.files import PricesFile


def prices(
    pattern: Annotated[str | None, typer.Argument(
        help="Substring or glob of model names, e.g. 'gpt-4o' or 'claude-*'.", show_default=False)] = None,
    show_all: Annotated[bool, typer.Option(
        "--all", help="List every model (thousands of rows) instead of the summary.")] = False,
    prices: PricesFile = None,
    infra: Annotated[bool, typer.Option(
        "--infra", help="List the shipped GPU prices, serving capacity and fine-tuning offers instead.")] = False,
    output_format: Annotated[Literal["table", "json"], typer.Option(
        "--format", help="table for people, json for scripts.")] = "table",
) -> None:
    """List API prices per 1M tokens: a summary by provider, the models matching PATTERN, or --all."""
    from tune_or_prompt.cli import price_views
    from tune_or_prompt.cli.tables import to_json
    from tune_or_prompt.pricing import load_catalogue

    if infra:
        from tune_or_prompt.pricing.shipped import shipped_figures

        data = shipped_figures(pattern)
        if output_format == "json":
            typer.echo(to_json(data))
        else:
            price_views.print_infra(data["gpus"], data["serving"], data["offers"])
        return
    catalogue = load_catalogue(prices or [])
    if pattern is None and not show_all:
        providers = catalogue.providers()
        if output_format == "json":
            typer.echo(to_json({"source": catalogue.source, "models": sum(p.models for p in providers),
                                "providers": [asdict(p) for p in providers]}))
        else:
            price_views.print_summary(providers, catalogue.source)
        return
    rows = catalogue.models(pattern)
    if output_format == "json":
        typer.echo(to_json([m.model_dump() for m in rows]))
    else:
        price_views.print_prices(rows, pattern)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("prices")(prices)
