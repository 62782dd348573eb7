"""Break-even volume: the month-1 query volume at which both paths cost the same over the horizon.

Found by bisection on the sign of the gap (fine-tuning's present value minus
prompting's), for many scenarios in lockstep. The gap is the model's own:
every cost but a GPU fleet's bill is linear in volume, so the model is run
twice without fleets (at 0 and at 1 query a month) for the linear part, and
each fleet's bill is added by the model's own sizing rule
(:func:`~.model.fleet_terms`) at every volume tried. A fleet's bill is a step
function of volume, so where steps make the gap cross zero more than once the
search finds one of the crossings, not necessarily the lowest.

A caller that needs the volume only to within some cells (the uncertainty
draws' decisions read it only through which side of a rule's constants it
lies) passes ``settled``: a bracket it calls settled stops narrowing, and
its top is the answer, a volume in the same cell as the fully narrowed one.

A gap of zero or less at no volume at all gives 0; a gap still above zero at
:data:`MAX_QUERIES` (a trillion queries a month) gives none: fine-tuning then
costs more per query. Otherwise the bracket starts at the scenario's own
volume (at least 1) and quadruples until fine-tuning is no dearer, then
narrows until it is within :data:`REL_TOL` of its top; the top (where
fine-tuning is no dearer) is the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tune_or_prompt.tco.fleet import FloatArray
from tune_or_prompt.tco.model import (
    BoolArray,
    FleetTerm,
    PathFlows,
    Scenarios,
    discount_factors,
    fine_tuning,
    fleet_terms,
    prompt_engineering,
    purchases,
)
from tune_or_prompt.tco.outcomes import CHUNK, IntArray, concat, take
from tune_or_prompt.tco.shared_prompting import prompting_period

MAX_QUERIES = 1e12
REL_TOL = 1e-10
MAX_STEPS = 200

# settled(lo, hi): True where every volume in [lo, hi] would serve the caller as well as the exact one.
Settled = Callable[[FloatArray, FloatArray], BoolArray]


def _value(flows: PathFlows, d: FloatArray) -> FloatArray:
    monthly = flows.monthly() * d
    total: FloatArray = monthly[0].copy()
    for m in range(1, len(monthly)):
        total += monthly[m]
    return total


@dataclass(frozen=True)
class _Fleets:
    """A path's fleets at candidate volumes: ``sum over months of weight x replica-hours x price``."""

    terms: list[FleetTerm]
    growth: FloatArray  # (months, scenarios) volume per unit of month-1 volume, or (1, scenarios) when flat
    flat: bool

    def cost(self, q: FloatArray) -> FloatArray:
        total = np.zeros(len(q))
        for t in self.terms:
            if self.flat:
                hours, _ = t.fleet.replica_hours(q[None, :])
                total += hours[0] * t.fleet.usd_per_replica_hour * t.weight.sum(axis=0)
            else:
                hours, _ = t.fleet.replica_hours(q[None, :] * self.growth)
                total += (hours * t.weight).sum(axis=0) * t.fleet.usd_per_replica_hour
            bought = purchases(t, q[None, :] * self.growth)  # owned GPUs paid up front
            if bought is not None:
                total += bought.sum(axis=0)
        return total

    def take(self, rows: IntArray, flat: bool | None = None) -> _Fleets:
        terms = [FleetTerm(t.fleet.take(rows), t.category, _columns(t.weight, rows)) for t in self.terms]
        return _Fleets(terms, _columns(self.growth, rows), self.flat if flat is None else flat)


def _columns(x: FloatArray, rows: IntArray) -> FloatArray:
    """Return the columns ``rows`` of ``x``, or ``x`` itself when it is one column shared by all."""
    return x if x.shape[1] == 1 else x[:, rows]


