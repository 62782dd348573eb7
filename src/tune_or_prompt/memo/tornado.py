"""The memo's tornado chart: how far each parameter, low to high, moves the savings, as SVG.

Drawn in the memo's chart style (:mod:`.svg`). Each bar spans the savings
(fine-tuning minus prompting) with the parameter at its low and at its high
end; the line through the bars is this run's figure and a dashed line at $0
marks where the cheaper path changes, when in view. The label column is as
wide as the longest label and the axis caption wraps to the chart's width, so
no text is cut off.
"""

from __future__ import annotations

from tune_or_prompt.memo.svg import (
    AXIS,
    FT_COLOUR,
    GRID,
    HIGH_COLOUR,
    INK,
    LOW_COLOUR,
    MUTED,
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
    wrap,
)
from tune_or_prompt.tco.analyses import Sensitivity
from tune_or_prompt.words import count

TORNADO_BARS = 10
WIDTH = 440.0  # small enough that its text stays legible on a phone
ROW, BAR = 24.0, 14.0  # row height and bar height, px


def tornado_svg(sensitivity: Sensitivity, bars: int = TORNADO_BARS, horizon_months: int | None = None) -> str | None:
    """Draw the ``bars`` largest swings and return the ``<svg>`` element (``None``: nothing to draw)."""
    rows = [b for b in sensitivity.tornado[:bars] if b.swing_usd > 0]
    if not rows:
        return None
    centre = sensitivity.savings_usd
    lo = min(centre, *(min(b.savings_at_low_usd, b.savings_at_high_usd) for b in rows))
    hi = max(centre, *(max(b.savings_at_low_usd, b.savings_at_high_usd) for b in rows))
    values = ticks(lo, hi, target=4)
    label_width = min(max(text_width(b.label) for b in rows), WIDTH * 0.5)
    # The last tick label is centred on the plot's right end: leave room for its half.
    left, right = label_width + 14, WIDTH - max(16.0, text_width(short_usd(values[-1]), TICK_SIZE) / 2 + 4)
    zero_in_view = values[0] <= 0 <= values[-1]

    items = [("box", LOW_COLOUR, "Parameter at its low end"), ("box", HIGH_COLOUR, "At its high end"),
             ("line", INK, "This estimate")]
    if zero_in_view:
        items.append(("dash", FT_COLOUR, "$0: the cheaper path changes"))
    body, used = legend(items, 0, 2, WIDTH)
    labels = [wrap(b.label, label_width) for b in rows]
    row = ROW if all(len(parts) == 1 for parts in labels) else 2 * TEXT_SIZE + 8
    top = used + 12
    bottom = top + row * len(rows)

    def x(v: float) -> float:
        return left + (right - left) * (v - values[0]) / (values[-1] - values[0])

    for v in values:
        body.append(line(x(v), top, x(v), bottom, GRID))
        body.append(text(x(v), bottom + 16, short_usd(v), size=TICK_SIZE, fill=MUTED, anchor="middle"))
    for i, (bar, parts) in enumerate(zip(rows, labels, strict=True)):
        row_top = top + row * i
        y = row_top + (row - BAR) / 2
        for end, colour in ((bar.savings_at_low_usd, LOW_COLOUR), (bar.savings_at_high_usd, HIGH_COLOUR)):
            a, b = sorted((x(centre), x(end)))
            body.append(element("rect", x=f"{a:.1f}", y=f"{y:.1f}", width=f"{b - a:.1f}", height=f"{BAR:g}",
                                fill=colour))
        for j, part in enumerate(parts):
            baseline = row_top + row / 2 + 4 + (j - (len(parts) - 1) / 2) * (TEXT_SIZE + 1)
            body.append(text(left - 8, baseline, part, anchor="end"))
    body.append(line(left, bottom, right, bottom, AXIS))
    body.append(line(x(centre), top - 4, x(centre), bottom, INK, 1.4))
    if zero_in_view:
        body.append(line(x(0), top - 4, x(0), bottom, FT_COLOUR, 1.4, stroke_dasharray="5 3"))
    over = f" over {count(horizon_months, 'month')}" if horizon_months else ""
    caption = f"Fine-tuning minus prompting{over}; above $0, prompting is cheaper"
    y = bottom + 22
    for part in wrap(caption, WIDTH - 8):
        y += TEXT_SIZE + 4
        body.append(text(WIDTH / 2, y, part, fill=MUTED, anchor="middle"))
    label = "Tornado chart: the change in fine-tuning minus prompting as each parameter goes from low to high"
    return svg(WIDTH, y + 8, label, body, class_="tornado-chart")
