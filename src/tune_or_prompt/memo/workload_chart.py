"""Small bar charts of the measured workload (volume per day, the 24-hour profile), as inline SVG.

Drawn like the memo's cost chart (:mod:`.chart`): matplotlib's object API and
SVG canvas, text kept as text, no metadata, a fixed hash salt so a
regenerated memo diffs cleanly. Imported by the HTML memo only.
"""

from __future__ import annotations

from collections.abc import Sequence

from tune_or_prompt.memo.chart import PE_COLOUR, svg_element

AVERAGE_COLOUR = "#6b7280"


def bars_svg(values: Sequence[float], *, label: str, ticks: dict[int, str],
             average_line: bool = False) -> str:
    """Draw ``values`` as bars and return the ``<svg>`` element.

    Args:
        values: One bar each, left to right.
        label: What the chart shows (its title and accessible name).
        ticks: Bar index -> x-axis label, for the few bars that get one.
        average_line: Draw a dashed line at 1 (the average of a relative profile).

    """
    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "tune-or-prompt",
                     "font.family": "sans-serif", "font.size": 10}):
        fig = Figure(figsize=(6.4, 2.2))
        fig.subplots_adjust(left=0.1, right=0.98, top=0.86, bottom=0.16)
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        positions = list(range(len(values)))
        ax.bar(positions, list(values), width=0.8, color=PE_COLOUR, linewidth=0)
        if average_line:
            ax.axhline(1.0, color=AVERAGE_COLOUR, linestyle="--", linewidth=1)
        ax.set_xlim(-0.6, len(values) - 0.4)
        ax.set_ylim(bottom=0)
        ax.set_xticks(list(ticks), list(ticks.values()))
        ax.yaxis.set_major_locator(MaxNLocator(4))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: f"{y:,.4g}"))
        ax.set_title(label, loc="left", fontsize=10)
        ax.grid(True, axis="y", color="#e5e7eb", linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return svg_element(fig, label)
