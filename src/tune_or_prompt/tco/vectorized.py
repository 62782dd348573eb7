"""The full cost model, vectorised with numpy over many scenarios at once.

Same semantics as :mod:`tune_or_prompt.tco.full` (the scalar model stays the
reference; the tests hold the two equal on random scenarios), but every number
is an array with one entry per scenario, so the Monte Carlo draws, the
sensitivity sweeps and batch portfolios price thousands of scenarios per numpy
call instead of one per Python loop.

The scenarios of one call share the structure of the model: the horizon, the
fine-tuning mode and whether it runs on-premise. Everything else may differ
per scenario. Scenarios are priced in chunks so the month-by-month matrices
stay small enough to live in the CPU cache.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tune_or_prompt.tco.inputs import Inputs

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

STRUCTURAL = ("months", "on_premise", "ft_mode")
"""Fields every scenario of one call shares (they change the shape of the computation)."""

CHUNK_ROWS = 2048
_EPS = 1e-9  # as in breakeven.break_even_month and full.gpus_needed


@dataclass(frozen=True)
class InputArrays:
    """:class:`~tune_or_prompt.tco.inputs.Inputs` with one array entry per scenario.

    Field for field the same as ``Inputs``; the three :data:`STRUCTURAL` fields
    stay scalars. ``min_gpus`` and ``retrain_every_months`` hold whole numbers
    as floats, and ``retrain_usd`` holds NaN where the percentage applies.
    """

    queries_per_month: FloatArray
    input_tokens: FloatArray
    output_tokens: FloatArray
    growth: FloatArray
    months: int
    on_premise: bool
    ft_mode: str
    pe_prompt_usd: FloatArray
    eval_usd: FloatArray
    pe_maintenance_usd_per_month: FloatArray
    pe_monitoring_usd_per_month: FloatArray
    input_price: FloatArray
    output_price: FloatArray
    cached_input_price: FloatArray
    batch_input_price: FloatArray
    batch_output_price: FloatArray
    api_overhead: FloatArray
    cache_hit: FloatArray
    batch_share: FloatArray
    ft_data_prep_usd: FloatArray
    ft_pipeline_usd: FloatArray
    ft_training_run_usd: FloatArray
    ft_experiment_runs: FloatArray
    ft_input_price: FloatArray
    ft_output_price: FloatArray
    ft_prompt_share: FloatArray
    gpu_usd_per_month: FloatArray
    gpu_tokens_per_month: FloatArray
    min_gpus: FloatArray
    self_hosted_overhead_usd_per_month: FloatArray
    ft_flat_initial_usd: FloatArray
    ft_flat_monthly_infra_usd: FloatArray
    retrain_every_months: FloatArray
    retrain_share: FloatArray
    retrain_usd: FloatArray
    ft_maintenance_usd_per_month: FloatArray
    ft_monitoring_usd_per_month: FloatArray

    @property
    def size(self) -> int:
        """Number of scenarios."""
        return len(self.queries_per_month)

    @classmethod
    def from_inputs(cls, inp: Inputs, size: int = 1) -> InputArrays:
        """Repeat one scenario ``size`` times (the start of a sweep or a draw)."""
        return stack([inp], repeat=size)

    def with_values(self, **arrays: Any) -> InputArrays:
        """Return a copy with some fields replaced (scalars are broadcast to every scenario)."""
        columns: dict[str, Any] = {k: _column(v, self.size) for k, v in arrays.items()}
        return dataclasses.replace(self, **columns)

    def scenario(self, i: int) -> Inputs:
        """Return scenario ``i`` as the scalar model's :class:`Inputs` (for checks and debugging)."""
        values: dict[str, Any] = {}
        for f in dataclasses.fields(Inputs):
            v = getattr(self, f.name)
            if f.name in STRUCTURAL:
                values[f.name] = v
            elif f.name in ("min_gpus", "retrain_every_months"):
                values[f.name] = round(float(v[i]))
            elif f.name == "retrain_usd":
                values[f.name] = None if np.isnan(v[i]) else float(v[i])
            else:
                values[f.name] = float(v[i])
        return Inputs(**values)


def _column(value: Any, size: int) -> FloatArray:
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        return np.full(size, float(arr))
    if arr.shape != (size,):
        raise ValueError(f"expected {size} values, got shape {arr.shape}")
    return arr


