"""Small bar charts of the measured workload (volume per day, the 24-hour profile), as inline SVG.

Drawn in the memo's one chart style (:mod:`.svg`: its colours, fonts, axis and
grid), the y axis starting at 0, text kept as text. Imported by the HTML memo
only.
"""

from __future__ import annotations

from collections.abc import Sequence

from tune_or_prompt.memo.svg import (
    AXIS,
    GRID,
    MUTED,
    PE_COLOUR,
    TEXT_SIZE,
    TICK_SIZE,
    element,
    line,
    svg,
    text,
    text_width,
    ticks,
)

WIDTH, HEIGHT = 440.0, 150.0
TOP, BOTTOM, RIGHT = 24.0, 128.0, 432.0


def _number(y: float) -> str:
    return f"{y:,.4g}"


def bars_svg(values: Sequence[float], *, label: str, ticks_at: dict[int, str], average_line: bool = False) -> str:
    """Draw ``values`` as bars and return the ``<svg>`` element.

    Args:
        values: One bar each, left to right.
        label: What the chart shows (its title and accessible name).
        ticks_at: Bar index -> x-axis label, for the few bars that get one.
        average_line: Draw a dashed line at 1 (the average of a relative profile).

    """
    top_value = max([*values, 1.0 if average_line else 0.0, 1e-12])
    y_ticks = ticks(0.0, top_value, 4)
    y_max = max(y_ticks[-1], top_value)
    left = 8 + max(text_width(_number(t), TICK_SIZE) for t in y_ticks) + 6

    def y(v: float) -> float:
        return BOTTOM - (BOTTOM - TOP) * v / y_max

    slot = (RIGHT - left) / max(len(values), 1)
    body = [text(0, TEXT_SIZE, label, size=TEXT_SIZE)]
    for t in y_ticks:
        body.append(line(left, y(t), RIGHT, y(t), GRID))
        body.append(text(left - 6, y(t) + 4, _number(t), size=TICK_SIZE, fill=MUTED, anchor="end"))
    for i, v in enumerate(values):
        x = left + i * slot + slot * 0.1
        body.append(element("rect", x=f"{x:.1f}", y=f"{y(v):.1f}", width=f"{slot * 0.8:.1f}",
                            height=f"{max(BOTTOM - y(v), 0.0):.1f}", fill=PE_COLOUR))
    if average_line:
        body.append(line(left, y(1.0), RIGHT, y(1.0), MUTED, 1.0, stroke_dasharray="5 3"))
    body.append(line(left, BOTTOM, RIGHT, BOTTOM, AXIS))
    for i, words in ticks_at.items():
        body.append(text(left + (i + 0.5) * slot, BOTTOM + 14, words, size=TICK_SIZE, fill=MUTED, anchor="middle"))
    return svg(WIDTH, HEIGHT, label, body)
