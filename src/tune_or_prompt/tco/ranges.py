"""Ranged parameters: which assumptions vary, over what, and how a varied value reaches the model.

The uncertainty and sensitivity analyses vary the *assumptions* a user knows
(engineer hours, percentages, GPU prices), not the derived
:class:`~tune_or_prompt.tco.inputs.Inputs`. :class:`Baseline` holds one
resolved workload and re-derives the model's inputs from any set of varied
values as arrays, mirroring :func:`~tune_or_prompt.tco.inputs.resolve` for the
fields a ranged parameter touches (the tests hold the two equal). A parameter
is ranged when its provenance row has a low and a high: so only parameters
that matter in this pricing mode vary, and the GPU and training-price ranges
come from the shipped figures exactly as the memo's assumptions table shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from annotated_types import Ge, Le

from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.tco.assumptions import Assumptions, Distribution, Workload, field_meta
from tune_or_prompt.tco.inputs import HOURS_PER_MONTH, SECONDS_PER_MONTH, AssumptionRow, Inputs, resolve
from tune_or_prompt.tco.vectorized import FloatArray, InputArrays

LABELS: dict[str, str] = {
    "engineer_rate_usd_per_hour": "Engineer rate",
    "api_overhead_pct": "API overhead (failures, retries)",
    "pe_prompt_hours": "Prompt development effort",
    "eval_suite_hours": "Evaluation suite effort",
    "pe_maintenance_hours_per_month": "Prompt maintenance effort",
    "pe_monitoring_usd_per_month": "Prompt monitoring",
    "prompt_cache_hit_pct": "Prompt cache hits",
    "batch_share_pct": "Share of queries batched",
    "batch_discount_pct": "Batch discount",
    "ft_data_prep_hours": "Training-data preparation effort",
    "ft_pipeline_hours": "Training pipeline effort",
    "ft_experiment_runs": "Experiment training runs",
    "ft_training_examples": "Training examples",
    "ft_epochs": "Training epochs",
    "ft_training_usd_per_mtok": "Hosted training price",
    "ft_training_gpu_hours_per_run": "GPU hours per training run",
    "ft_flat_initial_usd": "Initial fine-tuning cost",
    "gpu_usd_per_hour": "GPU rental price",
    "gpu_throughput_tokens_per_s": "GPU serving throughput",
    "gpu_utilisation_target_pct": "GPU utilisation target",
    "peak_to_average_ratio": "Peak-to-average traffic",
    "min_gpus": "Minimum GPUs kept running",
    "self_hosted_overhead_usd_per_month": "Self-hosting overhead",
    "ft_flat_monthly_infra_usd": "Fine-tuning infrastructure",
    "ft_prompt_tokens_pct": "Fine-tuned prompt length",
    "ft_retrain_every_months": "Months between retrainings",
    "ft_retrain_cost_pct": "Retraining cost",
    "ft_maintenance_hours_per_month": "Model maintenance effort",
    "ft_monitoring_usd_per_month": "Fine-tuned model monitoring",
}

# Whole-number parameters: resolve() truncates min_gpus; the cadence is an int field.
INTEGER = frozenset({"min_gpus", "ft_retrain_every_months"})
# Where zero is not a valid value (resolve() refuses a GPU with no capacity), or
# means something else entirely (a cadence of 0 is "never retrain").
_NOT_ZERO = frozenset({"gpu_throughput_tokens_per_s", "gpu_utilisation_target_pct", "peak_to_average_ratio",
                       "ft_retrain_every_months"})


@dataclass(frozen=True)
class Ranged:
    """One parameter the analyses vary.

    Attributes:
        name: The assumption's field name.
        label: How the memo names it.
        unit: Its unit.
        value: Its value in this run (the mode of the triangular draw).
        low: Low end of its range (widened to the value if the user set one outside it).
        high: High end of its range (likewise).
        integer: Whether only whole numbers are meaningful.
        distribution: How the uncertainty analysis draws it.
        floor: The smallest value the model accepts.
        ceiling: The largest value the model accepts, if any.

    """

    name: str
    label: str
    unit: str
    value: float
    low: float
    high: float
    integer: bool
    distribution: Distribution
    floor: float
    ceiling: float | None


def _bounds(name: str) -> tuple[float, float | None]:
    floor, ceiling = 0.0, None
    for m in Assumptions.model_fields[name].metadata:
        if isinstance(m, Ge):
            floor = float(m.ge)  # type: ignore[arg-type]
        elif isinstance(m, Le):
            ceiling = float(m.le)  # type: ignore[arg-type]
    if name == "ft_retrain_every_months":
        floor = 1.0
    return floor, ceiling


def ranged_parameters(rows: list[AssumptionRow]) -> list[Ranged]:
    """Return the parameters with a range among a run's provenance rows, in row order."""
    out: list[Ranged] = []
    for row in rows:
        if row.name not in Assumptions.model_fields or row.low is None or row.high is None:
            continue
        if not isinstance(row.value, (int, float)):
            continue
        value = float(row.value)
        if row.name == "ft_retrain_every_months" and value == 0:
            continue  # "never retrain" is a decision, not a point in the 1-6 month range
        floor, ceiling = _bounds(row.name)
        dist = field_meta(row.name).get("distribution", "triangular")
        out.append(Ranged(
            name=row.name, label=LABELS.get(row.name, row.name.replace("_", " ").capitalize()),
            unit=row.unit, value=value, low=min(row.low, value), high=max(row.high, value),
            integer=row.name in INTEGER, distribution=dist, floor=floor, ceiling=ceiling,
        ))
    return out


