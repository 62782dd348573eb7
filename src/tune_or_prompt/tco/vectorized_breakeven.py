"""Break-even volume for many scenarios at once: :func:`~tune_or_prompt.tco.breakeven.break_even_queries` in lockstep.

The scalar search prices both paths month by month some 40 times per
scenario (about a millisecond each). Here each path's horizon total is a
closed form in the scenario's month-1 volume ``q``::

    total(q) = a + b * q + (price of a GPU-month) * (GPU-months at q)

``a`` holds every cost that does not scale with volume, ``b`` the API cost
per query times the sum of the growth factors, and the GPU-months are counted
as :func:`~tune_or_prompt.tco.full.gpus_needed` counts them, from the rates of
:mod:`.vectorized`; the gap is fine-tuning's total minus prompting's,
subtracted as the scalar search subtracts them. Evaluating it costs
O(scenarios) per step, plus O(scenarios x months) only for GPU-served
scenarios whose volume grows. It differs from summing the monthly cash flows
by float rounding alone (~1e-16 relative), which can only change a bisection
step whose midpoint lies that close to the root; the result is the same to
well below the 0.1 query reported.

The bracket and the halving are the scalar function's (start from the
scenario's own volume, quadruple up to :data:`~.breakeven.MAX_QUERIES`, halve
until within :data:`~.breakeven.REL_TOL`), run for all scenarios together,
each stopping where the scalar search would. The scenarios may come from
several :class:`~.vectorized.InputArrays` of different horizons, modes and
privacy, so a mixed portfolio runs one bisection rather than one per group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tune_or_prompt.tco.breakeven import MAX_QUERIES, MAX_STEPS, REL_TOL
from tune_or_prompt.tco.vectorized import (
    BoolArray,
    FloatArray,
    InputArrays,
    IntArray,
    ft_initial_usd,
    ft_tokens_per_query,
    ft_usd_per_query,
    gpu_capacity,
    gpus_needed,
    growth_factors,
    pe_tokens_per_query,
    pe_usd_per_query,
    retraining_usd,
)


def break_even_queries(parts: Sequence[InputArrays]) -> FloatArray:
    """Return the break-even month-1 volume of every scenario of ``parts``, in order (NaN: none)."""
    gap = VolumeGap(parts)
    n = gap.size
    result = np.full(n, np.nan)
    at_zero = gap(np.zeros(n)) <= 0
    result[at_zero] = 0.0
    # Bracket: quadruple from the scenario's own volume until fine-tuning is no dearer.
    start = np.maximum(np.concatenate([x.queries_per_month for x in parts]), 1.0)
    rows = np.flatnonzero(~at_zero)
    hi = start[rows]
    found: list[tuple[IntArray, FloatArray]] = [(rows[:0], hi[:0])]  # none yet (and none if all are at 0)
    active = _Active(gap)
    while rows.size:
        positive = active(rows, hi) > 0
        found.append((rows[~positive], hi[~positive]))
        more = positive & (hi < MAX_QUERIES)  # still dearer at MAX_QUERIES: none
        rows, hi = rows[more], np.minimum(hi[more] * 4, MAX_QUERIES)
    # Halve each bracket until it is within the relative tolerance (at most MAX_STEPS times).
    rows = np.concatenate([r for r, _ in found])
    order = np.argsort(rows)
    rows, hi = rows[order], np.concatenate([h for _, h in found])[order]
    lo = np.zeros(rows.size)
    active = _Active(gap)
    for _ in range(MAX_STEPS):
        wide = hi - lo > REL_TOL * hi
        result[rows[~wide]] = hi[~wide]
        rows, lo, hi = rows[wide], lo[wide], hi[wide]
        if not rows.size:
            break
        mid = (lo + hi) / 2
        positive = active(rows, mid) > 0
        lo = np.where(positive, mid, lo)
        hi = np.where(positive, hi, mid)
    result[rows] = hi  # any still wide after MAX_STEPS halvings
    return result


class _Active:
    """The gap of a shrinking set of scenarios; evaluated only for those still searching.

    The search drops scenarios as each finds its bracket or its tolerance.
    Evaluating only the remaining ones needs a :meth:`VolumeGap.take` of them,
    which costs about one evaluation, so it is cut again once a quarter of
    those it holds have dropped out. Each scenario's gap is computed by the
    same element-wise operations either way, so the figures do not change.
    """

    def __init__(self, gap: VolumeGap) -> None:
        self.gap = gap
        self.members = np.arange(gap.size)

    def __call__(self, rows: IntArray, queries: FloatArray) -> FloatArray:
        """Return the gap of scenarios ``rows`` (ascending, among the members) at volumes ``queries``."""
        if rows.size < 0.75 * self.members.size:
            self.gap = self.gap.take(np.searchsorted(self.members, rows))
            self.members = rows
        if rows.size == self.members.size:
            return self.gap(queries)
        where = np.searchsorted(self.members, rows)
        q = np.ones(self.members.size)  # any volume: the other members' gaps are not read
        q[where] = queries
        gap: FloatArray = self.gap(q)[where]
        return gap


@dataclass(frozen=True)
class _GpuTerm:
    """The GPU cost of one path for some of the scenarios, as :func:`~.full.gpus_needed` counts GPUs.

    Attributes:
        rows: The scenarios (each at most once per path).
        tokens: Tokens per query.
        capacity: Tokens one GPU serves a month (:func:`~.vectorized.gpu_capacity`).
        least: Minimum GPUs.
        price: Price of a GPU-month.
        volume: The horizon when the volume is flat (one GPU count for every month); else each
            month's volume per unit of month-1 volume, (entries, months), and where that month
            lies within the entry's horizon (entries of shorter horizons are padded).

    """

    rows: IntArray
    tokens: FloatArray
    capacity: FloatArray
    least: FloatArray
    price: FloatArray
    volume: FloatArray | tuple[FloatArray, BoolArray]

    def add_to(self, total: FloatArray, queries: FloatArray) -> None:
        """Add the GPU cost over the horizon at month-1 volume ``queries`` to ``total``."""
        q = queries[self.rows]
        if not isinstance(self.volume, tuple):
            gpu_months = gpus_needed(q * self.tokens, self.capacity, self.least) * self.volume
        else:
            factors, live = self.volume
            count = gpus_needed(q[:, None] * factors * self.tokens[:, None], self.capacity[:, None],
                                self.least[:, None])
            gpu_months = np.where(live, count, 0.0).sum(axis=1)
        total[self.rows] += gpu_months * self.price

    def take(self, position: IntArray) -> _GpuTerm:
        """Return the term of the scenarios kept; ``position``: each scenario's new index, -1 if dropped."""
        rows = position[self.rows]
        keep = rows >= 0
        volume = self.volume
        kept = (volume[0][keep], volume[1][keep]) if isinstance(volume, tuple) else volume[keep]
        return _GpuTerm(rows[keep], self.tokens[keep], self.capacity[keep], self.least[keep], self.price[keep],
                        kept)


