"""Terminal tables of ``prices``: the catalogue's summary, model prices, shipped figures.

Kept apart from the cost views so ``prices`` imports neither the cost model
nor its parameters: the command answers from the cached price index alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.table import Table

from tune_or_prompt.cli.tables import console, price, show
from tune_or_prompt.words import count

if TYPE_CHECKING:
    from tune_or_prompt.pricing import ModelPrice, ProviderSummary


def _span(low: float, high: float) -> str:
    return price(low) if low == high else f"{price(low)}-{price(high)}"


def print_summary(providers: Sequence[ProviderSummary], source: str) -> None:
    """Print how many models each provider sells, with their price ranges, and how to look one up."""
    total = sum(p.models for p in providers)
    table = Table(title=f"API price catalogue: {total:,} models from {len(providers)} providers")
    table.add_column("provider", no_wrap=True)
    table.add_column("models", justify="right", no_wrap=True)
    table.add_column("input per 1M tokens", justify="right", no_wrap=True)
    table.add_column("output per 1M tokens", justify="right", no_wrap=True)
    for p in providers:
        table.add_row(p.provider, f"{p.models:,}", _span(*p.input_usd_per_mtok), _span(*p.output_usd_per_mtok))
    con = console()
    show(con, table)
    con.print(f"Source: {source}.")
    con.print("One model or family: tune-or-prompt prices gpt-4o (a substring or a glob such as 'claude-*'); "
              "every model: tune-or-prompt prices --all; GPU and training figures: tune-or-prompt prices --infra.")


def print_prices(rows: Sequence[ModelPrice], pattern: str | None) -> None:
    """Print API model prices, one model a row; each distinct source once, numbered, under the table."""
    table = Table(title=f"API prices per 1M tokens{f' matching {pattern!r}' if pattern else ''}")
    for col, justify in (("model", "left"), ("provider", "left"), ("input", "right"), ("output", "right"),
                         ("cached in", "right"), ("batch in/out", "right"), ("source", "right")):
        table.add_column(col, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    sources: dict[str, int] = {}
    for m in rows:
        batch = (f"{price(m.batch_input_usd_per_mtok)}/{price(m.batch_output_usd_per_mtok)}"
                 if m.batch_input_usd_per_mtok is not None else "-")
        number = sources.setdefault(f"{m.source}, {m.as_of}", len(sources) + 1)
        table.add_row(m.model, m.provider, price(m.input_usd_per_mtok), price(m.output_usd_per_mtok),
                      price(m.cached_input_usd_per_mtok), batch, f"[{number}]")
    con = console()
    show(con, table)
    con.print(f"{count(len(rows), 'model')}.")
    for source, number in sources.items():
        con.print(f"[{number}] {source}", markup=False)


def print_infra(gpus: Sequence[dict[str, Any]], serving: Sequence[dict[str, Any]],
                offers: Sequence[dict[str, Any]]) -> None:
    """Print the shipped GPU prices, serving capacity and fine-tuning offers."""
    con = console()
    table = Table(title="GPU rental, USD per GPU-hour (low-high)")
    table.add_column("gpu", no_wrap=True)
    for tier in ("gpu_cloud", "hyperscaler", "reserved_1y", "spot"):
        table.add_column(tier, justify="right", no_wrap=True)
    for g in gpus:
        cells = [f"{p['value']:.2f} ({p['low']:.2f}-{p['high']:.2f})" for p in g["prices"].values()]
        table.add_row(g["id"], *cells)
    show(con, table)
    table = Table(title="Serving capacity per replica at 2,000 input / 500 output tokens (derived; tokens/s; "
                  "`capacity` for your workload)")
    for col in ("model", "gpu", "gpus", "precision", "prefill", "decode"):
        table.add_column(col, no_wrap=True)
    for s in serving:
        if s["available"]:
            table.add_row(s["model"], s["gpu"], str(s["gpus_per_replica"]), s["precision"],
                          f"{s['prefill_tokens_per_s']['value']:,.0f}", f"{s['decode_tokens_per_s']['value']:,.0f}")
        else:
            table.add_row(s["model"], s["gpu"], "-", s["precision"], "unavailable", s["reason"])
    show(con, table)
    table = Table(title="Fine-tuning and serverless offers sold per token (USD per 1M tokens)")
    for col in ("offer", "training", "input", "output", "available"):
        table.add_column(col, no_wrap=True)

    def cell(o: dict[str, Any], key: str) -> str:
        return "-" if o.get(key) is None else str(o[key])

    for o in offers:
        table.add_row(o["id"], cell(o, "training"), cell(o, "input"), cell(o, "output"),
                      "yes" if o.get("available", True) else "no")
    show(con, table)