def _prompting_at_zero_and_one(s: Scenarios) -> tuple[FloatArray, FloatArray]:
    """Return prompting's present values without fleets at 0 and at 1 query a month, each scenario's.

    Priced once for the scenarios whose prompting inputs repeat through ``s``, when ``s`` is no wider than
    :data:`~.outcomes.CHUNK` (see there: a wider batch may round a few trend factors otherwise than a
    narrower one, so its values are priced on the whole batch).
    """
    period = prompting_period(s) if s.size <= CHUNK else s.size
    head = s if period == s.size else take(s, slice(0, period))
    d = discount_factors(head)
    values = [_value(prompt_engineering(head.with_queries(np.full(period, q)), fleets=False), d) for q in (0.0, 1.0)]
    repeats = s.size // period
    return (values[0], values[1]) if repeats == 1 else (np.tile(values[0], repeats), np.tile(values[1], repeats))


class VolumeGap:
    """Fine-tuning's present value minus prompting's, as a function of each scenario's month-1 volume."""

    def __init__(self, s: Scenarios) -> None:
        """Run the model without fleets at 0 and 1 query a month, and collect the fleets.

        Prompting runs only on the scenarios whose prompting inputs repeat through ``s`` (options of the same
        scenarios stacked; see :func:`_prompting_at_zero_and_one`), its values repeated.
        """
        d = discount_factors(s)
        zero, one = s.with_queries(np.zeros(s.size)), s.with_queries(np.ones(s.size))
        ft0, ft1 = _value(fine_tuning(zero, fleets=False), d), _value(fine_tuning(one, fleets=False), d)
        pe0, pe1 = _prompting_at_zero_and_one(s)
        self.a = ft0 - pe0
        self.b = (ft1 - pe1) - self.a
        growth = np.power(1.0 + s.growth[None, :], np.arange(s.months, dtype=np.float64)[:, None])
        flat = bool(np.all(s.growth == 0))
        self.pe = _Fleets(fleet_terms(s, "prompt_engineering", discounted=True), growth, flat)
        self.ft = _Fleets(fleet_terms(s, "fine_tuning", discounted=True), growth, flat)
        self.size = s.size

    def take(self, rows: IntArray, *, flat: bool | None = None) -> VolumeGap:
        """Return the gap of scenarios ``rows`` only, renumbered from 0.

        ``flat=True``: none of them grows, so each fleet is sized for one month, as for them alone.
        """
        out = object.__new__(VolumeGap)
        out.a, out.b = self.a[rows], self.b[rows]
        out.pe, out.ft = self.pe.take(rows, flat), self.ft.take(rows, flat)
        out.size = len(rows)
        return out

    def __call__(self, q: FloatArray) -> FloatArray:
        """Return the gap at month-1 volumes ``q`` (one per scenario)."""
        return self.a + self.b * q + self.ft.cost(q) - self.pe.cost(q)


def break_even_queries(s: Scenarios, settled: Settled | None = None) -> FloatArray:
    """Return every scenario's break-even month-1 volume (NaN: none below :data:`MAX_QUERIES`).

    ``settled``: stop narrowing a bracket it calls settled (see the module's notes). Scenarios without
    growth are searched apart from growing ones, their fleets sized for one month, as each alone would be.
    """
    gap = VolumeGap(s)
    flat = s.growth == 0
    if flat.all() or not flat.any():
        return _search(gap, s.queries, settled)
    result = np.empty(s.size)
    for rows, alike in ((np.flatnonzero(flat), True), (np.flatnonzero(~flat), False)):
        result[rows] = _search(gap.take(rows, flat=alike), s.queries[rows], settled)
    return result