def _merge(terms: list[_GpuTerm]) -> _GpuTerm:
    """Return one term with the entries of ``terms``, so each evaluation is a few array passes."""
    rows, tokens, capacity, least, price = (
        np.concatenate([getattr(t, name) for t in terms]) for name in ("rows", "tokens", "capacity", "least", "price")
    )
    grown = [t.volume for t in terms if isinstance(t.volume, tuple)]
    if not grown:
        return _GpuTerm(rows, tokens, capacity, least, price, np.concatenate([t.volume for t in terms]))
    factors = np.zeros((len(price), max(f.shape[1] for f, _ in grown)))
    live = np.zeros(factors.shape, dtype=bool)
    start = 0
    for f, _ in grown:
        factors[start : start + f.shape[0], : f.shape[1]] = f
        live[start : start + f.shape[0], : f.shape[1]] = True
        start += f.shape[0]
    return _GpuTerm(rows, tokens, capacity, least, price, (factors, live))


class _PathTotal:
    """One path's horizon total as a function of month-1 volume: ``a + b * q`` plus its GPU cost."""

    def __init__(self) -> None:
        self._a: list[FloatArray] = []
        self._b: list[FloatArray] = []
        self._flat: list[_GpuTerm] = []
        self._growing: list[_GpuTerm] = []

    def add(self, x: InputArrays, a: FloatArray, b: FloatArray, gpus: FloatArray | None, rows: IntArray,
            factors: FloatArray) -> None:
        """Append the scenarios ``rows`` of ``x``, served on GPUs at ``gpus`` tokens per query unless None."""
        self._a.append(a)
        self._b.append(b)
        if gpus is None:
            return
        capacity = gpu_capacity(x)
        flat = (factors == 1.0).all(axis=0)
        k = np.flatnonzero(flat)
        if len(k):
            months = np.full(len(k), float(x.months))
            self._flat.append(_GpuTerm(rows[k], gpus[k], capacity[k], x.min_gpus[k], x.gpu_usd_per_month[k],
                                       months))
        k = np.flatnonzero(~flat)
        if len(k):
            live = np.ones((len(k), x.months), dtype=bool)
            self._growing.append(_GpuTerm(rows[k], gpus[k], capacity[k], x.min_gpus[k], x.gpu_usd_per_month[k],
                                          (np.ascontiguousarray(factors[:, k].T), live)))

    def done(self) -> None:
        """Join what :meth:`add` collected, ready for evaluation."""
        self.a, self.b = np.concatenate(self._a), np.concatenate(self._b)
        self.terms = [_merge(terms) for terms in (self._flat, self._growing) if terms]

    def take(self, rows: IntArray, size: int) -> _PathTotal:
        """Return the total of scenarios ``rows`` only (of ``size``), renumbered from 0."""
        position = np.full(size, -1)
        position[rows] = np.arange(rows.size)
        out = _PathTotal()
        out.a, out.b = self.a[rows], self.b[rows]
        out.terms = [term.take(position) for term in self.terms]
        return out

    def __call__(self, queries: FloatArray) -> FloatArray:
        """Return the horizon total at month-1 volume ``queries``."""
        total = self.a + self.b * queries
        for term in self.terms:
            term.add_to(total, queries)
        return total


