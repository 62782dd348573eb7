"""The memo's chart: cumulative cost of both paths, month by month, with the break-even month marked.

Drawn as SVG in the memo's chart style (:mod:`.svg`): both paths from $0 at
month 0, round dollar ticks, the break-even month as a dashed line named in
the legend. The HTML what-if panel shows the same chart (``id_prefix`` gives
its moving parts ids and the SVG carries its plot area in ``data-*``
attributes), and its script redraws only the lines, the dollar ticks and the
marker, so the panel and the static chart cannot drift apart in style.
"""

from __future__ import annotations

from tune_or_prompt.memo.svg import (
    AXIS,
    FT_COLOUR,
    GRID,
    LINE_WIDTH,
    MARK_COLOUR,
    MUTED,
    PE_COLOUR,
    TEXT_SIZE,
    TICK_SIZE,
    element,
    legend,
    line,
    month_ticks,
    points,
    short_usd,
    svg,
    text,
    text_width,
    ticks,
)
from tune_or_prompt.tco import TcoReport
from tune_or_prompt.words import count

WIDTH, HEIGHT = 420.0, 270.0  # small enough that its text stays legible on a phone
LEFT = 8 + text_width("$888.8K", TICK_SIZE)  # room for the widest dollar tick
RIGHT = WIDTH - 14


def break_even_words(month: int | None, horizon_months: int) -> str:
    """Return the legend's words for the break-even marker."""
    if month is None:
        return f"Fine-tuning never breaks even within {count(horizon_months, 'month')}"
    return f"Break-even: month {month}"


def cumulative_cost_svg(tco: TcoReport, id_prefix: str | None = None) -> str:
    """Draw cumulative cost per month for both paths and return the ``<svg>`` element.

    With ``id_prefix`` the lines, dollar ticks, marker and break-even words get
    ids (``{prefix}-pe-line`` and so on) for the what-if panel's script.
    """
    def ident(name: str) -> str | None:
        return f"{id_prefix}-{name}" if id_prefix else None

    months = len(tco.prompt_engineering.cumulative_usd)
    pe = [0.0, *tco.prompt_engineering.cumulative_usd]
    ft = [0.0, *tco.fine_tuning.cumulative_usd]
    items = [("line", PE_COLOUR, "Prompt engineering"), ("line", FT_COLOUR, "Fine-tuning")]
    body, used = legend(items, LEFT, 4, RIGHT - LEFT)
    # The break-even words get a row of their own, so the panel can change them without re-laying the legend.
    be_y = 4 + used + TEXT_SIZE
    month = tco.break_even.month
    body.append(line(LEFT, be_y - 4, LEFT + 16, be_y - 4, MARK_COLOUR, LINE_WIDTH, stroke_dasharray="5 3",
                     id=ident("be-swatch"), visibility="hidden" if month is None else None))
    body.append(text(LEFT + (22 if month is not None else 0), be_y, break_even_words(month, tco.horizon_months),
                     fill=MARK_COLOUR, font_weight="bold", id=ident("be-text")))
    top, bottom = be_y + 18, HEIGHT - 40

    body.append(element("g", _y_axis(max(*pe, *ft), top, bottom), id=ident("yticks")))
    for m in month_ticks(months):
        x = _x(m, months)
        body.append(line(x, top, x, bottom, GRID))
        body.append(text(x, bottom + 16, str(m), size=TICK_SIZE, fill=MUTED, anchor="middle"))
    body.append(line(LEFT, bottom, RIGHT, bottom, AXIS))
    body.append(text((LEFT + RIGHT) / 2, HEIGHT - 6, "Month", fill=MUTED, anchor="middle"))

    peak = ticks(0, max(*pe, *ft, 1.0))[-1]
    for values, colour, name in ((pe, PE_COLOUR, "pe-line"), (ft, FT_COLOUR, "ft-line")):
        xy = [(_x(m, months), bottom - (bottom - top) * v / peak) for m, v in enumerate(values)]
        body.append(element("polyline", points=points(xy), fill="none", stroke=colour, stroke_width=LINE_WIDTH,
                            stroke_linejoin="round", id=ident(name)))
    x_be = _x(month, months) if month is not None else LEFT
    body.append(line(x_be, top, x_be, bottom, MARK_COLOUR, 1.4, stroke_dasharray="5 3", id=ident("marker"),
                     visibility="hidden" if month is None else None))
    label = f"Cumulative cost of both paths over {count(tco.horizon_months, 'month')}"
    return svg(WIDTH, HEIGHT, label, body, data_plot=f"{LEFT:.1f} {top:.1f} {RIGHT:.1f} {bottom:.1f}",
               data_months=months, class_="cumulative-chart")


def _x(month: float, months: int) -> float:
    return LEFT + (RIGHT - LEFT) * month / max(months, 1)


def _y_axis(highest: float, top: float, bottom: float) -> str:
    """Horizontal grid lines and dollar labels from $0 to a round value at or above ``highest``."""
    values = ticks(0, max(highest, 1.0))
    peak = values[-1]
    out = []
    for v in values:
        y = bottom - (bottom - top) * v / peak
        out.append(line(LEFT, y, RIGHT, y, GRID))
        out.append(text(LEFT - 6, y + 4, short_usd(v), size=TICK_SIZE, fill=MUTED, anchor="end"))
    return "".join(out)
