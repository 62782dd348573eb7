"""Terminal tables (rich) for the commands' human-readable output."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from tune_or_prompt.pricing import ModelPrice
from tune_or_prompt.tco import TcoReport
from tune_or_prompt.tco.model import CATEGORY_GROUP, GROUPS
from tune_or_prompt.words import count, upper_first

LABELS = {"prompt_engineering": "prompt engineering", "fine_tuning": "fine-tuning", "tie": "neither (a tie)"}


def usd(x: float | None) -> str:
    """Format USD with thousands separators and cents (a minus sign before the dollar sign)."""
    if x is None:
        return "-"
    return f"-${-x:,.2f}" if x < 0 else f"${x:,.2f}"


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
    """Print the full profile: breakdown by category, totals, every fine-tuning option, the verdict line."""
    pe, ft = report.prompt_engineering, report.fine_tuning
    w = report.workload
    title = (f"{report.horizon_months}-month TCO: {w.queries_per_month:,.0f} queries/month, "
             f"{w.input_tokens:,.0f} in + {w.output_tokens:,.0f} out tokens, "
             f"{w.api_model if w.privacy == 'cloud_ok' else 'on premise'}; fine-tuning: {ft.option}")
    table = Table(title=title)
    table.add_column("category", no_wrap=True)
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
    if report.present_value:
        pv = report.present_value
        table.add_row(f"present value at {pv.discount_rate_pct:g}%/year", "", usd(pv.prompt_engineering_usd),
                      usd(pv.fine_tuning_usd), style="bold")
    console = _console()
    console.print(table)
    console.print(verdict_line(report))
    be = report.break_even
    month = f"month {be.month}" if be.month else f"never within {count(report.horizon_months, 'month')}"
    volume = (f"fine-tuning ({be.option}) costs as much as prompting at {be.queries_per_month:,.0f} queries/month"
              if be.queries_per_month is not None else "no volume makes fine-tuning cheaper at these prices")
    console.print(f"Break-even: {month}; {volume}.")
    if ft.gpus_per_month:
        console.print(f"Fine-tuning GPUs ({report.fleet} fleet): {max(ft.gpus_per_month)} at the peak, "
                      f"{ft.average_utilisation_pct or 0:g}% busy on average.")
    print_options(report, console)
    for warning in report.warnings:
        console.print(f"Warning: {warning}")
    console.print(f"{len(report.assumptions)} figures with sources: --format json lists them.")


def print_options(report: TcoReport, console: Console) -> None:
    """Print the feasible fine-tuning options side by side, then why the others are out."""
    table = Table(title="Fine-tuning options")
    table.add_column("option", no_wrap=True)
    table.add_column("total", justify="right", no_wrap=True)
    table.add_column("break-even month", justify="right")
    table.add_column("break-even volume", justify="right")
    notes: list[str] = []
    for o in report.fine_tuning_options:
        if not o.feasible:
            continue
        be = o.break_even
        mark = " (chosen)" if o.id == report.fine_tuning.option else ""
        table.add_row(o.id + mark, usd(o.total_usd), str(be.month) if be and be.month else "never",
                      f"{be.queries_per_month:,.0f}/month" if be and be.queries_per_month is not None else "none")
        if o.note:
            notes.append(f"{o.id}: {o.note}.")
    console.print(table)
    for note in notes:
        console.print(note)
    reasons: dict[str, list[str]] = {}
    for o in report.fine_tuning_options:
        if not o.feasible:
            reasons.setdefault(o.reason, []).append(o.id)
    for reason, ids in reasons.items():
        console.print(f"Not available: {', '.join(ids)}: {reason}.")


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


def print_infra(gpus: Sequence[dict[str, Any]], serving: Sequence[dict[str, Any]],
                offers: Sequence[dict[str, Any]]) -> None:
    """Print the shipped GPU prices, serving capacity and fine-tuning offers."""
    console = _console()
    table = Table(title="GPU rental, USD per GPU-hour (low-high)")
    table.add_column("gpu", no_wrap=True)
    for tier in ("gpu_cloud", "hyperscaler", "reserved_1y", "spot"):
        table.add_column(tier, justify="right")
    for g in gpus:
        cells = [f"{p['value']:.2f} ({p['low']:.2f}-{p['high']:.2f})" for p in g["prices"].values()]
        table.add_row(g["id"], *cells)
    console.print(table)
    table = Table(title="Serving capacity per replica (derived; tokens/s)")
    for col in ("model", "gpu", "gpus", "prefill", "decode"):
        table.add_column(col, no_wrap=col in ("model", "gpu"))
    for s in serving:
        if s["fits"]:
            table.add_row(s["model"], s["gpu"], str(s["gpus_per_replica"]),
                          f"{s['prefill_tokens_per_s']['value']:,.0f}", f"{s['decode_tokens_per_s']['value']:,.0f}")
        else:
            table.add_row(s["model"], s["gpu"], "-", "does not fit", "")
    console.print(table)
    table = Table(title="Fine-tuning offers sold per token (USD per 1M tokens)")
    for col in ("offer", "training", "input", "output", "available"):
        table.add_column(col, no_wrap=col == "offer")
    for o in offers:
        table.add_row(o["id"], str(o.get("training", "-")), str(o.get("input", "-")), str(o.get("output", "-")),
                      "yes" if o.get("available", True) else "no")
    console.print(table)
