"""Horizon totals and the break-even month of many scenarios, priced by the one model.

The comparison (which path is cheaper, by how much, from which month) is made
on present values: with the default discount rate of 0 they are the nominal
totals themselves, bit for bit.

Break-even month: the first month from which cumulative fine-tuning cost
stays at or below cumulative prompting cost to the end of the horizon, or
never (0 here). "Stays" matters when fine-tuning starts out cheaper (prompting's
one-off work can exceed fine-tuning's) and then falls behind: that early
month is no break-even, since fine-tuning never pays off.

Every fine-tuning option of a workload is a batch of its own, and the options
share their prompting path: :func:`simulate_options` prices prompting once for
the options whose prompting inputs are the same, fine-tuning for each.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tune_or_prompt.tco.fleet import Fleet, FloatArray
from tune_or_prompt.tco.model import Scenarios, discount_factors, fine_tuning, prompt_engineering
from tune_or_prompt.tco.shared_prompting import prompting_classes

IntArray = npt.NDArray[np.int64]

EPS = 1e-9
"""Relative tolerance of "at or below" in the month comparison."""
CHUNK = 2048
"""Scenarios priced per pass, so the month-by-month arrays stay small whatever the count.

It also keeps each scenario's figures those of pricing it alone: numpy's
``power`` (the price trends' yearly factors) may round some entries of wide
arrays otherwise, in the last bit, than narrower ones (numpy 2.4 on this
machine: those of months 7 and 25, in arrays wider than about 2,700 columns),
and rounds each entry alike in every array no wider than this.
"""
WIDE = 128
"""Scenarios from which cumulative sums are added a month at a time (see :func:`cumulative`)."""


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
        elif isinstance(v, Fleet):
            values[f.name] = v.take(rows)
    return dataclasses.replace(s, **values)


def simulate(s: Scenarios, *, chunk: int = CHUNK) -> Outcomes:
    """Price every scenario of ``s``: totals, present values and the break-even month."""
    return _simulate(s, [(s, 1)], chunk)[0]


def simulate_options(parts: Sequence[Scenarios], *, chunk: int = CHUNK) -> list[Outcomes]:
    """Price batches of scenarios of one size, one fine-tuning option's each: each as :func:`simulate` would.

    Prompting is priced once for all the batches with the same prompting
    inputs (:func:`~.shared_prompting.prompting_classes`; fine-tuning for each,
    the batches of one structure together); the batches whose prompting is
    their own are stacked by structure and priced as :func:`simulate` prices
    the stack.
    """
    if not parts:
        return []
    size = parts[0].size
    out: list[Outcomes | None] = [None] * len(parts)

    def run(source: Scenarios | None, members: list[int]) -> None:
        by_structure: dict[str, list[int]] = {}
        for i in members:
            by_structure.setdefault(parts[i].ft_serving, []).append(i)
        # A stack holds at most a chunk's count of batches, so no pass prices more than a chunk of columns.
        groups = [g[k:k + chunk] for g in by_structure.values() for k in range(0, len(g), chunk)]
        stacks = [(concat([parts[i] for i in group]), len(group)) for group in groups]
        if source is None:  # prompting of each batch its own: priced on the stack itself
            done = [_simulate(stack, [(stack, 1)], chunk)[0] for stack, _ in stacks]
        else:
            done = _simulate(source, stacks, chunk)
        for group, found in zip(groups, done, strict=True):
            for k, i in enumerate(group):
                out[i] = _rows(found, slice(k * size, (k + 1) * size))

    classes = prompting_classes(parts)
    for members in classes:
        if len(members) > 1:
            run(parts[members[0]], members)
    alone = [i for members in classes if len(members) == 1 for i in members]
    if alone:
        run(None, alone)
    return [o for o in out if o is not None]


def prompting_value(s: Scenarios) -> FloatArray:
    """Return prompting's present value of every scenario of ``s``, priced at once.

    It is priced as one batch, not in pieces: how numpy's ``power`` rounds an
    entry of a wide array (see :data:`CHUNK`) differs between numpy releases,
    and a choice among prompting paths must read the values it read before.
    """
    whole: FloatArray = (prompt_engineering(s).monthly() * discount_factors(s)).sum(axis=0)
    return whole


def _rows(o: Outcomes, rows: slice) -> Outcomes:
    return Outcomes(o.pe_total[rows], o.ft_total[rows], o.pe_value[rows], o.ft_value[rows], o.break_even_month[rows])


def _simulate(source: Scenarios, stacks: list[tuple[Scenarios, int]], chunk: int) -> list[Outcomes]:
    """Price each stack of ``blocks`` batches whose prompting inputs are those of ``source``, block after block.

    Prompting is priced on ``source``'s scenarios alone, a chunk at a time,
    and each stack's fine-tuning on the same scenarios of every block; a stack
    that is ``source`` itself (one block) is priced once. Each scenario's
    column is computed apart from the others, in passes no wider than
    ``chunk`` (see :data:`CHUNK`), so the figures are those of pricing every
    batch on its own.
    """
    m = source.size
    step = max(1, chunk // max(blocks for _, blocks in stacks))
    pe_total, pe_value = np.empty(m), np.empty(m)
    ft = [{name: np.empty(stack.size) for name in ("ft_total", "ft_value")} for stack, _ in stacks]
    months = [np.empty(stack.size, dtype=np.int64) for stack, _ in stacks]
    for start in range(0, m, step):
        cols = slice(start, min(start + step, m))
        whole = start == 0 and cols.stop == m
        part = source if whole else take(source, cols)
        pe = prompt_engineering(part).monthly()
        pe_cum = _running(pe)
        pe_total[cols] = pe_cum[-1]
        d = discount_factors(part) if np.any(part.discount != 0) else None
        if d is not None:
            pe_cum = _running(pe * d)
        pe_value[cols] = pe_cum[-1]
        bound = _bound(pe_cum)
        for (stack, blocks), found, month in zip(stacks, ft, months, strict=True):
            rows: slice | npt.NDArray[np.int64] = cols
            if blocks > 1:
                rows = (np.arange(blocks)[:, None] * m + np.arange(cols.start, cols.stop)).reshape(-1)
            sub = part if stack is source else stack if whole else take(stack, rows)
            ft_flows = fine_tuning(sub).monthly()
            ft_cum = _running(ft_flows)
            found["ft_total"][rows] = ft_cum[-1]
            if d is not None:
                n_months = len(ft_flows)
                ft_cum = _running((ft_flows.reshape(n_months, blocks, -1) * d[:, None, :]).reshape(n_months, -1))
            found["ft_value"][rows] = ft_cum[-1]
            month[rows] = _months(bound, ft_cum, blocks)
    return [Outcomes(np.tile(pe_total, blocks), found["ft_total"], np.tile(pe_value, blocks), found["ft_value"],
                     month) for (_, blocks), found, month in zip(stacks, ft, months, strict=True)]


def _running(monthly: FloatArray) -> FloatArray:
    """Cumulative sums down the months, added in order, month after month.

    Many scenarios are summed a month's row at a time: numpy's ``cumsum`` down
    the first axis of a wide array is many times slower, and adds the same
    numbers in the same order.
    """
    if monthly.ndim != 2 or monthly.shape[1] < WIDE:
        summed: FloatArray = np.cumsum(monthly, axis=0)
        return summed
    out: FloatArray = monthly.copy()
    for m in range(1, len(out)):
        out[m] += out[m - 1]
    return out


def cumulative(monthly: FloatArray) -> FloatArray:
    """Cumulative cost by month (months, scenarios) of a path's monthly totals."""
    return _running(monthly)


def break_even_month(cum_pe: FloatArray, cum_ft: FloatArray) -> IntArray:
    """Return the month after the last one in which fine-tuning is still behind (0: behind at the end)."""
    return _months(_bound(cum_pe), cum_ft, 1)


def _bound(cum_pe: FloatArray) -> FloatArray:
    """Return the cumulative cost fine-tuning must stay at or below: prompting's, within :data:`EPS`."""
    bound: FloatArray = np.maximum(np.abs(cum_pe), 1.0) * EPS + cum_pe
    return bound


def _months(bound: FloatArray, cum_ft: FloatArray, blocks: int) -> IntArray:
    """Return :func:`break_even_month` of ``cum_ft`` against ``bound`` (see :func:`_bound`).

    ``cum_ft`` holds ``blocks`` blocks of columns, one after another, each against ``bound``'s columns.
    """
    n_months = len(cum_ft)
    behind = cum_ft.reshape(n_months, blocks, -1) > bound[:, None, :]
    month_no = np.arange(1, n_months + 1, dtype=np.int32)[:, None, None]
    last_behind = (behind * month_no).max(axis=0)  # a product, not np.where: several times faster
    month: IntArray = np.where(behind[-1], 0, last_behind + 1).astype(np.int64).reshape(-1)
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
