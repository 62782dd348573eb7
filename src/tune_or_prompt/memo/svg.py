"""The memo's chart style and the few SVG pieces its charts are drawn from.

Every chart in every memo (the cumulative cost, the tornado, the HTML what-if
panel) takes its colours, fonts, tick steps and money labels from here, so they
look alike. The SVG is written by hand: two small charts need lines, bars,
ticks and text, and a chart library would bring an import of a third of a
second (matplotlib) or its own scripts, styles and random ids (pygal) that the
self-contained memo would have to strip again; ``benchmarks/bench_charts.py``
measures the difference. Text positions come from :func:`text_width`, a
deliberately generous estimate of a label's width in a sans-serif font, so a
label is never clipped; the output is deterministic so a regenerated memo
diffs cleanly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

PE_COLOUR = "#2563eb"
FT_COLOUR = "#c2410c"
MARK_COLOUR = "#15803d"  # break-even
LOW_COLOUR = "#64748b"  # tornado: parameter at its low end
HIGH_COLOUR = "#0f766e"  # tornado: parameter at its high end
INK = "#1f2937"
MUTED = "#6b7280"
GRID = "#e5e7eb"
AXIS = "#9ca3af"
PAPER = "#ffffff"  # an opaque background: the Markdown memo's chart file may be shown on a dark page
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif"
TEXT_SIZE = 12  # labels and legends
TICK_SIZE = 11  # axis tick labels
LINE_WIDTH = 2.2

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_NARROW = set("il.,:;'|!")
_SEMI = set("fjrt()[]-/ ")
_WIDE = set("mwMW%")


def text_width(text: str, size: float = TEXT_SIZE) -> float:
    """Estimate the width of ``text`` at ``size`` px, erring wide (a wide system font such as DejaVu Sans)."""
    em = 0.0
    for c in text:
        if c in _NARROW:
            em += 0.32
        elif c in _SEMI:
            em += 0.4
        elif c in _WIDE:
            em += 0.9
        elif c.isupper():
            em += 0.72
        else:
            em += 0.62
    return em * size


def wrap(text: str, width: float, size: float = TEXT_SIZE) -> list[str]:
    """Break ``text`` into lines that each fit ``width`` px (a single long word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def short_usd(x: float) -> str:
    """Axis tick label: $0, $950, $12K, $1.5M, -$20K."""
    sign = "-" if x < 0 else ""
    x = abs(x)
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if x >= size:
            return f"{sign}${x / size:,.3g}{suffix}"
    return f"{sign}${x:,.0f}"


def nice_step(span: float, target: int = 5) -> float:
    """Return a round tick step (1, 2, 2.5 or 5 times a power of ten) giving about ``target`` intervals."""
    if span <= 0:
        return 1.0
    raw = span / target
    power = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * power >= raw:
            return m * power
    return 10.0 * power


def ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    """Round tick values covering ``lo``..``hi``: the first at or below ``lo``, the last at or above ``hi``."""
    step = nice_step(hi - lo, target)
    first = math.floor(lo / step + 1e-9) * step
    last = math.ceil(hi / step - 1e-9) * step
    count = round((last - first) / step)
    return [round(first + i * step, 10) + 0.0 for i in range(count + 1)]


def month_ticks(months: int) -> list[int]:
    """Month ticks from 0: every 1, 2, 3, 6, 12 or 24 months, whichever gives at most 8 intervals."""
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60) if months / s <= 8), 120)
    return list(range(0, months + 1, step))


def escape(value: object) -> str:
    """Escape text for SVG content or a double-quoted attribute."""
    return str(value).translate(_ESCAPES)


def _attrs(attrs: dict[str, object]) -> str:
    return "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"' for k, v in attrs.items() if v is not None)


def element(tag: str, content: str | None = None, /, **attrs: object) -> str:
    """One SVG element; attribute names use ``_`` for ``-`` (``stroke_width``) and a trailing ``_`` for keywords."""
    if content is None:
        return f"<{tag}{_attrs(attrs)}/>"
    return f"<{tag}{_attrs(attrs)}>{content}</{tag}>"


def text(x: float, y: float, words: str, *, size: float = TEXT_SIZE, fill: str = INK,
         anchor: str = "start", **attrs: object) -> str:
    """Return a text element (the words escaped)."""
    return element("text", escape(words), x=f"{x:.1f}", y=f"{y:.1f}", font_size=size, fill=fill,
                   text_anchor=None if anchor == "start" else anchor, **attrs)


def line(x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1.0, **attrs: object) -> str:
    """Return a straight line."""
    return element("line", x1=f"{x1:.1f}", y1=f"{y1:.1f}", x2=f"{x2:.1f}", y2=f"{y2:.1f}",
                   stroke=stroke, stroke_width=width, **attrs)


def points(xy: Iterable[tuple[float, float]]) -> str:
    """Return the ``points`` attribute of a polyline."""
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)


def legend(items: Sequence[tuple[str, str, str]], x0: float, y0: float, width: float) -> tuple[list[str], float]:
    """Lay out legend entries left to right, wrapping at ``width``; return the elements and the height used.

    Each item is ``(kind, colour, label)`` with kind ``line``, ``dash`` or ``box``.
    """
    out: list[str] = []
    x, y, row = x0, y0 + TEXT_SIZE, TEXT_SIZE + 8
    for kind, colour, label in items:
        item_width = 22 + text_width(label) + 16
        if x > x0 and x + item_width - 16 > x0 + width:
            x, y = x0, y + row
        if kind == "box":
            out.append(element("rect", x=f"{x:.1f}", y=f"{y - 9:.1f}", width=14, height=10, fill=colour))
        else:
            out.append(line(x, y - 4, x + 16, y - 4, colour, LINE_WIDTH,
                            stroke_dasharray="5 3" if kind == "dash" else None))
        out.append(text(x + 22, y, label))
        x += item_width
    return out, y - y0 + 6


def svg(width: float, height: float, label: str, body: Iterable[str], **attrs: object) -> str:
    """Return the root element: scalable (viewBox), labelled for screen readers, in the memo's font."""
    background = element("rect", width="100%", height="100%", fill=PAPER)
    return element("svg", background + "".join(body), xmlns="http://www.w3.org/2000/svg", role="img", aria_label=label,
                   viewBox=f"0 0 {width:g} {height:g}", width=f"{width:g}", height=f"{height:g}",
                   font_family=FONT, **attrs)
