"""The ``because`` and ``detail`` texts: ``{fact}`` placeholders filled with fact values.

A placeholder names a fact, optionally with a Python format spec:
``{monthly_tokens}`` shows ``250,000,000``; ``{tco_cost_ratio:.1f}`` shows
``5.2``. Without a spec, whole numbers get thousands separators, other
numbers two decimals, booleans ``yes``/``no``, and an absent fact ``unknown``
(or what its absence means, for the facts that are absent on purpose, such as
``break_even_month`` when fine-tuning never breaks even).
The loader checks that every placeholder names a known fact and that the
braces are balanced, so formatting never fails at decision time.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from tune_or_prompt.checks import check_format_spec

_FORMATTER = string.Formatter()


def placeholders(text: str) -> list[tuple[str, str]]:
    """Return ``(fact, format_spec)`` of each placeholder.

    Raises:
        ValueError: unbalanced braces, a placeholder that is not a plain name,
            or a format spec that is not one or is too wide (a width of
            3,000,000,000 would take gigabytes on every run).

    """
    found: list[tuple[str, str]] = []
    for _, name, spec, conversion in _FORMATTER.parse(text):
        if name is None:
            continue
        if not name.isidentifier() or conversion:
            raise ValueError(f"placeholder {{{name}}} must be a fact name, e.g. {{monthly_tokens}}")
        if "{" in (spec or ""):
            raise ValueError(f"placeholder {{{name}:{spec}}} cannot nest braces")
        if spec:
            try:
                check_format_spec(spec)
            except ValueError as exc:
                raise ValueError(f"placeholder {{{name}:...}}: {exc}") from None
        found.append((name, spec or ""))
    return found


# Facts that are left out on purpose, and what their absence means.
ABSENT_MEANS = {
    "break_even_month": "never within the horizon",
    "break_even_queries_per_month": "none at these prices",
}


def show(value: Any, spec: str = "", absent: str = "unknown") -> str:
    """Format one fact value for people (``absent`` stands in for a missing one)."""
    if value is None:
        return absent
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        if spec:
            try:
                return format(value, spec)
            except ValueError:
                pass
        if float(value).is_integer():
            return f"{int(value):,}"
        return f"{value:,.2f}"
    try:
        return format(str(value), spec)
    except ValueError:
        return str(value)


def fill(text: str, facts: Mapping[str, Any]) -> str:
    """Fill ``text``'s placeholders from ``facts``."""
    out: list[str] = []
    for literal, name, spec, _ in _FORMATTER.parse(text):
        out.append(literal)
        if name is not None:
            out.append(show(facts.get(name), spec or "", ABSENT_MEANS.get(name, "unknown")))
    return "".join(out)
