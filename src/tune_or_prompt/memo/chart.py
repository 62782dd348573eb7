"""The memo's chart: cumulative cost of both paths, month by month, as SVG.

matplotlib is imported inside :func:`cumulative_cost_svg` only, so a Markdown
memo written to stdout (no chart) and every other command never pay for it.
It draws through the object API and the SVG canvas directly, never pyplot, so
it neither needs nor changes a global backend (the Agg-family canvas needs no
display). Text is kept as SVG text (``svg.fonttype: none``) rather than glyph
outlines: a fraction of the size, selectable, and readable by screen readers.
The output is deterministic (fixed hash salt, no date) so a regenerated memo
diffs cleanly.
"""

from __future__ import annotations

import io
import re
from html import escape
from typing import Any

from tune_or_prompt.tco import TcoReport

PE_COLOUR = "#2563eb"
FT_COLOUR = "#c2410c"
MARK_COLOUR = "#15803d"


def _short_usd(x: float, _pos: Any = None) -> str:
    """Axis tick label: $0, $950, $12K, $1.5M."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(x) >= size:
            return f"${x / size:,.3g}{suffix}"
    return f"${x:,.0f}"


def cumulative_cost_svg(tco: TcoReport) -> str:
    """Draw cumulative cost per month for both paths and return the ``<svg>`` element."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    months = list(range(len(tco.prompt_engineering.cumulative_usd) + 1))
    pe = [0.0, *tco.prompt_engineering.cumulative_usd]
    ft = [0.0, *tco.fine_tuning.cumulative_usd]
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "tune-or-prompt",
                     "font.family": "sans-serif", "font.size": 11}):
        fig = Figure(figsize=(6.4, 3.6))
        # Fixed margins rather than constrained layout: the layout solver was
        # half the drawing time, and the labels here are of known width.
        fig.subplots_adjust(left=0.14, right=0.97, top=0.89, bottom=0.15)
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        ax.plot(months, pe, color=PE_COLOUR, linewidth=2.2, label="Prompt engineering")
        ax.plot(months, ft, color=FT_COLOUR, linewidth=2.2, label="Fine-tuning")
        _mark_break_even(ax, tco)
        ax.set_xlim(0, months[-1])
        ax.set_ylim(bottom=0)
        ax.set_xlabel("month")
        ax.set_ylabel("cumulative cost")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(_short_usd))
        ax.grid(True, color="#e5e7eb", linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        # An opaque legend: the break-even line must not strike through its labels.
        ax.legend(loc="upper left", frameon=True, facecolor="white", edgecolor="none",
                  framealpha=1.0)
        return svg_element(fig, f"Cumulative cost of both paths over {tco.horizon_months} months")


def svg_element(fig: Any, label: str) -> str:
    """Return a drawn figure as an ``<svg>`` element to inline, named ``label`` for screen readers."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML prolog and DOCTYPE so it can be inlined
    # Drop the RDF metadata block: creator and licence links nobody reads, and
    # the memo should carry no URL it did not put there on purpose.
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.DOTALL)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


def _mark_break_even(ax: Any, tco: TcoReport) -> None:
    """Mark the break-even month, or say that there is none, above the plot area.

    The sentence goes in the axes' title slot, where it cannot cover a line.
    """
    month = tco.break_even.month
    if month is not None:
        ax.axvline(month, color=MARK_COLOUR, linestyle="--", linewidth=1.4)
        text = f"fine-tuning breaks even in month {month}"
    else:
        text = f"fine-tuning never breaks even within {tco.horizon_months} months"
    ax.set_title(text, loc="right", color=MARK_COLOUR, fontweight="bold", fontsize=11)
