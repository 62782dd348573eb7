"""Exact reasoning over conditions: the set of values each comparison allows, and their combinations.

A comparison on one fact allows a set of values: for a number, a union of
intervals (open or closed ends; whole numbers only for an integer fact); for
a bool or text, a finite set or the complement of one. "The fact is absent"
is one more possible state. A condition becomes a list of *boxes* (its
disjunctive normal form): each box maps facts to the values allowed together,
and a fact a box does not name may take any value of its domain.

A condition can hold iff one of its boxes is non-empty within the facts'
domains (:mod:`.domains`); it always holds iff its negation cannot. This is
exact for the condition language (comparisons, ``in``, ``exists``, ``all`` /
``any`` / ``not``) when facts vary independently; derived facts do not (the
lint checks a claimed overlap of two rules by running the pipeline).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tune_or_prompt.rules.conditions import Cmp
from tune_or_prompt.rules.domains import Domain
from tune_or_prompt.rules.explain import Conj, Disj, Lit, Nnf

INF = math.inf
MAX_BOXES = 10_000  # far above any loadable pair of conditions (63 alternatives each)


@dataclass(frozen=True)
class Span:
    """An interval of numbers; ``lo_open``/``hi_open`` exclude that end."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False

    def empty(self) -> bool:
        """Return whether no number lies in the span."""
        return self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open))

    def contains(self, x: float) -> bool:
        """Return whether ``x`` lies in the span."""
        above = x > self.lo or (x == self.lo and not self.lo_open)
        below = x < self.hi or (x == self.hi and not self.hi_open)
        return above and below


def _normalise(spans: Iterable[Span], integer: bool) -> tuple[Span, ...]:
    """Sort, drop empty spans, merge overlapping ones; for integers, close the ends on whole numbers."""
    items = []
    for s in spans:
        if integer:
            lo = s.lo if s.lo == -INF else (math.floor(s.lo) + 1 if s.lo_open else math.ceil(s.lo))
            hi = s.hi if s.hi == INF else (math.ceil(s.hi) - 1 if s.hi_open else math.floor(s.hi))
            s = Span(lo, hi)
        if not s.empty():
            items.append(s)
    items.sort(key=lambda s: (s.lo, s.lo_open))
    merged: list[Span] = []
    for s in items:
        if merged:
            last = merged[-1]
            touches = last.hi > s.lo or (last.hi == s.lo and not (last.hi_open and s.lo_open))
            adjacent = integer and last.hi + 1 == s.lo
            if touches or adjacent:
                if s.hi > last.hi or (s.hi == last.hi and not s.hi_open):
                    merged[-1] = Span(last.lo, s.hi, last.lo_open, s.hi_open)
                continue
        merged.append(s)
    return tuple(merged)


def _complement(spans: tuple[Span, ...]) -> list[Span]:
    gaps: list[Span] = []
    lo, lo_open = -INF, False
    for s in spans:
        gaps.append(Span(lo, s.lo, lo_open, not s.lo_open))
        lo, lo_open = s.hi, not s.hi_open
    gaps.append(Span(lo, INF, lo_open, False))
    # An infinite end stays closed so that "no gap" at -inf or inf reads as empty.
    return [g for g in gaps if not (g.lo == g.hi and math.isinf(g.lo))]


def _intersect(a: tuple[Span, ...], b: tuple[Span, ...]) -> list[Span]:
    out = []
    for x in a:
        for y in b:
            lo, lo_open = (x.lo, x.lo_open) if (x.lo, x.lo_open) > (y.lo, y.lo_open) else (y.lo, y.lo_open)
            hi, hi_open = (x.hi, x.hi_open) if (x.hi, not x.hi_open) < (y.hi, not y.hi_open) else (y.hi, y.hi_open)
            out.append(Span(lo, hi, lo_open, hi_open))
    return out


@dataclass(frozen=True)
class Values:
    """The values one fact may take: numbers as spans, or a (co-)finite set, plus "absent".

    Attributes:
        spans: For a number fact, the allowed numbers.
        items: For a bool or text fact, the listed values.
        excluded: ``items`` are the values *not* allowed (every other one is).
        absent: Whether "the fact is absent" is allowed.

    """

    spans: tuple[Span, ...] = ()
    items: frozenset[Any] = frozenset()
    excluded: bool = False
    absent: bool = False

    def empty(self) -> bool:
        """Return whether no value (and not absence) is allowed."""
        return not (self.spans or self.absent or self.excluded or self.items)


def universe(d: Domain) -> Values:
    """Return every value of a domain."""
    if d.kind == "number":
        return Values(spans=_normalise([Span(d.low, d.high)], d.integer), absent=d.may_be_absent)
    if d.choices is None:
        return Values(excluded=True, absent=d.may_be_absent)
    return Values(items=frozenset(d.choices), absent=d.may_be_absent)


def intersect(d: Domain, a: Values, b: Values) -> Values:
    """Return the values both ``a`` and ``b`` allow."""
    absent = a.absent and b.absent
    if d.kind == "number":
        return Values(spans=_normalise(_intersect(a.spans, b.spans), d.integer), absent=absent)
    if a.excluded and b.excluded:
        return Values(items=a.items | b.items, excluded=True, absent=absent)
    if a.excluded or b.excluded:
        keep, drop = (b, a) if a.excluded else (a, b)
        return Values(items=keep.items - drop.items, absent=absent)
    return Values(items=a.items & b.items, absent=absent)


