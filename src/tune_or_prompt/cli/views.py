"""Terminal tables (rich) of ``tco``: the article's formula and the full model's breakdown."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from tune_or_prompt.cli.tables import console, show, usd
from tune_or_prompt.tco import TcoReport
from tune_or_prompt.tco.model import CATEGORY_GROUP, GROUPS
from tune_or_prompt.verdicts import VERDICT_LABELS
from tune_or_prompt.words import count, upper_first


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
    """Print the full profile: breakdown by category, totals, every fine-tuning option, the verdict line."""
    pe, ft = report.prompt_engineering, report.fine_tuning
    w = report.workload
    title = (f"{report.horizon_months}-month TCO: {w.queries_per_month:,.0f} queries/month, "
             f"{w.input_tokens:,.0f} in + {w.output_tokens:,.0f} out tokens, "
             f"{w.api_model if w.privacy == 'cloud_ok' else 'on premise'}; prompting: {pe.option}; "
             f"fine-tuning: {ft.option}")
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
    if report.present_value:
        pv = report.present_value
        table.add_row(f"present value at {pv.discount_rate_pct:g}%/year", "", usd(pv.prompt_engineering_usd),
                      usd(pv.fine_tuning_usd), style="bold")
    con = console()
    show(con, table)
    con.print(verdict_line(report))
    be = report.break_even
    month = f"month {be.month}" if be.month else f"never within {count(report.horizon_months, 'month')}"
    volume = (f"fine-tuning ({be.option}) costs as much as prompting at {be.queries_per_month:,.0f} queries/month"
              if be.queries_per_month is not None else "no volume makes fine-tuning cheaper at these prices")
    con.print(f"Break-even: {month}; {volume}.")
    if ft.gpus_per_month:
        con.print(f"Fine-tuning GPUs ({report.fleet} fleet): {max(ft.gpus_per_month)} at the peak, "
                  f"{ft.average_utilisation_pct or 0:g}% busy on average.")
    print_options(report, con)
    print_paths(report, con)
    for warning in report.warnings:
        con.print(f"Warning: {warning}")
    con.print(f"{len(report.assumptions)} figures with sources: --format json lists them.")


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
    show(console, table)
    for note in notes:
        console.print(note)
    reasons: dict[str, list[str]] = {}
    for o in report.fine_tuning_options:
        if not o.feasible:
            reasons.setdefault(o.reason, []).append(o.id)
    for reason, ids in reasons.items():
        console.print(f"Not available: {', '.join(ids)}: {reason}.")


def print_paths(report: TcoReport, console: Console) -> None:
    """Print every available path, the recommended one, and how its saving splits."""
    if not report.paths:
        return
    table = Table(title="Paths compared")
    table.add_column("path", no_wrap=True)
    table.add_column("accuracy", justify="right")
    table.add_column("meets target")
    table.add_column("total", justify="right", no_wrap=True)
    table.add_column("typical month", justify="right", no_wrap=True)
    for p in report.paths:
        if not p.available:
            continue
        mark = " (recommended)" if p.id == report.recommended_path else " (current)" if p.current else ""
        shown = f"{p.accuracy_pct:g}%" + ("" if p.accuracy_measured else
                                          f" ({p.accuracy_low_pct:g}-{p.accuracy_high_pct:g})")
        table.add_row(p.id + mark, shown, "yes" if p.meets_accuracy_target else "no", usd(p.total_usd),
                      usd(p.monthly_p50_usd))
    show(console, table)
    d = report.decomposition
    if d is not None and d.current_path != d.recommended_path:
        console.print(f"Against {d.current_path}, {d.recommended_path} saves {usd(d.saving_usd)}: "
                      f"model switch {usd(d.model_switch_usd)}, adaptation {usd(d.adaptation_usd)}"
                      + (f" (via {d.via_path})." if d.via_path and d.via_path != d.recommended_path else "."))
    f = report.fine_tuning_split
    recommended = next((p for p in report.paths if p.id == report.recommended_path), None)
    if f is not None and recommended is not None and recommended.adaptation == "prompt":
        console.print(f"Like for like, against {d.current_path if d else 'the current setup'}, {f.path} "
                      f"{'saves' if f.saving_usd >= 0 else 'costs'} {usd(abs(f.saving_usd))}"
                      f"{'' if f.saving_usd >= 0 else ' more'}: model switch {usd(f.model_switch_usd)}, "
                      f"adaptation {usd(f.adaptation_usd)}" + (f" (via {f.via_path})." if f.via_path else "."))


def verdict_line(report: TcoReport) -> str:
    """One sentence: which path is cheaper, by how much."""
    if report.cheaper == "tie":
        return "Both paths cost the same over the horizon."
    winner = VERDICT_LABELS[report.cheaper].words
    ratio = f" ({report.cost_ratio:g}x)" if report.cost_ratio else ""
    return (f"{upper_first(winner)} is cheaper over {count(report.horizon_months, 'month')} by "
            f"{usd(abs(report.savings_with_prompting_usd))}{ratio}.")
