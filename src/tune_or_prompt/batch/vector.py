"""The full model's headline figures for many workloads at once, with numpy.

``batch`` needs, per workload, only what its output row and the rules read:
both horizon totals, the break-even month and the break-even volume. Computing
those one workload at a time costs about a millisecond (the volume search runs
the month-by-month model some 40 times), so here a chunk of workloads runs as
arrays of shape (workloads, months), and the volume search is a bisection run
in lockstep over the chunk.

This module mirrors :mod:`tune_or_prompt.tco.full` and
:mod:`tune_or_prompt.tco.breakeven` operation for operation: the same monthly
cash flows in the same floating-point order, summed sequentially (``cumsum``,
as ``sum`` does), the same break-even rules and the same bisection (bracket
from the workload's own volume, quadrupling up to ``MAX_QUERIES``, then
halving to the same relative tolerance). ``tests/batch/test_vector.py`` checks
it against the scalar model on random inputs in every mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

import numpy as np
from numpy.typing import NDArray

from tune_or_prompt.tco.breakeven import _EPS, _MAX_STEPS, MAX_QUERIES
from tune_or_prompt.tco.full import fine_tuning_initial
from tune_or_prompt.tco.inputs import Inputs

F64 = NDArray[np.float64]
REL_TOL = 1e-10  # break_even_queries' default tolerance


@dataclass(frozen=True)
class Figures:
    """The headline figures of a chunk, one array entry per workload (unrounded USD).

    Attributes:
        pe_total: Prompt engineering's horizon total.
        ft_total: Fine-tuning's horizon total.
        break_even_month: 1-based month, or 0 for "never within the horizon".
        break_even_queries: Month-1 volume where the totals are equal, NaN for none.

    """

    pe_total: F64
    ft_total: F64
    break_even_month: NDArray[np.int64]
    break_even_queries: F64


_NUMBERS = (
    "queries_per_month", "growth", "input_tokens", "output_tokens", "cache_hit", "input_price",
    "cached_input_price", "output_price", "batch_input_price", "batch_output_price", "batch_share",
    "api_overhead", "pe_maintenance_usd_per_month", "pe_monitoring_usd_per_month", "pe_prompt_usd",
    "eval_usd", "gpu_usd_per_month", "gpu_tokens_per_month", "min_gpus", "self_hosted_overhead_usd_per_month",
    "ft_prompt_share", "ft_input_price", "ft_output_price", "ft_maintenance_usd_per_month",
    "ft_monitoring_usd_per_month", "ft_flat_monthly_infra_usd",
)
_read = attrgetter(*_NUMBERS)


@dataclass(frozen=True)
class Workloads:
    """Per-workload figures set over shared resolved inputs (one array entry per workload).

    Batch resolves inputs once per price setting and varies only these, as
    ``dataclasses.replace`` would (and as the break-even search varies volume).
    """

    queries_per_month: F64
    input_tokens: F64
    output_tokens: F64
    growth: F64
    months: NDArray[np.int64]


def _gpus_needed(tokens: F64, cap: F64, least: F64) -> F64:
    """full.gpus_needed, elementwise."""
    with np.errstate(divide="ignore", invalid="ignore"):
        needed = np.ceil(tokens / np.where(cap > 0, cap, 1.0) - 1e-9)
    return np.where(cap > 0, np.maximum(least, needed), least)


@dataclass(frozen=True)
class _GpuPlan:
    """The GPU-served workloads of one path, split by flat and growing volume."""

    flat: NDArray[np.int64]
    flat_tokens: F64
    flat_cap: F64
    flat_min: F64
    flat_months: F64
    grow: NDArray[np.int64]
    grow_volume: F64
    grow_tokens: F64
    grow_cap: F64
    grow_min: F64
    grow_live: NDArray[np.bool_]


class Chunk:
    """A chunk of workloads as arrays, with everything that does not depend on volume."""

    def __init__(self, inputs: Sequence[Inputs], workloads: Workloads | None = None) -> None:
        """Lay out ``inputs`` (at least one) as arrays of shape (workloads, months).

        Args:
            inputs: Resolved inputs, one per workload (the same object may repeat).
            workloads: If given, these figures replace the inputs' own.

        """
        # Work per distinct inputs object, then spread to the workloads.
        distinct: dict[int, int] = {}
        index = np.array([distinct.setdefault(id(i), len(distinct)) for i in inputs], dtype=np.int64)
        unique = list({id(i): i for i in inputs}.values())
        table = np.array([_read(i) for i in unique], dtype=np.float64)[index]
        c = {name: table[:, k] for k, name in enumerate(_NUMBERS)}
        months = np.array([i.months for i in unique], dtype=np.int64)[index]
        if workloads is not None:
            c["queries_per_month"], c["input_tokens"] = workloads.queries_per_month, workloads.input_tokens
            c["output_tokens"], c["growth"] = workloads.output_tokens, workloads.growth
            months = workloads.months
        width = int(months.max())
        m = np.arange(width)
        self.live = m[None, :] < months[:, None]
        g = 1 + c["growth"]
        # full.volumes: q * g ** m, or q itself every month when the volume is flat.
        self.growth = np.where(g[:, None] == 1, 1.0, np.power(g[:, None], m[None, :].astype(np.float64)))
        self.queries = c["queries_per_month"]
        self.on_premise = np.array([i.on_premise for i in unique], dtype=bool)[index]
        mode = np.array([i.ft_mode for i in unique])[index]
        self.self_hosted = mode == "self_hosted"
        self.hosted_api = mode == "hosted_api"
        initial = np.array([fine_tuning_initial(i) for i in unique], dtype=np.float64)[index]
        every = np.array([i.retrain_every_months for i in unique], dtype=np.int64)[index]
        share = np.array([i.retrain_share for i in unique], dtype=np.float64)[index]
        fixed_cost = np.array([np.nan if i.retrain_usd is None else i.retrain_usd for i in unique])[index]
        retrain_cost = np.where(np.isnan(fixed_cost), initial * share, fixed_cost)
        # A retraining cycle in months every, 2 x every, ... of each horizon (0-based: every - 1, ...).
        cycle = ((m[None, :] + 1) % np.maximum(every, 1)[:, None] == 0) & (every > 0)[:, None] & self.live
        self.retrain = np.where(cycle, retrain_cost[:, None], 0.0)
        self.ft_first = initial
        self.per_gpu = c["gpu_usd_per_month"]
        self.gpu_capacity = c["gpu_tokens_per_month"]
        self.min_gpus = c["min_gpus"]
        infra = c["self_hosted_overhead_usd_per_month"]
        # Prompt engineering (full.prompt_engineering).
        self.pe_fixed = c["pe_maintenance_usd_per_month"] + c["pe_monitoring_usd_per_month"]
        self.pe_fixed_gpu = self.pe_fixed + infra
        self.pe_tokens = c["input_tokens"] + c["output_tokens"]
        per_query_std = (
            c["input_tokens"] * (1 - c["cache_hit"]) * c["input_price"]
            + c["input_tokens"] * c["cache_hit"] * c["cached_input_price"]
            + c["output_tokens"] * c["output_price"]
        ) / 1e6
        per_query_batch = (
            c["input_tokens"] * c["batch_input_price"] + c["output_tokens"] * c["batch_output_price"]
        ) / 1e6
        per_query = (1 - c["batch_share"]) * per_query_std + c["batch_share"] * per_query_batch
        self.pe_per_query = per_query * (1 + c["api_overhead"])
        self.pe_first = c["pe_prompt_usd"] + c["eval_usd"]
        # Fine-tuning (full.fine_tuning).
        self.ft_fixed = c["ft_maintenance_usd_per_month"] + c["ft_monitoring_usd_per_month"]
        self.ft_fixed_gpu = self.ft_fixed + infra
        self.ft_fixed_flat = self.ft_fixed + c["ft_flat_monthly_infra_usd"]
        self.ft_tokens = c["input_tokens"] * c["ft_prompt_share"] + c["output_tokens"]
        ft_query = (
            c["input_tokens"] * c["ft_prompt_share"] * c["ft_input_price"]
            + c["output_tokens"] * c["ft_output_price"]
        ) / 1e6
        self.ft_per_query = ft_query * (1 + c["api_overhead"])

    def _gpus(self, tokens: F64) -> F64:
        """full.gpus_needed for every workload and month."""
        return _gpus_needed(tokens, self.gpu_capacity[:, None], self.min_gpus[:, None])

    def monthly(self, queries: F64) -> tuple[F64, F64]:
        """Both paths' monthly cash flows at month-1 volume ``queries`` (0 beyond each horizon)."""
        vol = queries[:, None] * self.growth
        pe = self.pe_fixed[:, None] + vol * self.pe_per_query[:, None]
        if self.on_premise.any():
            gpu = self.pe_fixed_gpu[:, None] + self._gpus(vol * self.pe_tokens[:, None]) * self.per_gpu[:, None]
            pe = np.where(self.on_premise[:, None], gpu, pe)
        pe[:, 0] += self.pe_first
        ft = np.broadcast_to(self.ft_fixed_flat[:, None], vol.shape).copy()
        if self.hosted_api.any():
            api = self.ft_fixed[:, None] + vol * self.ft_per_query[:, None]
            ft = np.where(self.hosted_api[:, None], api, ft)
        if self.self_hosted.any():
            gpu = self.ft_fixed_gpu[:, None] + self._gpus(vol * self.ft_tokens[:, None]) * self.per_gpu[:, None]
            ft = np.where(self.self_hosted[:, None], gpu, ft)
        ft[:, 0] += self.ft_first
        ft += self.retrain
        return np.where(self.live, pe, 0.0), np.where(self.live, ft, 0.0)

    def prepare_search(self) -> None:
        """Precompute each path's horizon total as ``a + b * q + per_gpu * (GPU-months at q)``.

        The volume search evaluates this closed form instead of the monthly
        arrays: O(workloads) per step, plus O(workloads x months) only for
        GPU-served workloads whose volume grows. It differs from summing the
        monthly cash flows by float rounding alone (~1e-16 relative), which
        can only change a bisection step whose midpoint lies that close to the
        root; the result is the same to well below the 0.1 query reported.
        """
        live = self.live.astype(np.float64)
        months = live.sum(axis=1)
        volume_months = (self.growth * live).sum(axis=1)  # sum of q * g ** m over the horizon, per unit q
        retrain = self.retrain.sum(axis=1)
        on_prem, sh, api = self.on_premise, self.self_hosted, self.hosted_api
        self.pe_a = np.where(on_prem, self.pe_fixed_gpu, self.pe_fixed) * months + self.pe_first
        self.pe_b = np.where(on_prem, 0.0, self.pe_per_query * volume_months)
        ft_fixed = np.where(sh, self.ft_fixed_gpu, np.where(api, self.ft_fixed, self.ft_fixed_flat))
        self.ft_a = ft_fixed * months + self.ft_first + retrain
        self.ft_b = np.where(api, self.ft_per_query * volume_months, 0.0)
        self.flat_volume = (self.growth[:, 1:] == 1.0).all(axis=1) if self.growth.shape[1] > 1 else np.ones(
            len(months), dtype=bool)
        self.months = months
        self.pe_plan = self._gpu_plan(self.pe_tokens, self.on_premise)
        self.ft_plan = self._gpu_plan(self.ft_tokens, self.self_hosted)

    def _gpu_plan(self, tokens: F64, rows: NDArray[np.bool_]) -> _GpuPlan:
        """Precompute, for the GPU-served ``rows`` of one path, what :meth:`_gpu_months` reads."""
        flat = np.flatnonzero(rows & self.flat_volume)
        grow = np.flatnonzero(rows & ~self.flat_volume)
        return _GpuPlan(
            flat=flat,
            flat_tokens=tokens[flat],
            flat_cap=self.gpu_capacity[flat],
            flat_min=self.min_gpus[flat],
            flat_months=self.months[flat],
            grow=grow,
            grow_volume=self.growth[grow],
            grow_tokens=tokens[grow, None],
            grow_cap=self.gpu_capacity[grow, None],
            grow_min=self.min_gpus[grow, None],
            grow_live=self.live[grow],
        )

    @staticmethod
    def _gpu_months(queries: F64, plan: _GpuPlan) -> F64:
        """Sum over the horizon of full.gpus_needed at month-1 volume ``queries`` (0 off the plan)."""
        out = np.zeros(len(queries))
        if len(plan.flat):
            out[plan.flat] = _gpus_needed(queries[plan.flat] * plan.flat_tokens, plan.flat_cap, plan.flat_min) * (
                plan.flat_months
            )
        if len(plan.grow):
            vol = queries[plan.grow, None] * plan.grow_volume
            count = _gpus_needed(vol * plan.grow_tokens, plan.grow_cap, plan.grow_min)
            out[plan.grow] = np.where(plan.grow_live, count, 0.0).sum(axis=1)
        return out

    def gap(self, queries: F64) -> F64:
        """Fine-tuning's horizon total minus prompting's at month-1 volume ``queries`` (closed form)."""
        pe = self.pe_a + self.pe_b * queries
        if self.on_premise.any():
            pe = pe + self._gpu_months(queries, self.pe_plan) * self.per_gpu
        ft = self.ft_a + self.ft_b * queries
        if self.self_hosted.any():
            ft = ft + self._gpu_months(queries, self.ft_plan) * self.per_gpu
        gap: F64 = ft - pe
        return gap