def stack(inputs: Sequence[Inputs], *, repeat: int = 1) -> InputArrays:
    """Turn scalar scenarios into one :class:`InputArrays` (each repeated ``repeat`` times).

    Raises:
        ValueError: no scenarios, or scenarios that differ in a :data:`STRUCTURAL` field
            (price those in separate calls, grouped by horizon, mode and privacy).

    """
    if not inputs:
        raise ValueError("no scenarios to stack")
    first = inputs[0]
    for other in inputs[1:]:
        for name in STRUCTURAL:
            if getattr(other, name) != getattr(first, name):
                raise ValueError(f"scenarios differ in {name}; price them in separate calls")
    columns: dict[str, Any] = {name: getattr(first, name) for name in STRUCTURAL}
    for f in dataclasses.fields(Inputs):
        if f.name in STRUCTURAL:
            continue
        raw = [getattr(i, f.name) for i in inputs]
        if f.name == "retrain_usd":
            raw = [np.nan if v is None else v for v in raw]
        columns[f.name] = np.repeat(np.asarray(raw, dtype=np.float64), repeat)
    return InputArrays(**columns)


@dataclass(frozen=True)
class Outcomes:
    """Horizon totals and break-even month of every scenario.

    Attributes:
        prompt_engineering_usd: Prompting's total over the horizon.
        fine_tuning_usd: Fine-tuning's total over the horizon.
        break_even_month: First month from which cumulative fine-tuning cost stays
            at or below prompting's to the end (1-based); 0 where it never does.

    """

    prompt_engineering_usd: FloatArray
    fine_tuning_usd: FloatArray
    break_even_month: IntArray

    @property
    def savings_with_prompting_usd(self) -> FloatArray:
        """Fine-tuning's total minus prompting's (negative: fine-tuning is cheaper)."""
        return self.fine_tuning_usd - self.prompt_engineering_usd


def simulate(x: InputArrays, *, chunk_rows: int = CHUNK_ROWS) -> Outcomes:
    """Price every scenario of ``x``: both horizon totals and the break-even month."""
    n = x.size
    pe_total = np.empty(n)
    ft_total = np.empty(n)
    month = np.empty(n, dtype=np.int64)
    for start in range(0, n, chunk_rows):
        rows = slice(start, min(start + chunk_rows, n))
        cum_pe, cum_ft = cumulative_costs(_take(x, rows))
        pe_total[rows] = cum_pe[:, -1]
        ft_total[rows] = cum_ft[:, -1]
        month[rows] = _break_even_month(cum_pe, cum_ft)
    return Outcomes(pe_total, ft_total, month)


def _take(x: InputArrays, rows: slice) -> InputArrays:
    if rows.start == 0 and rows.stop == x.size:
        return x
    return dataclasses.replace(x, **{
        f.name: getattr(x, f.name)[rows] for f in dataclasses.fields(x) if f.name not in STRUCTURAL
    })


def _break_even_month(cum_pe: FloatArray, cum_ft: FloatArray) -> IntArray:
    """Vectorised :func:`~tune_or_prompt.tco.breakeven.break_even_month` (0 for never).

    The tolerance ``eps * max(1, |pe|)`` is written as ``max(pe + eps, pe * (1 + eps))``,
    which is the same for the non-negative cumulative costs and one pass cheaper.
    """
    behind = cum_ft > np.maximum(cum_pe + _EPS, cum_pe * (1 + _EPS))
    months = behind.shape[1]
    # The last month fine-tuning is still behind; break-even is the month after it.
    last_behind = months - 1 - np.argmax(behind[:, ::-1], axis=1)
    result = np.where(behind.any(axis=1), last_behind + 2, 1)
    return np.where(behind[:, -1], 0, result).astype(np.int64)


def _volumes(x: InputArrays) -> FloatArray:
    """Return each month's queries: shape (1, months) when all scenarios share them, else (scenarios, months)."""
    g, q = x.growth, x.queries_per_month
    if np.all(g == g[0]):
        # One growth path for all: the factors come from Python's pow, as in the scalar model.
        factors = np.asarray(_growth_factors(float(g[0]), x.months), dtype=np.float64)
        if np.all(q == q[0]):
            shared: FloatArray = float(q[0]) * factors[None, :]
            return shared
        return q[:, None] * factors[None, :]
    grown: FloatArray = q[:, None] * (1 + g[:, None]) ** np.arange(x.months)[None, :]
    return grown


