"""The full cost model, vectorised with numpy over many scenarios at once.

The same model as :mod:`tune_or_prompt.tco.full` and the break-even month of
:mod:`tune_or_prompt.tco.breakeven` (the scalar model stays the reference; the
tests hold the two equal on random scenarios), but every number is an array
with one entry per scenario, so the Monte Carlo draws, the sensitivity sweeps
and batch portfolios price thousands of scenarios per numpy call instead of
one per Python loop. It is the only vectorised copy of the model: the volume
search (:mod:`.vectorized_breakeven`) and the mixed-portfolio entry point
(:mod:`.portfolio`) build on the rates defined here.

The arithmetic is the scalar model's too: each month's cash flow is formed
with the same operations in the same order, growth factors come from Python's
``pow``, and cumulative costs are running sums month by month, as ``sum`` and
``accumulate`` add them. So totals and break-even months equal the scalar
model's to the bit, which is what lets batch round to the cents ``decide``
shows. Month-by-month arrays are laid out (months, scenarios): a month is one
contiguous row, so the running sum is one vector add per month (numpy's
``cumsum`` is several times slower at these shapes, on either layout).

The scenarios of one call share the structure of the model: the horizon, the
fine-tuning mode and whether it runs on-premise (:func:`.portfolio.figures`
groups scenarios that do not). Everything else may differ per scenario.
Scenarios are priced in chunks so the month-by-month matrices stay small
enough to live in the CPU cache.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tune_or_prompt.tco.breakeven import EPS
from tune_or_prompt.tco.full import CEIL_SLACK
from tune_or_prompt.tco.inputs import Inputs

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

STRUCTURAL = ("months", "on_premise", "ft_mode")
"""Fields every scenario of one call shares (they change the shape of the computation)."""
NUMERIC = tuple(f.name for f in dataclasses.fields(Inputs) if f.name not in STRUCTURAL)
"""Fields that may differ per scenario."""

CHUNK_ROWS = 2048


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
            (:func:`~tune_or_prompt.tco.portfolio.figures` prices those, grouped).

    """
    if not inputs:
        raise ValueError("no scenarios to stack")
    first = inputs[0]
    for other in inputs[1:]:
        for name in STRUCTURAL:
            if getattr(other, name) != getattr(first, name):
                raise ValueError(f"scenarios differ in {name}; price them in separate calls")
    columns: dict[str, Any] = {name: getattr(first, name) for name in STRUCTURAL}
    columns.update(numeric_columns(inputs, repeat=repeat))
    return InputArrays(**columns)


def numeric_columns(inputs: Sequence[Inputs], *, repeat: int = 1) -> dict[str, FloatArray]:
    """Return each :data:`NUMERIC` field of ``inputs`` as one array (each scenario repeated ``repeat`` times).

    Fields are read once per distinct object: batch passes the few resolved
    inputs of its price settings, each shared by many rows.
    """
    slots: dict[int, int] = {}
    index = np.array([slots.setdefault(id(i), len(slots)) for i in inputs], dtype=np.int64)
    distinct = list({id(i): i for i in inputs}.values())
    if repeat != 1:
        index = np.repeat(index, repeat)
    columns: dict[str, FloatArray] = {}
    for name in NUMERIC:
        raw = [getattr(i, name) for i in distinct]
        if name == "retrain_usd":
            raw = [np.nan if v is None else v for v in raw]
        columns[name] = np.asarray(raw, dtype=np.float64)[index]
    return columns


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
        pe_total[rows] = cum_pe[-1]
        ft_total[rows] = cum_ft[-1]
        month[rows] = _break_even_month(cum_pe, cum_ft)
    return Outcomes(pe_total, ft_total, month)


def _take(x: InputArrays, rows: slice) -> InputArrays:
    if rows.start == 0 and rows.stop == x.size:
        return x
    return dataclasses.replace(x, **{name: getattr(x, name)[rows] for name in NUMERIC})


