"""The memo's tornado chart: how far each parameter, low to high, moves the savings, as SVG.

Drawn like :mod:`.chart` (matplotlib imported lazily, object API, SVG text kept
as text, deterministic output) so the HTML memo stays one self-contained file.
Each bar spans the savings (fine-tuning minus prompting) with the parameter at
its low and at its high end; the line through the bars is this run's figure
and a dashed line at $0 marks where the cheaper path changes, when in view.
"""

from __future__ import annotations

import io
import re

from tune_or_prompt.memo.chart import FT_COLOUR, PE_COLOUR, _short_usd
from tune_or_prompt.tco.analyses import Sensitivity

TORNADO_BARS = 10
LOW_COLOUR = "#64748b"
HIGH_COLOUR = "#0f766e"


def tornado_svg(sensitivity: Sensitivity, bars: int = TORNADO_BARS) -> str | None:
    """Draw the ``bars`` largest swings and return the ``<svg>`` element (``None``: nothing to draw)."""
    rows = [b for b in sensitivity.tornado[:bars] if b.swing_usd > 0]
    if not rows:
        return None
    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    rows.reverse()  # matplotlib draws the first bar at the bottom; the largest goes on top
    centre = sensitivity.savings_usd
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "tune-or-prompt",
                     "font.family": "sans-serif", "font.size": 10}):
        fig = Figure(figsize=(6.4, 0.42 * len(rows) + 1.2))
        fig.subplots_adjust(left=0.36, right=0.97, top=1 - 0.55 / (0.42 * len(rows) + 1.2), bottom=0.5 / (
            0.42 * len(rows) + 1.2))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        for y, bar in enumerate(rows):
            for end, colour in ((bar.savings_at_low_usd, LOW_COLOUR), (bar.savings_at_high_usd, HIGH_COLOUR)):
                ax.barh(y, end - centre, left=centre, height=0.6, color=colour)
        ax.set_yticks(range(len(rows)), [b.label for b in rows])
        ax.axvline(centre, color="#111827", linewidth=1.2)
        lo = min(min(b.savings_at_low_usd, b.savings_at_high_usd) for b in rows)
        hi = max(max(b.savings_at_low_usd, b.savings_at_high_usd) for b in rows)
        if lo <= 0 <= hi:
            ax.axvline(0, color=FT_COLOUR, linestyle="--", linewidth=1.2)
        ax.xaxis.set_major_formatter(FuncFormatter(_short_usd))
        ax.set_xlabel("fine-tuning minus prompting (above $0: prompting is cheaper)")
        ax.grid(True, axis="x", color="#e5e7eb", linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_title("grey: parameter at its low end; green: at its high end", loc="left",
                     color=PE_COLOUR, fontsize=10)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.DOTALL)
    label = "Tornado chart: the change in fine-tuning minus prompting as each parameter goes from low to high"
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