def _growth_factors(growth: float, months: int) -> list[float]:
    g = 1 + growth
    return [1.0] * months if g == 1 else [g**m for m in range(months)]


def _cumulative_gpus(qs: FloatArray, tokens_per_query: FloatArray, x: InputArrays, month_no: FloatArray) -> FloatArray:
    """Cumulative GPU-months, as :func:`~tune_or_prompt.tco.full.gpus_needed` counts them each month."""
    steady = bool(np.all(x.growth == 0))
    tokens = (qs[:, :1] if steady else qs) * tokens_per_query[:, None]
    cap = x.gpu_tokens_per_month[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        needed = np.where(cap > 0, np.ceil(tokens / cap - 1e-9), 0.0)
    gpus = np.maximum(x.min_gpus[:, None], needed)
    return gpus * month_no if steady else np.cumsum(gpus, axis=1)


def cumulative_costs(x: InputArrays) -> tuple[FloatArray, FloatArray]:
    """Cumulative cost of prompting and of fine-tuning by month, each of shape (scenarios, months).

    Built from per-scenario rates times shared cumulative month and volume
    vectors rather than by summing month by month, which costs a few array
    passes instead of one per cost category.
    """
    month_no = np.arange(1, x.months + 1, dtype=np.float64)[None, :]
    qs = _volumes(x)
    cum_q = np.cumsum(qs, axis=1)
    return _prompt_engineering(x, qs, cum_q, month_no), _fine_tuning(x, qs, cum_q, month_no)


def _prompt_engineering(x: InputArrays, qs: FloatArray, cum_q: FloatArray, month_no: FloatArray) -> FloatArray:
    one_off = (x.pe_prompt_usd + x.eval_usd)[:, None]
    fixed = x.pe_maintenance_usd_per_month + x.pe_monitoring_usd_per_month
    if x.on_premise:
        gpu_months = _cumulative_gpus(qs, x.input_tokens + x.output_tokens, x, month_no)
        per_month = (fixed + x.self_hosted_overhead_usd_per_month)[:, None]
        return one_off + per_month * month_no + gpu_months * x.gpu_usd_per_month[:, None]
    per_query_std = (
        x.input_tokens * (1 - x.cache_hit) * x.input_price
        + x.input_tokens * x.cache_hit * x.cached_input_price
        + x.output_tokens * x.output_price
    ) / 1e6
    per_query_batch = (x.input_tokens * x.batch_input_price + x.output_tokens * x.batch_output_price) / 1e6
    per_query = (1 - x.batch_share) * per_query_std + x.batch_share * per_query_batch
    with_overhead = per_query * (1 + x.api_overhead)
    return one_off + fixed[:, None] * month_no + with_overhead[:, None] * cum_q


def _fine_tuning(x: InputArrays, qs: FloatArray, cum_q: FloatArray, month_no: FloatArray) -> FloatArray:
    initial = x.ft_data_prep_usd + x.eval_usd + x.ft_pipeline_usd + x.ft_training_run_usd * (1 + x.ft_experiment_runs)
    fixed = x.ft_maintenance_usd_per_month + x.ft_monitoring_usd_per_month
    if x.ft_mode == "self_hosted":
        tokens_per_query = x.input_tokens * x.ft_prompt_share + x.output_tokens
        gpu_months = _cumulative_gpus(qs, tokens_per_query, x, month_no)
        per_month = (fixed + x.self_hosted_overhead_usd_per_month)[:, None]
        cum = initial[:, None] + per_month * month_no + gpu_months * x.gpu_usd_per_month[:, None]
    elif x.ft_mode == "hosted_api":
        per_query = (x.input_tokens * x.ft_prompt_share * x.ft_input_price + x.output_tokens * x.ft_output_price) / 1e6
        cum = initial[:, None] + fixed[:, None] * month_no + (per_query * (1 + x.api_overhead))[:, None] * cum_q
    else:
        cum = initial[:, None] + (fixed + x.ft_flat_monthly_infra_usd)[:, None] * month_no
    retrain = np.where(np.isnan(x.retrain_usd), initial * x.retrain_share, x.retrain_usd)
    every = np.where(x.retrain_every_months > 0, x.retrain_every_months, np.inf)[:, None]
    cum += np.floor(month_no / every) * retrain[:, None]  # cycles in months every, 2 x every, ...
    return cum