def break_even_month(chunk: Chunk, pe_cum: F64, ft_cum: F64) -> NDArray[np.int64]:
    """breakeven.break_even_month per workload: the start of the final run of months where FT <= PE."""
    ok = ft_cum <= pe_cum + _EPS * np.maximum(1.0, np.abs(pe_cum))
    bad = chunk.live & ~ok
    width = ok.shape[1]
    # Last month (0-based) that is not ok, or -1 when every month is.
    last_bad = np.where(bad.any(axis=1), width - 1 - np.argmax(bad[:, ::-1], axis=1), -1)
    last = chunk.live.sum(axis=1) - 1
    return np.where(last_bad == last, 0, last_bad + 2).astype(np.int64)


def break_even_queries(chunk: Chunk) -> F64:
    """breakeven.break_even_queries per workload (NaN for none), as one lockstep bisection."""
    chunk.prepare_search()
    n = len(chunk.queries)
    result = np.full(n, np.nan)
    at_zero = chunk.gap(np.zeros(n)) <= 0
    result[at_zero] = 0.0
    # Bracket: quadruple from the workload's own volume until fine-tuning is no dearer.
    hi = np.maximum(chunk.queries, 1.0)
    growing = ~at_zero
    found = np.zeros(n, dtype=bool)
    while growing.any():
        positive = chunk.gap(hi) > 0
        found |= growing & ~positive
        growing &= positive & (hi < MAX_QUERIES)  # still dearer at MAX_QUERIES: none
        hi = np.where(growing, np.minimum(hi * 4, MAX_QUERIES), hi)
    # Halve each bracket until it is within the relative tolerance (at most _MAX_STEPS times).
    lo = np.zeros(n)
    bisect = found.copy()
    for _ in range(_MAX_STEPS):
        bisect &= ~(hi - lo <= REL_TOL * hi)
        if not bisect.any():
            break
        mid = (lo + hi) / 2
        positive = chunk.gap(np.where(bisect, mid, hi)) > 0
        lo = np.where(bisect & positive, mid, lo)
        hi = np.where(bisect & ~positive, mid, hi)
    return np.where(found, hi, result)


def figures(inputs: Sequence[Inputs], workloads: Workloads | None = None) -> Figures:
    """Return the headline figures of every workload (at least one); see :class:`Chunk`."""
    chunk = Chunk(inputs, workloads)
    pe, ft = chunk.monthly(chunk.queries)
    pe_cum, ft_cum = np.cumsum(pe, axis=1), np.cumsum(ft, axis=1)
    return Figures(
        pe_total=pe_cum[:, -1],
        ft_total=ft_cum[:, -1],
        break_even_month=break_even_month(chunk, pe_cum, ft_cum),
        break_even_queries=break_even_queries(chunk),
    )