def complement(d: Domain, a: Values) -> Values:
    """Return the values of the domain that ``a`` does not allow."""
    whole = universe(d)
    absent = whole.absent and not a.absent
    if d.kind == "number":
        outside = _normalise(_complement(a.spans), d.integer)
        return Values(spans=_normalise(_intersect(whole.spans, outside), d.integer), absent=absent)
    return intersect(d, whole, Values(items=a.items, excluded=not a.excluded, absent=absent))


def _points(values: list[Any]) -> list[Span]:
    return [Span(float(v), float(v)) for v in values]


def allowed(d: Domain, cmp: Cmp) -> Values:
    """Return the values of the domain for which the comparison holds (as the engines decide it)."""
    op, v = cmp.op, cmp.value
    if op == "exists":
        return exists_values(d, bool(v))
    if d.kind == "number":
        spans = {
            "eq": lambda: _points([v]),
            "lt": lambda: [Span(-INF, v, False, True)],
            "lte": lambda: [Span(-INF, v)],
            "gt": lambda: [Span(v, INF, True, False)],
            "gte": lambda: [Span(v, INF)],
            "in": lambda: _points(v),
            "ne": lambda: _complement(_normalise(_points([v]), False)),
            "not_in": lambda: _complement(_normalise(_points(v), False)),
        }[op]()
        raw = Values(spans=_normalise(spans, False))
    else:
        listed = frozenset(v if op in ("in", "not_in") else [v])
        raw = Values(items=listed, excluded=op in ("ne", "not_in"))
    return intersect(d, universe(d), raw)


def exists_values(d: Domain, v: bool) -> Values:
    """Return the values ``exists: v`` allows: every present value, or absence alone."""
    whole = universe(d)
    if v:
        return Values(spans=whole.spans, items=whole.items, excluded=whole.excluded)
    return Values(absent=whole.absent)


def literal_values(d: Domain, lit: Lit) -> Values:
    """Return the values for which a literal (a comparison, or its negation) holds."""
    values = allowed(d, lit.cmp)
    return values if lit.positive else complement(d, values)


Box = dict[str, Values]


def _meet(a: Box, b: Box, domains: Mapping[str, Domain]) -> Box | None:
    out = dict(a)
    for fact, values in b.items():
        merged = intersect(domains[fact], out[fact], values) if fact in out else values
        if merged.empty():
            return None
        out[fact] = merged
    return out


def boxes(form: Nnf, domains: Mapping[str, Domain]) -> list[Box]:
    """Return the non-empty boxes of ``form``: it holds exactly on the facts inside one of them."""
    if isinstance(form, Lit):
        values = literal_values(domains[form.cmp.fact], form)
        return [] if values.empty() else [{form.cmp.fact: values}]
    if isinstance(form, Conj):
        result: list[Box] = [{}]
        for item in form.items:
            parts = boxes(item, domains)
            result = [m for a in result for b in parts if (m := _meet(a, b, domains)) is not None]
            if not result:
                return []
            if len(result) > MAX_BOXES:
                raise ValueError(f"condition expands to more than {MAX_BOXES} alternatives")
        return result
    return [b for item in form.items for b in boxes(item, domains)]


def negate(form: Nnf) -> Nnf:
    """Return the negation of ``form``, still in negation normal form."""
    if isinstance(form, Lit):
        return Lit(form.cmp, not form.positive, form.test)
    items = tuple(negate(i) for i in form.items)
    return Disj(items) if isinstance(form, Conj) else Conj(items)


def can_hold(form: Nnf, domains: Mapping[str, Domain]) -> bool:
    """Return whether some facts within the domains make ``form`` hold."""
    return bool(boxes(form, domains))


def always_holds(form: Nnf, domains: Mapping[str, Domain]) -> bool:
    """Return whether every facts within the domains make ``form`` hold."""
    return not boxes(negate(form), domains)


def both(a: Nnf, b: Nnf) -> Nnf:
    """Return the conjunction of two forms."""
    return Conj((a, b))


def pick(d: Domain, values: Values) -> Any:
    """Return one value ``values`` allows, preferring the default, then a round number.

    Returns :data:`ABSENT` when only absence is allowed.
    """
    if d.default is not None and contains(d, values, d.default):
        return d.default
    if d.kind == "number":
        if not values.spans:
            return ABSENT
        s = values.spans[0]
        return _round_in(s, d.integer)
    if values.excluded:
        for candidate in d.choices or ():
            if candidate not in values.items:
                return candidate
        n = 1
        while f"other-{n}" in values.items:
            n += 1
        return f"other-{n}"
    if values.items:
        return sorted(values.items, key=str)[0]
    return ABSENT


def contains(d: Domain, values: Values, x: Any) -> bool:
    """Return whether ``values`` allows the value ``x``."""
    if x is ABSENT:
        return values.absent
    if d.kind == "number":
        return any(s.contains(float(x)) for s in values.spans)
    return (x not in values.items) if values.excluded else (x in values.items)


def _round_in(s: Span, integer: bool) -> float | int:
    """Return a round number in a non-empty span: the whole number nearest its finite end, if one fits."""
    if s.lo == -INF and s.hi == INF:
        return 0
    if s.lo == -INF:
        top = int(s.hi) if s.hi == math.floor(s.hi) and not s.hi_open else math.ceil(s.hi) - 1
        return top
    low = int(s.lo) if s.lo == math.floor(s.lo) and not s.lo_open else math.floor(s.lo) + 1
    if s.contains(low) or integer:
        return low
    return (s.lo + s.hi) / 2  # no whole number fits, so the span is finite and narrow


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()
