"""The "Paths compared" chart: each available path's total against its accuracy, the target as a line.

Drawn in the memo's chart style (:mod:`.svg`): accuracy across, total cost up,
one dot per path (prompting blue, fine-tuning orange, prompt then fine-tune
hollow orange), the accuracy target as a dashed vertical line and the
recommended path ringed and named, so the trade-off is seen at a glance.
"""

from __future__ import annotations

from tune_or_prompt.memo.svg import (
    AXIS,
    FT_COLOUR,
    GRID,
    MARK_COLOUR,
    MUTED,
    PE_COLOUR,
    TEXT_SIZE,
    TICK_SIZE,
    element,
    legend,
    line,
    short_usd,
    svg,
    text,
    text_width,
    ticks,
)
from tune_or_prompt.tco import TcoReport

WIDTH, HEIGHT = 420.0, 290.0
LEFT = 8 + text_width("$888.8K", TICK_SIZE)
RIGHT = WIDTH - 14


def paths_svg(tco: TcoReport, target_pct: float) -> str | None:
    """Return the ``<svg>`` of the paths' totals against their accuracy (None when fewer than two are priced)."""
    rows = [p for p in tco.paths if p.available and p.total_usd is not None]
    if len(rows) < 2:
        return None
    items = [("box", PE_COLOUR, "Prompting"), ("box", FT_COLOUR, "Fine-tuning"),
             ("dash", MARK_COLOUR, f"Target {target_pct:g}%")]
    body, used = legend(items, LEFT, 4, RIGHT - LEFT)
    top, bottom = 4 + used + 14, HEIGHT - 40
    lo = min(min(p.accuracy_pct for p in rows), target_pct)
    hi = max(max(p.accuracy_pct for p in rows), target_pct)
    x_ticks = ticks(max(lo - 2, 0), min(hi + 2, 100))
    x0, x1 = x_ticks[0], x_ticks[-1]

    def x(pct: float) -> float:
        return LEFT + (RIGHT - LEFT) * (pct - x0) / max(x1 - x0, 1e-9)

    y_ticks = ticks(0, max(max(p.total_usd or 0 for p in rows), 1.0))
    peak = y_ticks[-1]

    def y(usd: float) -> float:
        return bottom - (bottom - top) * usd / peak

    for v in y_ticks:
        body.append(line(LEFT, y(v), RIGHT, y(v), GRID))
        body.append(text(LEFT - 6, y(v) + 4, short_usd(v), size=TICK_SIZE, fill=MUTED, anchor="end"))
    for v in x_ticks:
        body.append(text(x(v), bottom + 16, f"{v:g}%", size=TICK_SIZE, fill=MUTED, anchor="middle"))
    body.append(line(LEFT, bottom, RIGHT, bottom, AXIS))
    body.append(text((LEFT + RIGHT) / 2, HEIGHT - 6, "Expected accuracy", fill=MUTED, anchor="middle"))
    body.append(line(x(target_pct), top, x(target_pct), bottom, MARK_COLOUR, 1.4, stroke_dasharray="5 3"))
    chosen = None
    for p in rows:
        colour = PE_COLOUR if p.adaptation == "prompt" else FT_COLOUR
        hollow = p.adaptation == "prompt_then_fine_tune"
        cx, cy = x(p.accuracy_pct), y(p.total_usd or 0)
        body.append(element("circle", cx=f"{cx:.1f}", cy=f"{cy:.1f}", r=4, fill="none" if hollow else colour,
                            stroke=colour, stroke_width=1.5))
        if p.id == tco.recommended_path:
            chosen = (cx, cy, p)
    if chosen is not None:
        cx, cy, p = chosen
        body.append(element("circle", cx=f"{cx:.1f}", cy=f"{cy:.1f}", r=8, fill="none", stroke=MARK_COLOUR,
                            stroke_width=2))
        words = f"Recommended: {p.model}"
        anchor = "end" if cx + 12 + text_width(words) > RIGHT else "start"
        body.append(text(cx + (-12 if anchor == "end" else 12), max(cy - 10, top + TEXT_SIZE), words,
                         fill=MARK_COLOUR, font_weight="bold", anchor=anchor))
    label = f"Total cost of each path over {tco.horizon_months} months against its expected accuracy"
    return svg(WIDTH, HEIGHT, label, body, class_="paths-chart")
