"""Plain words: counts with the right plural, labels with the right capitals.

Every sentence the tool writes for a reader (memo, notes, flip points) counts
things with :func:`count` ("1 GPU", "2 GPUs"), never "GPU(s)", and changes a
label's first letter with :func:`lower_first` / :func:`upper_first`, which
leave acronyms alone ("GPU rental price" stays as it is, never "gPU rental
price"). Kept free of imports so the rules, the cost model and the memo can
all use it.
"""

from __future__ import annotations

import re

# Plurals that adding "s" gets wrong, by singular.
_IRREGULAR = {"query": "queries", "is": "are", "was": "were", "has": "have", "does": "do"}
_SINGULAR = {p: s for s, p in _IRREGULAR.items()}
# Where a unit's counted noun ends: "hours/month", "tokens/s per GPU", "USD per GPU-hour".
_UNIT_HEAD = re.compile(r"/| per ")


def plural(singular: str, n: float = 2, plural_form: str | None = None) -> str:
    """Return the form of ``singular`` that goes with ``n``: ``plural("GPU", 1)`` is "GPU", else "GPUs"."""
    if n == 1:
        return singular
    if plural_form is not None:
        return plural_form
    if singular in _IRREGULAR:
        return _IRREGULAR[singular]
    if re.search(r"[^aeiou]y$", singular):
        return singular[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", singular):
        return singular + "es"
    return singular + "s"


def count(n: float, singular: str, plural_form: str | None = None) -> str:
    """Return "1 GPU", "2 GPUs", "1,500 queries": the number with thousands separators and the noun."""
    shown = f"{n:,}" if isinstance(n, int) or not float(n).is_integer() else f"{int(n):,}"
    return f"{shown} {plural(singular, n, plural_form)}"


def singular(word: str) -> str:
    """Return the singular of an English plural noun ("queries" -> "query", "GPU-hours" -> "GPU-hour")."""
    head, dash, last = word.rpartition("-")
    if dash:
        return f"{head}-{singular(last)}"
    if word in _SINGULAR:
        return _SINGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        return word[:-1]
    return word


def unit_for(value: object, unit: str) -> str:
    """Return ``unit`` as it reads after ``value``: "1 GPU" and "1 hour/month", but "2 GPUs".

    Only the counted noun changes (the words before the first "/" or " per ");
    percentages, money and "x" ratios are left as they are.
    """
    if value != 1 or isinstance(value, bool) or not unit or unit.startswith(("%", "USD", "x ")):
        return unit
    match = _UNIT_HEAD.search(unit)
    head, tail = (unit[:match.start()], unit[match.start():]) if match else (unit, "")
    words = head.split(" ")
    words[-1] = singular(words[-1])
    return " ".join(words) + tail


def _starts_with_acronym(text: str) -> bool:
    first = re.match(r"[A-Za-z][A-Za-z0-9]*", text)
    return bool(first) and sum(c.isupper() for c in first.group(0)) >= 2  # type: ignore[union-attr]


def lower_first(text: str) -> str:
    """Lower-case the first letter for use inside a sentence, unless the first word is an acronym."""
    if not text or _starts_with_acronym(text):
        return text
    return text[0].lower() + text[1:]


def upper_first(text: str) -> str:
    """Upper-case the first letter to start a sentence; unlike ``str.capitalize``, keep the rest as written."""
    return text[:1].upper() + text[1:]


def share(x: float) -> str:
    """Say a share (0.82) as a whole percentage ("82%"), never as 0% or 100% when it is not exactly that.

    0.999 reads "99.9%", 0.0001 "0.01%", 0.99999 ">99.99%": a confidence
    rounded up to 100% would claim what the draws do not show.
    """
    if 0 < x < 0.00005:
        return "<0.01%"
    if 0.99995 <= x < 1:
        return ">99.99%"
    text = f"{x * 100:.0f}"
    if (text == "0" and x > 0) or (text == "100" and x < 1):  # 0.005 rounds (half to even) to 0%
        text = f"{x * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"