def allows_zero(p: Ranged) -> bool:
    """Whether 0 is a valid value of ``p`` (the sensitivity search stops short of it otherwise)."""
    return p.name not in _NOT_ZERO


@dataclass(frozen=True)
class Baseline:
    """One resolved workload, ready to be re-priced with varied parameter values.

    Attributes:
        workload: The workload priced.
        inputs: The model inputs of the point estimate.
        rows: The provenance of every figure.
        parameters: The ranged parameters, in row order.
        point: Every numeric assumption's value in this run (ranged or not),
            including the shipped GPU and training-price figures.
        batch_discount_in_play: For input and output, whether the batch price is
            derived from ``batch_discount_pct`` (the catalogue has none of its own).

    """

    workload: Workload
    inputs: Inputs
    rows: list[AssumptionRow]
    parameters: list[Ranged]
    point: dict[str, float]
    batch_discount_in_play: tuple[bool, bool]

    def parameter(self, name: str) -> Ranged:
        """Return the ranged parameter called ``name``."""
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(name)

    def input_arrays(self, values: Mapping[str, Any], size: int) -> InputArrays:
        """Return the model inputs of ``size`` scenarios with ``values`` replacing the point estimate.

        ``values`` maps assumption names to arrays of ``size`` values (or scalars);
        a name not given keeps its value in this run.
        """
        pt = self.point

        def v(name: str) -> Any:
            return np.asarray(values[name] if name in values else pt.get(name, 0.0), dtype=np.float64)

        inp = self.inputs
        rate = v("engineer_rate_usd_per_hour")
        share = v("ft_prompt_tokens_pct") / 100
        gpu_price = v("gpu_usd_per_hour")
        if inp.ft_mode == "hosted_api":
            per_example = self.workload.input_tokens * share + self.workload.output_tokens
            training = v("ft_training_examples") * per_example * v("ft_epochs") / 1e6 * v("ft_training_usd_per_mtok")
        elif inp.ft_mode == "self_hosted":
            training = v("ft_training_gpu_hours_per_run") * gpu_price
        else:
            training = v("ft_flat_initial_usd")
        needs_gpus = inp.ft_mode == "self_hosted" or inp.on_premise
        peak = v("peak_to_average_ratio")
        if needs_gpus:
            with np.errstate(divide="ignore", invalid="ignore"):
                capacity = (v("gpu_throughput_tokens_per_s") * v("gpu_utilisation_target_pct") / 100
                            * SECONDS_PER_MONTH / peak)
            capacity = np.where(np.asarray(peak) > 0, capacity, 0.0)
        else:
            capacity = 0.0
        discount = 1 - v("batch_discount_pct") / 100
        in_play_in, in_play_out = self.batch_discount_in_play
        derived: dict[str, Any] = {
            "pe_prompt_usd": v("pe_prompt_hours") * rate,
            "eval_usd": v("eval_suite_hours") * rate,
            "pe_maintenance_usd_per_month": v("pe_maintenance_hours_per_month") * rate,
            "pe_monitoring_usd_per_month": v("pe_monitoring_usd_per_month"),
            "api_overhead": v("api_overhead_pct") / 100,
            "cache_hit": v("prompt_cache_hit_pct") / 100,
            "batch_share": v("batch_share_pct") / 100,
            "ft_data_prep_usd": v("ft_data_prep_hours") * rate,
            "ft_pipeline_usd": v("ft_pipeline_hours") * rate,
            "ft_training_run_usd": training,
            "ft_experiment_runs": 0.0 if inp.ft_mode == "flat" else v("ft_experiment_runs"),
            "ft_prompt_share": share,
            "gpu_usd_per_month": gpu_price * HOURS_PER_MONTH if needs_gpus else 0.0,
            "gpu_tokens_per_month": capacity,
            "min_gpus": np.trunc(v("min_gpus")),
            "self_hosted_overhead_usd_per_month": v("self_hosted_overhead_usd_per_month"),
            "ft_flat_initial_usd": v("ft_flat_initial_usd"),
            "ft_flat_monthly_infra_usd": v("ft_flat_monthly_infra_usd"),
            "retrain_every_months": np.trunc(v("ft_retrain_every_months")),
            "retrain_share": v("ft_retrain_cost_pct") / 100,
            "ft_maintenance_usd_per_month": v("ft_maintenance_hours_per_month") * rate,
            "ft_monitoring_usd_per_month": v("ft_monitoring_usd_per_month"),
        }
        if in_play_in:
            derived["batch_input_price"] = inp.input_price * discount
        if in_play_out:
            derived["batch_output_price"] = inp.output_price * discount
        return InputArrays.from_inputs(inp, size).with_values(**derived)


