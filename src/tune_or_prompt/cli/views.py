"""Terminal tables (rich) of ``tco``: the article's formula and the full model's breakdown."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from tune_or_prompt.cli.tables import console, show, usd
from tune_or_prompt.tco import TcoReport
from tune_or_prompt.tco.full import CATEGORY_GROUP, GROUPS

LABELS = {"prompt_engineering": "prompt engineering", "fine_tuning": "fine-tuning", "tie": "neither (a tie)"}


def print_seed(result: dict[str, Any]) -> None:
    """Print the article formula's five figures."""
    table = Table(title="Seed profile: the article's formula (engineer time excluded)")
    table.add_column("figure", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    for key, value in result.items():
        shown = f"{value:.1f}" if key == "break_even_month" and value is not None else (
            "never (no API cost)" if value is None else usd(value))
        table.add_row(key, shown)
    con = console()
    show(con, table)
    con.print("The article's 'break-even month' ignores fine-tuning's running costs; "
                  "use the full profile for a real break-even.")


def print_tco(report: TcoReport) -> None:
    """Print the full profile: breakdown by category, totals and the verdict line."""
    pe, ft = report.prompt_engineering, report.fine_tuning
    w = report.workload
    title = (f"{report.horizon_months}-month TCO: {w.queries_per_month:,.0f} queries/month, "
             f"{w.input_tokens:,.0f} in + {w.output_tokens:,.0f} out tokens, "
             f"{w.api_model if w.privacy == 'cloud_ok' else 'on-premise'}; fine-tuning {report.ft_mode}")
    table = Table(title=title)
    table.add_column("category", no_wrap=True)
    table.add_column("group", no_wrap=True)
    table.add_column("prompt engineering", justify="right", no_wrap=True)
    table.add_column("fine-tuning", justify="right", no_wrap=True)
    categories = [c for c in CATEGORY_GROUP if c in pe.breakdown or c in ft.breakdown]
    for group in GROUPS:
        for c in categories:
            if CATEGORY_GROUP[c] != group:
                continue
            table.add_row(c.replace("_", " "), group, usd(pe.breakdown.get(c)), usd(ft.breakdown.get(c)))
    table.add_section()
    table.add_row("total", "", usd(pe.total_usd), usd(ft.total_usd), style="bold")
    con = console()
    show(con, table)
    con.print(verdict_line(report))
    be = report.break_even
    month = f"month {be.month}" if be.month else f"never within {report.horizon_months} months"
    volume = (f"fine-tuning pays off above {be.queries_per_month:,.0f} queries/month"
              if be.queries_per_month is not None else "no volume makes fine-tuning cheaper at these prices")
    con.print(f"Break-even: {month}; {volume}.")
    if ft.gpus_per_month:
        con.print(f"Fine-tuning GPUs: {ft.gpus_per_month[0]} in month 1, {max(ft.gpus_per_month)} at most.")
    con.print(f"{len(report.assumptions)} figures with sources: --format json lists them.")


def verdict_line(report: TcoReport) -> str:
    """One sentence: which path is cheaper, by how much."""
    if report.cheaper == "tie":
        return "Both paths cost the same over the horizon."
    winner = LABELS[report.cheaper]
    ratio = f" ({report.cost_ratio:g}x)" if report.cost_ratio else ""
    return (f"{winner.capitalize()} is cheaper over {report.horizon_months} months by "
            f"{usd(abs(report.savings_with_prompting_usd))}{ratio}.")
