"""Horizon totals and the break-even month of many scenarios, priced by the one model.

The comparison (which path is cheaper, by how much, from which month) is made
on present values: with the default discount rate of 0 they are the nominal
totals themselves, bit for bit.

Break-even month: the first month from which cumulative fine-tuning cost
stays at or below cumulative prompting cost to the end of the horizon, or
never (0 here). "Stays" matters when fine-tuning starts out cheaper (prompting's
one-off work can exceed fine-tuning's) and then falls behind: that early
month is no break-even, since fine-tuning never pays off.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tune_or_prompt.tco.fleet import Fleet, FloatArray
from tune_or_prompt.tco.model import Scenarios, discount_factors, fine_tuning, prompt_engineering

IntArray = npt.NDArray[np.int64]

EPS = 1e-9
"""Relative tolerance of "at or below" in the month comparison."""
CHUNK = 2048
"""Scenarios priced per pass, so the month-by-month arrays stay small whatever the count."""


@dataclass(frozen=True)
class Outcomes:
    """Both paths' totals and the break-even month, one entry per scenario.

    Attributes:
        pe_total: Prompting's nominal total over the horizon.
        ft_total: Fine-tuning's nominal total.
        pe_value: Prompting's present value (the nominal total when the discount rate is 0).
        ft_value: Fine-tuning's present value.
        break_even_month: 1-based month from which fine-tuning stays no dearer; 0 for never.

    """

    pe_total: FloatArray
    ft_total: FloatArray
    pe_value: FloatArray
    ft_value: FloatArray
    break_even_month: IntArray

    @property
    def savings_with_prompting(self) -> FloatArray:
        """Fine-tuning's present value minus prompting's (negative: fine-tuning is cheaper)."""
        return self.ft_value - self.pe_value


def take(s: Scenarios, rows: slice | npt.NDArray[np.int64]) -> Scenarios:
    """Return the scenarios ``rows`` of ``s`` (every per-scenario array sliced, fleets too)."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(s):
        v = getattr(s, f.name)
        if isinstance(v, np.ndarray):
            values[f.name] = v[rows]
        elif f.name in ("pe_fleet", "ft_fleet"):
            fleet_values = {}
            for g in dataclasses.fields(v):
                w = getattr(v, g.name)
                if g.name == "weights":
                    w = w if w.shape[1] == 1 else w[:, rows]
                elif isinstance(w, np.ndarray) and g.name != "counts":
                    w = w[rows]
                elif isinstance(w, tuple):  # an owned fleet's cost parts
                    w = tuple(part[rows] for part in w)
                fleet_values[g.name] = w
            values[f.name] = dataclasses.replace(v, **fleet_values)
    return dataclasses.replace(s, **values)


def simulate(s: Scenarios, *, chunk: int = CHUNK) -> Outcomes:
    """Price every scenario of ``s``: totals, present values and the break-even month."""
    n = s.size
    out = {name: np.empty(n) for name in ("pe_total", "ft_total", "pe_value", "ft_value")}
    month = np.empty(n, dtype=np.int64)
    for start in range(0, n, chunk):
        rows = slice(start, min(start + chunk, n))
        part = s if (start == 0 and rows.stop == n) else take(s, rows)
        pe, ft = prompt_engineering(part).monthly(), fine_tuning(part).monthly()
        pe_cum, ft_cum = _running(pe), _running(ft)
        out["pe_total"][rows] = pe_cum[-1]
        out["ft_total"][rows] = ft_cum[-1]
        if np.any(part.discount != 0):
            d = discount_factors(part)
            pe_cum, ft_cum = _running(pe * d), _running(ft * d)
        out["pe_value"][rows], out["ft_value"][rows] = pe_cum[-1], ft_cum[-1]
        month[rows] = break_even_month(pe_cum, ft_cum)
    return Outcomes(break_even_month=month, **out)


def _running(monthly: FloatArray) -> FloatArray:
    """Cumulative sums down the months (numpy adds them in order, month after month)."""
    out: FloatArray = np.cumsum(monthly, axis=0)
    return out


def cumulative(monthly: FloatArray) -> FloatArray:
    """Cumulative cost by month (months, scenarios) of a path's monthly totals."""
    return _running(monthly)


def break_even_month(cum_pe: FloatArray, cum_ft: FloatArray) -> IntArray:
    """Return the month after the last one in which fine-tuning is still behind (0: behind at the end)."""
    bound = np.maximum(np.abs(cum_pe), 1.0) * EPS + cum_pe
    behind = cum_ft > bound
    month_no = np.arange(1, len(behind) + 1, dtype=np.int64)[:, None]
    last_behind = np.where(behind, month_no, 0).max(axis=0)
    month: IntArray = np.where(behind[-1], 0, last_behind + 1).astype(np.int64)
    return month


def concat(parts: list[Scenarios]) -> Scenarios:
    """Stack scenarios that share their structure (horizon, fleets, serving) into one batch.

    Raises:
        ValueError: the parts differ in structure.

    """
    first = parts[0]
    if len(parts) == 1:
        return first
    for p in parts[1:]:
        if (p.months, p.pe_on_fleet, p.ft_serving) != (first.months, first.pe_on_fleet, first.ft_serving):
            raise ValueError("scenarios differ in structure; price them apart")
    values: dict[str, object] = {}
    for f in dataclasses.fields(first):
        v = getattr(first, f.name)
        if isinstance(v, np.ndarray):
            values[f.name] = np.concatenate([getattr(p, f.name) for p in parts])
        elif f.name in ("pe_fleet", "ft_fleet"):
            values[f.name] = _concat_fleets([getattr(p, f.name) for p in parts], [p.size for p in parts])
    return dataclasses.replace(first, **values)  # type: ignore[arg-type]


def _concat_fleets(fleets: list[Fleet], sizes: list[int]) -> Fleet:
    first = fleets[0]
    values: dict[str, object] = {}
    for g in dataclasses.fields(first):
        w = getattr(first, g.name)
        if g.name == "weights":
            same = all(f.weights.shape == w.shape and np.array_equal(f.weights, w) for f in fleets)
            if same and w.shape[1] == 1:
                continue
            values[g.name] = np.concatenate(
                [np.broadcast_to(f.weights, (f.weights.shape[0], n)) for f, n in zip(fleets, sizes, strict=True)],
                axis=1)
        elif isinstance(w, np.ndarray) and g.name != "counts":
            values[g.name] = np.concatenate([getattr(f, g.name) for f in fleets])
        elif isinstance(w, tuple):  # an owned fleet's cost parts
            values[g.name] = tuple(np.concatenate([getattr(f, g.name)[i] for f in fleets]) for i in range(len(w)))
    return dataclasses.replace(first, **values)  # type: ignore[arg-type]