def baseline(workload: Workload, assumptions: Assumptions, catalogue: Catalogue | None = None) -> Baseline:
    """Resolve one workload and return it ready for the uncertainty and sensitivity analyses."""
    catalogue = catalogue or Catalogue()
    inputs, rows = resolve(workload, assumptions, catalogue)
    return baseline_from_resolved(workload, assumptions, catalogue, inputs, rows)


def baseline_from_resolved(
    workload: Workload, assumptions: Assumptions, catalogue: Catalogue, inputs: Inputs, rows: list[AssumptionRow]
) -> Baseline:
    """Like :func:`baseline`, for inputs already resolved (the report has them at hand)."""
    point: dict[str, float] = {}
    for name in Assumptions.model_fields:
        value = getattr(assumptions, name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            point[name] = float(value)
    for row in rows:  # the shipped figures resolve() filled in
        if row.name in Assumptions.model_fields and isinstance(row.value, (int, float)):
            point[row.name] = float(row.value)
    in_play = (False, False)
    if not inputs.on_premise:
        user_in, user_out = assumptions.input_price_usd_per_mtok, assumptions.output_price_usd_per_mtok
        price = catalogue.lookup(workload.api_model) if user_in is None or user_out is None else None
        in_play = (price is None or price.batch_input_usd_per_mtok is None,
                   price is None or price.batch_output_usd_per_mtok is None)
    return Baseline(workload, inputs, rows, ranged_parameters(rows), point, in_play)


def as_assumptions(base: Assumptions, values: Mapping[str, float]) -> Assumptions:
    """Return ``base`` with ``values`` set (whole numbers where the field wants them), validated."""
    data = base.model_dump()
    for name, value in values.items():
        data[name] = round(value) if name in INTEGER else value
    return Assumptions(**data)


__all__ = ["LABELS", "Baseline", "FloatArray", "Ranged", "as_assumptions", "baseline", "ranged_parameters"]