def _search(gap: VolumeGap, queries: FloatArray, settled: Settled | None) -> FloatArray:
    """Return the break-even volume of every scenario of ``gap`` (own month-1 volumes ``queries``)."""
    n = gap.size
    result = np.full(n, np.nan)
    at_zero = gap(np.zeros(n)) <= 0
    result[at_zero] = 0.0
    # Where fine-tuning is still dearer at the ceiling, its cost per query is the higher one: no volume.
    rows = np.flatnonzero(~at_zero)
    rows = rows[gap.take(rows)(np.full(rows.size, MAX_QUERIES)) <= 0]
    # Bracket: quadruple from the scenario's own volume until fine-tuning is no dearer.
    hi = np.maximum(queries[rows], 1.0)
    found_rows, found_hi, found_gap = [], [], []
    while rows.size:
        g = gap.take(rows)(hi)
        positive = g > 0
        found_rows.append(rows[~positive])
        found_hi.append(hi[~positive])
        found_gap.append(g[~positive])
        more = positive & (hi < MAX_QUERIES)
        rows, hi = rows[more], np.minimum(hi[more] * 4, MAX_QUERIES)
    if not found_rows:
        return result
    rows, hi, g_hi = np.concatenate(found_rows), np.concatenate(found_hi), np.concatenate(found_gap)
    lo = np.zeros(rows.size)
    g_lo = gap.take(rows)(lo)
    _narrow(gap, rows, lo, hi, g_lo, g_hi, result, settled)
    return result


def _narrow(gap: VolumeGap, rows: IntArray, lo: FloatArray, hi: FloatArray, g_lo: FloatArray, g_hi: FloatArray,
            result: FloatArray, settled: Settled | None = None) -> None:
    """Narrow each bracket (gap > 0 at ``lo``, <= 0 at ``hi``) until within :data:`REL_TOL` or settled; store ``hi``.

    Regula falsi with the Illinois correction: the gap is linear between the
    steps of a fleet's size, so the secant usually lands on the root at once;
    an end kept twice has its gap halved, so a step in the gap (where no root
    exists and the answer is the step itself) still closes in. A secant that
    would barely move a side is replaced by the midpoint, which bounds the
    steps by bisection's.
    """
    side = np.zeros(rows.size, dtype=np.int8)  # which end was kept last: +1 lo, -1 hi
    sub, members = gap.take(rows), rows
    for _ in range(MAX_STEPS):
        wide = hi - lo > REL_TOL * hi
        if settled is not None:
            wide &= ~settled(lo, hi)
        result[rows[~wide]] = hi[~wide]
        if not wide.all():
            rows, lo, hi, g_lo, g_hi, side = rows[wide], lo[wide], hi[wide], g_lo[wide], g_hi[wide], side[wide]
        if not rows.size:
            return
        if rows.size < members.size:
            sub, members = gap.take(rows), rows
        with np.errstate(divide="ignore", invalid="ignore"):
            x = hi - g_hi * (hi - lo) / (g_hi - g_lo)
        width = hi - lo
        mid = lo + width / 2
        ok = np.isfinite(x) & (x > lo + width / 64) & (x < hi - width / 64)
        x = np.where(ok, x, mid)
        g = sub(x)
        up = g > 0  # the root is above x: x is the new lo
        g_hi = np.where(up & (side == -1), g_hi / 2, g_hi)  # hi kept twice: Illinois
        g_lo = np.where(~up & (side == 1), g_lo / 2, g_lo)
        lo, g_lo = np.where(up, x, lo), np.where(up, g, g_lo)
        hi, g_hi = np.where(up, hi, x), np.where(up, g_hi, g)
        side = np.where(up, -1, 1).astype(np.int8)
    result[rows] = hi


def option_volumes(parts: list[Scenarios], settled: Settled | None = None) -> FloatArray:
    """Return the break-even volumes of options priced on the same scenarios (options, scenarios).

    ``parts`` holds each option's scenarios, all of one size; the options that
    serve alike are searched together. ``settled``: as :func:`break_even_queries`.
    """
    n = parts[0].size
    out = np.empty((len(parts), n))
    groups: dict[str, list[int]] = {}
    for i, s in enumerate(parts):
        groups.setdefault(s.ft_serving, []).append(i)
    for members in groups.values():
        found = break_even_queries(concat([parts[i] for i in members]), settled)
        for k, i in enumerate(members):
            out[i] = found[k * n:(k + 1) * n]
    return out


def lowest_volume(found: FloatArray) -> FloatArray:
    """Return each scenario's lowest break-even volume over options (rows of ``found``), NaN where none has one."""
    lowest = np.min(np.where(np.isnan(found), np.inf, found), axis=0)
    out: FloatArray = np.where(np.isinf(lowest), np.nan, lowest)
    return out
