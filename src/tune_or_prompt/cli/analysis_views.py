"""Terminal output (rich) of the uncertainty and sensitivity analyses, under the TCO table."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from tune_or_prompt.cli.tables import console as new_console
from tune_or_prompt.cli.tables import show
from tune_or_prompt.tco import TcoReport
from tune_or_prompt.tco.analyses import break_even_sentence, cheaper_sentence, span

TORNADO_ROWS = 10


def _usd(x: float) -> str:
    return f"-${abs(x):,.0f}" if x < 0 else f"${x:,.0f}"


def print_analyses(report: TcoReport, console: Console | None = None) -> None:
    """Print the spread and the tornado when the report carries them; nothing otherwise."""
    console = console or new_console()
    u = report.uncertainty
    if u is not None:
        table = Table(title=f"Spread over {u.draws:,} draws (seed {u.random_seed})")
        for col, justify in (("", "left"), ("P10", "right"), ("P50", "right"), ("P90", "right")):
            table.add_column(col, justify=justify, no_wrap=True)  # type: ignore[arg-type]
        for name, spread in (("prompt engineering", u.prompt_engineering), ("fine-tuning", u.fine_tuning),
                             ("fine-tuning minus prompting", u.savings_with_prompting)):
            table.add_row(name, _usd(spread.p10_usd), _usd(spread.p50_usd), _usd(spread.p90_usd))
        show(console, table)
        console.print(f"{cheaper_sentence(u)} {break_even_sentence(u, report.horizon_months)}")
    s = report.sensitivity
    if s is not None:
        table = Table(title="Sensitivity: fine-tuning minus prompting, each parameter low to high")
        table.add_column("parameter")
        table.add_column("range")
        for col in ("at low", "at high", "swing"):
            table.add_column(col, justify="right", no_wrap=True)
        for bar in s.tornado[:TORNADO_ROWS]:
            table.add_row(bar.label, span(bar.low, bar.high, bar.unit), _usd(bar.savings_at_low_usd),
                          _usd(bar.savings_at_high_usd), _usd(bar.swing_usd))
        show(console, table)
        if len(s.tornado) > TORNADO_ROWS:
            console.print(f"{len(s.tornado) - TORNADO_ROWS} smaller swings: --format json lists them.")
        for flip in s.flips:
            console.print(f"- {flip.sentence}")
        if not s.flips:
            console.print("No single cost parameter, moved alone, changes which path is cheaper.")