def _break_even_month(cum_pe: FloatArray, cum_ft: FloatArray) -> IntArray:
    """Vectorised :func:`~tune_or_prompt.tco.breakeven.break_even_month` (0 for never).

    Break-even is the month after the last one where fine-tuning is still
    behind, compared with the scalar function's tolerance, computed as it does.
    """
    bound = np.abs(cum_pe)
    np.maximum(bound, 1.0, out=bound)
    bound *= EPS
    bound += cum_pe  # pe + EPS * max(1, |pe|)
    behind = cum_ft > bound
    month_no = np.arange(1, len(behind) + 1, dtype=np.int32)[:, None]
    last_behind = np.where(behind, month_no, 0).max(axis=0)
    return np.where(behind[-1], 0, last_behind + 1).astype(np.int64)


def cumulative_costs(x: InputArrays) -> tuple[FloatArray, FloatArray]:
    """Cumulative cost of prompting and of fine-tuning by month, each of shape (months, scenarios)."""
    pe, ft = _monthly_costs(x)
    return _running_sum(pe), _running_sum(ft)


def _running_sum(monthly: FloatArray) -> FloatArray:
    """Cumulate ``monthly`` in place down the months, adding in the scalar model's order."""
    for m in range(1, len(monthly)):
        np.add(monthly[m - 1], monthly[m], out=monthly[m])
    return monthly


def _monthly_costs(x: InputArrays) -> tuple[FloatArray, FloatArray]:
    """Each path's cash flow in every month, shape (months, scenarios), formed as full.py forms it."""
    factors = growth_factors(x)
    q = x.queries_per_month[None, :]
    qs = q if bool(np.all(factors == 1.0)) else q * factors  # queries in each month: (1 or months, scenarios)
    return _prompt_engineering(x, qs), _fine_tuning(x, qs)


def _prompt_engineering(x: InputArrays, qs: FloatArray) -> FloatArray:
    fixed = x.pe_maintenance_usd_per_month + x.pe_monitoring_usd_per_month
    if x.on_premise:
        gpus = gpus_needed(qs * pe_tokens_per_query(x), gpu_capacity(x), x.min_gpus)
        flow = (fixed + x.self_hosted_overhead_usd_per_month) + gpus * x.gpu_usd_per_month
    else:
        flow = fixed + qs * pe_usd_per_query(x)
    monthly = _every_month(flow, x.months)
    monthly[0] += x.pe_prompt_usd + x.eval_usd
    return monthly


def _fine_tuning(x: InputArrays, qs: FloatArray) -> FloatArray:
    fixed = x.ft_maintenance_usd_per_month + x.ft_monitoring_usd_per_month
    if x.ft_mode == "self_hosted":
        gpus = gpus_needed(qs * ft_tokens_per_query(x), gpu_capacity(x), x.min_gpus)
        flow = (fixed + x.self_hosted_overhead_usd_per_month) + gpus * x.gpu_usd_per_month
    elif x.ft_mode == "hosted_api":
        flow = fixed + qs * ft_usd_per_query(x)
    else:
        flow = (fixed + x.ft_flat_monthly_infra_usd)[None, :]
    monthly = _every_month(flow, x.months)
    initial = ft_initial_usd(x)
    monthly[0] += initial
    _add_retraining(monthly, x, initial)
    return monthly


def _add_retraining(monthly: FloatArray, x: InputArrays, initial: FloatArray) -> None:
    """Add a retraining cycle's cost to months every, 2 x every, ... (0-based: every - 1, ...)."""
    cost = retraining_usd(x, initial)
    every = x.retrain_every_months
    shared = bool(np.all(every == every[0]))
    for cadence in every[:1] if shared else np.unique(every):  # a handful of cadences
        step = int(cadence)
        if not 0 < step <= x.months:
            continue
        if shared:
            monthly[step - 1::step] += cost
        else:
            rows = every == cadence
            monthly[step - 1::step, rows] += cost[rows]