class VolumeGap:
    """Fine-tuning's horizon total minus prompting's, as a function of each scenario's month-1 volume."""

    def __init__(self, parts: Sequence[InputArrays]) -> None:
        """Precompute both paths' closed forms for the scenarios of ``parts``, one after another."""
        self._pe, self._ft = _PathTotal(), _PathTotal()
        offset = 0
        for x in parts:
            rows = np.arange(offset, offset + x.size)
            offset += x.size
            factors = np.broadcast_to(growth_factors(x), (x.months, x.size))
            volume = np.ascontiguousarray(factors.T).sum(axis=1)  # the horizon's queries per unit of month-1 volume
            months = float(x.months)
            none = np.zeros(x.size)
            pe_fixed = x.pe_maintenance_usd_per_month + x.pe_monitoring_usd_per_month
            pe_first = x.pe_prompt_usd + x.eval_usd
            if x.on_premise:
                pe_a = (pe_fixed + x.self_hosted_overhead_usd_per_month) * months + pe_first
                self._pe.add(x, pe_a, none, pe_tokens_per_query(x), rows, factors)
            else:
                self._pe.add(x, pe_fixed * months + pe_first, pe_usd_per_query(x) * volume, None, rows, factors)
            initial = ft_initial_usd(x)
            every = x.retrain_every_months
            cycles = np.where(every > 0, np.floor(months / np.where(every > 0, every, 1.0)), 0.0)
            ft_first = initial + retraining_usd(x, initial) * cycles
            ft_fixed = x.ft_maintenance_usd_per_month + x.ft_monitoring_usd_per_month
            if x.ft_mode == "self_hosted":
                ft_a = (ft_fixed + x.self_hosted_overhead_usd_per_month) * months + ft_first
                self._ft.add(x, ft_a, none, ft_tokens_per_query(x), rows, factors)
            elif x.ft_mode == "hosted_api":
                self._ft.add(x, ft_fixed * months + ft_first, ft_usd_per_query(x) * volume, None, rows, factors)
            else:
                self._ft.add(x, (ft_fixed + x.ft_flat_monthly_infra_usd) * months + ft_first, none, None, rows, factors)
        self.size = offset
        self._pe.done()
        self._ft.done()

    def take(self, rows: IntArray) -> VolumeGap:
        """Return the gap of scenarios ``rows`` only, renumbered from 0."""
        out = object.__new__(VolumeGap)
        out._pe, out._ft = self._pe.take(rows, self.size), self._ft.take(rows, self.size)
        out.size = rows.size
        return out

    def __call__(self, queries: FloatArray) -> FloatArray:
        """Return the gap at month-1 volume ``queries`` (one per scenario)."""
        gap: FloatArray = self._ft(queries) - self._pe(queries)
        return gap
