"""``tune-or-prompt prices``: list API model prices with their source."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from tune_or_prompt.cli.options import PricesFile
from tune_or_prompt.pricing import load_catalogue


def prices(
    pattern: Annotated[str | None, typer.Argument(
        help="Substring or glob of model names, e.g. 'gpt-4o' or 'claude-*'.")] = None,
    prices: PricesFile = None,
    infra: Annotated[bool, typer.Option(
        "--infra", help="List the shipped GPU prices, serving capacity and fine-tuning offers instead.")] = False,
    output_format: Annotated[Literal["table", "json"], typer.Option("--format")] = "table",
) -> None:
    """List API models with input/output prices per 1M tokens, source and date."""
    from tune_or_prompt.cli import views

    if infra:
        from tune_or_prompt.pricing.shipped import shipped_figures

        data = shipped_figures(pattern)
        if output_format == "json":
            typer.echo(views.to_json(data))
        else:
            views.print_infra(data["gpus"], data["serving"], data["offers"])
        return
    rows = load_catalogue(prices or []).models(pattern)
    if output_format == "json":
        typer.echo(views.to_json([m.model_dump() for m in rows]))
    else:
        views.print_prices(rows, pattern)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("prices")(prices)