def _every_month(flow: FloatArray, months: int) -> FloatArray:
    """Return ``flow`` (one row for every month, or a row per month) as a fresh (months, scenarios) array."""
    if flow.shape[0] == months:
        return flow
    out = np.empty((months, flow.shape[1]))
    out[...] = flow
    return out


# Per-scenario rates, shared by the monthly cash flows above and the volume search.


def growth_factors(x: InputArrays) -> FloatArray:
    """Each month's volume per unit of month-1 volume: (months, 1) when the growth is shared, else (months, scenarios).

    From Python's ``pow``, once per distinct growth rate, exactly as
    :func:`~tune_or_prompt.tco.full.volumes` computes them (numpy's own
    ``pow`` may differ in the last bit on some CPUs).
    """
    g = x.growth
    if np.all(g == g[0]):
        return _factors(float(g[0]), x.months)[:, None]
    rates, which = np.unique(g, return_inverse=True)
    table = np.stack([_factors(float(r), x.months) for r in rates], axis=1)
    factors: FloatArray = table[:, which]
    return factors


def _factors(growth: float, months: int) -> FloatArray:
    g = 1 + growth
    return np.ones(months) if g == 1 else np.array([g**m for m in range(months)], dtype=np.float64)


def pe_usd_per_query(x: InputArrays) -> FloatArray:
    """Prompting's API cost per query (cloud), with the overhead of failures and retries."""
    per_query_std = (
        x.input_tokens * (1 - x.cache_hit) * x.input_price
        + x.input_tokens * x.cache_hit * x.cached_input_price
        + x.output_tokens * x.output_price
    ) / 1e6
    per_query_batch = (x.input_tokens * x.batch_input_price + x.output_tokens * x.batch_output_price) / 1e6
    per_query = (1 - x.batch_share) * per_query_std + x.batch_share * per_query_batch
    return per_query * (1 + x.api_overhead)


def ft_usd_per_query(x: InputArrays) -> FloatArray:
    """Return the hosted fine-tuned model's API cost per query, with the same overhead."""
    per_query = (x.input_tokens * x.ft_prompt_share * x.ft_input_price + x.output_tokens * x.ft_output_price) / 1e6
    return per_query * (1 + x.api_overhead)


def pe_tokens_per_query(x: InputArrays) -> FloatArray:
    """Tokens an open model on own GPUs serves per query for prompting (the full prompt)."""
    return x.input_tokens + x.output_tokens


def ft_tokens_per_query(x: InputArrays) -> FloatArray:
    """Tokens a self-hosted fine-tuned model serves per query (the shorter prompt)."""
    return x.input_tokens * x.ft_prompt_share + x.output_tokens


def ft_initial_usd(x: InputArrays) -> FloatArray:
    """Vectorised :func:`~tune_or_prompt.tco.full.fine_tuning_initial`."""
    return x.ft_data_prep_usd + x.eval_usd + x.ft_pipeline_usd + x.ft_training_run_usd * (1 + x.ft_experiment_runs)


def retraining_usd(x: InputArrays, initial: FloatArray) -> FloatArray:
    """Cost of one retraining cycle: the fixed sum where set, else a share of the initial cost."""
    return np.where(np.isnan(x.retrain_usd), initial * x.retrain_share, x.retrain_usd)


def gpu_capacity(x: InputArrays) -> FloatArray:
    """Each scenario's GPU capacity, infinite where it has none (so only the minimum count applies)."""
    return np.where(x.gpu_tokens_per_month > 0, x.gpu_tokens_per_month, np.inf)


def gpus_needed(tokens: FloatArray, capacity: FloatArray, least: FloatArray) -> FloatArray:
    """Vectorised :func:`~tune_or_prompt.tco.full.gpus_needed`, ``capacity`` from :func:`gpu_capacity`."""
    needed = tokens / capacity
    needed -= CEIL_SLACK
    np.ceil(needed, out=needed)
    return np.maximum(needed, least, out=needed)
