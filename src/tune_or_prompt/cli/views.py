"""Terminal tables (rich) for the commands' human-readable output."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from tune_or_prompt.pricing import InfraFigure, ModelPrice
from tune_or_prompt.tco import TcoReport
from tune_or_prompt.tco.full import CATEGORY_GROUP, GROUPS
from tune_or_prompt.words import count, upper_first

LABELS = {"prompt_engineering": "prompt engineering", "fine_tuning": "fine-tuning", "tie": "neither (a tie)"}


def usd(x: float | None) -> str:
    """Format USD with thousands separators and cents."""
    return "-" if x is None else f"${x:,.2f}"


def to_json(data: Any) -> str:
    """Pretty JSON."""
    return json.dumps(data, indent=2)


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def print_seed(result: dict[str, Any]) -> None:
    """Print the article formula's five figures."""
    table = Table(title="Seed profile: the article's formula (engineer time excluded)")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in result.items():
        shown = f"{value:.1f}" if key == "break_even_month" and value is not None else (
            "never (no API cost)" if value is None else usd(value))
        table.add_row(key, shown)
    console = _console()
    console.print(table)
    console.print("The article's 'break-even month' ignores fine-tuning's running costs; "
                  "use the full profile for a real break-even.")


def print_tco(report: TcoReport) -> None:
    """Print the full profile: breakdown by category, totals and the verdict line."""
    pe, ft = report.prompt_engineering, report.fine_tuning
    w = report.workload
    title = (f"{report.horizon_months}-month TCO: {w.queries_per_month:,.0f} queries/month, "
             f"{w.input_tokens:,.0f} in + {w.output_tokens:,.0f} out tokens, "
             f"{w.api_model if w.privacy == 'cloud_ok' else 'on-premise'}; fine-tuning {report.ft_mode}")
    table = Table(title=title)
    table.add_column("category")
    table.add_column("group")
    table.add_column("prompt engineering", justify="right")
    table.add_column("fine-tuning", justify="right")
    categories = [c for c in CATEGORY_GROUP if c in pe.breakdown or c in ft.breakdown]
    for group in GROUPS:
        for c in categories:
            if CATEGORY_GROUP[c] != group:
                continue
            table.add_row(c.replace("_", " "), group, usd(pe.breakdown.get(c)), usd(ft.breakdown.get(c)))
    table.add_section()
    table.add_row("total", "", usd(pe.total_usd), usd(ft.total_usd), style="bold")
    console = _console()
    console.print(table)
    console.print(verdict_line(report))
    be = report.break_even
    month = f"month {be.month}" if be.month else f"never within {count(report.horizon_months, 'month')}"
    volume = (f"fine-tuning pays off above {be.queries_per_month:,.0f} queries/month"
              if be.queries_per_month is not None else "no volume makes fine-tuning cheaper at these prices")
    console.print(f"Break-even: {month}; {volume}.")
    if ft.gpus_per_month:
        console.print(f"Fine-tuning GPUs: {ft.gpus_per_month[0]} in month 1, {max(ft.gpus_per_month)} at most.")
    console.print(f"{len(report.assumptions)} figures with sources: --format json lists them.")


def verdict_line(report: TcoReport) -> str:
    """One sentence: which path is cheaper, by how much."""
    if report.cheaper == "tie":
        return "Both paths cost the same over the horizon."
    winner = LABELS[report.cheaper]
    ratio = f" ({report.cost_ratio:g}x)" if report.cost_ratio else ""
    return (f"{upper_first(winner)} is cheaper over {count(report.horizon_months, 'month')} by "
            f"{usd(abs(report.savings_with_prompting_usd))}{ratio}.")


def print_prices(rows: Sequence[ModelPrice], pattern: str | None) -> None:
    """Print API model prices."""
    table = Table(title=f"API prices per 1M tokens{f' matching {pattern!r}' if pattern else ''}")
    for col, justify in (("model", "left"), ("provider", "left"), ("input", "right"),
                         ("output", "right"), ("cached in", "right"), ("batch in/out", "right"),
                         ("source", "left")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for m in rows:
        batch = (f"{usd(m.batch_input_usd_per_mtok)}/{usd(m.batch_output_usd_per_mtok)}"
                 if m.batch_input_usd_per_mtok is not None else "-")
        table.add_row(m.model, m.provider, usd(m.input_usd_per_mtok), usd(m.output_usd_per_mtok),
                      usd(m.cached_input_usd_per_mtok), batch, f"{m.source}; {m.as_of}")
    console = _console()
    console.print(table)
    console.print(f"{count(len(rows), 'model')}.")


def print_infra(figures: Sequence[InfraFigure]) -> None:
    """Print the shipped infrastructure figures."""
    table = Table(title="Shipped figures (not in genai-prices)")
    for col in ("id", "value", "range", "unit", "source", "as of"):
        table.add_column(col)
    for f in figures:
        table.add_row(f.id, f"{f.value:g}", f"{f.low:g}-{f.high:g}", f.unit, f.source, f.as_of)
    _console().print(table)
