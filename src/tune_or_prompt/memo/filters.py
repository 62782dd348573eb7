"""Jinja filters: how the memo prints money, numbers, labels and user text.

Every dollar figure in every memo goes through :func:`usd`, so a figure reads
the same in the Markdown and the HTML memo and equals the TCO report's cents.
"""

from __future__ import annotations

import math
import re
from typing import Any

from jinja2 import Undefined
from markupsafe import Markup, escape

from tune_or_prompt.memo.content import VERDICT_LABELS
from tune_or_prompt.words import unit_for

# Characters with inline meaning in CommonMark/GFM (emphasis, code, links and
# images, raw HTML, entities, table cells, strike-through) plus "$", which
# GitHub reads as a math delimiter. Any ASCII punctuation may be
# backslash-escaped in CommonMark, so escaping renders the character itself.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>!|~&$])")
# Markers that only mean something at the start of a line and before a space:
# headings, bullet lists and "1." / "1)" ordered lists ("0.15" stays as is).
_MD_LINE_START = re.compile(r"^([#+\-])(?=\s|$)|^(\d+)([.)])(?=\s|$)")


def _number(x: Any, filter_name: str) -> float:
    """Return ``x`` as a number, or fail loudly: a missing figure is an error, never a blank."""
    if isinstance(x, Undefined):
        str(x)  # StrictUndefined raises its UndefinedError here, naming the missing figure
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(f"{filter_name} filter needs a number, got {x!r}")
    return float(x)


def usd(x: Any) -> str:
    """Format a USD amount with thousands separators and cents: ``-$1,234.50``.

    ``None`` is refused rather than printed as a blank or a dash: the
    templates state what a missing figure means (e.g. "never") in words.
    """
    x = _number(x, "usd")
    cents = round(float(x), 2) + 0.0  # + 0.0 turns -0.0 into 0.0
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents):,.2f}"


def num(x: Any, decimals: int = 2) -> str:
    """Format a number with thousands separators and at most ``decimals`` places."""
    x = _number(x, "num")
    if not math.isfinite(x):
        return str(x)
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def pct(fraction: Any, decimals: int = 0) -> str:
    """Format a fraction (0.82) as a percentage ("82%")."""
    return f"{num(float(fraction) * 100, decimals)}%"


def value(v: Any) -> str:
    """Format an answer or assumption value of any type for a table cell."""
    if v is None:
        return "not set"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)):
        return num(v, 4)
    if isinstance(v, (list, tuple)):
        return ", ".join(value(x) for x in v)
    return str(v)


def qty(v: Any, unit: str = "") -> str:
    """Format a value with its unit: "100,000 queries/month", "90%", "1 GPU", "2 GPUs"."""
    text = value(v)
    if not unit or v is None:
        return text
    return f"{text}{'' if unit.startswith('%') else ' '}{unit_for(v, unit)}"


def fact(v: Any, name: str = "") -> str:
    """Format a fact a rule read, by the unit its name ends in (``_usd``, ``_pct``)."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if name.endswith("_usd") or "_usd_" in name:
            return usd(v)
        if name.endswith("_pct"):
            return f"{num(v)}%"
    return value(v)


def label(key: Any) -> str:
    """Return the reader's name of a verdict or path ("Fine-tuning"), or the key itself."""
    return VERDICT_LABELS.get(str(key), str(key))


def md(text: Any) -> str:
    """Escape a user string for Markdown so it shows as text, never as markup.

    Whitespace runs (newlines included) collapse to one space: user strings
    sit inside table cells and sentences, where a newline would break the
    table or start a block.
    """
    s = " ".join(str(text).split())
    s = _MD_INLINE.sub(r"\\\1", s)
    return _MD_LINE_START.sub(
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", s)


def inline_code(text: Any) -> Markup:
    """Return text for HTML with its `code spans` as ``<code>`` elements; everything else escaped.

    The memo's own sentences mark ids such as `prompt:gpt-4o-mini@api` with backticks, which Markdown shows as
    code; in HTML they would show as backticks.
    """
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # an unmatched backtick: no code spans
        return escape(str(text))
    return Markup("").join(Markup("<code>{}</code>").format(p) if i % 2 else escape(p) for i, p in enumerate(parts))


def codeblock(text: Any, lang: str = "") -> str:
    """Wrap text in a Markdown code fence longer than any backtick run inside it.

    Inside a fence nothing is interpreted, so the text needs no escaping, but
    a fence of three backticks would end early at a "```" in the text.
    """
    s = str(text)
    longest = max((len(run) for run in re.findall(r"`+", s)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{s}\n{fence}"
