"""Ranged parameters: which figures vary, over what, and how a varied value reaches the model.

The uncertainty and sensitivity analyses vary what a user knows by name
(engineer hours, percentages, GPU prices, serving rates): a parameter is
ranged when its row in the run's assumptions table has a low and a high, so
only figures that price some listed option vary, and the shipped figures'
ranges are exactly the ones the memo shows. :class:`Baseline` holds one
priced workload and re-prices every candidate fine-tuning option with any
set of varied values (arrays) through the same resolution and model as the
point estimate; the fine-tuning path of each scenario is its cheapest option,
as it is for the point estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from annotated_types import Ge, Le

from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.tco.assumptions import Assumptions, Distribution, Workload, field_meta
from tune_or_prompt.tco.fleet import FloatArray
from tune_or_prompt.tco.options import Option
from tune_or_prompt.tco.outcomes import IntArray
from tune_or_prompt.tco.pricing_run import Priced, price_options
from tune_or_prompt.tco.provenance import AssumptionRow
from tune_or_prompt.tco.resolve import FLEET_FIGURES, PE_FLEET_FIGURES, point_values

LABELS: dict[str, str] = {
    "engineer_rate_usd_per_hour": "Engineer rate",
    "annotator_rate_usd_per_hour": "Reviewer rate",
    "api_overhead_pct": "API overhead (failures, retries)",
    "api_price_trend_pct_per_year": "API price trend",
    "gpu_price_trend_pct_per_year": "GPU price trend",
    "pe_prompt_hours": "Prompt development effort",
    "eval_suite_hours": "Evaluation suite effort",
    "pe_maintenance_hours_per_month": "Prompt maintenance effort",
    "pe_monitoring_usd_per_month": "Prompt monitoring",
    "static_prompt_pct": "Static share of the prompt",
    "prompt_cache_hit_pct": "Prompt cache hits",
    "batch_share_pct": "Share of queries batched",
    "batch_discount_pct": "Batch discount",
    "ft_build_months": "Months to build the fine-tuned model",
    "ft_prompt_baseline_pct": "Prompt baseline for fine-tuning",
    "ft_training_examples": "Training examples",
    "ft_label_hours_per_example": "Labelling time per example",
    "ft_review_hours_per_example": "Review time per generated example",
    "ft_data_prep_hours": "Training-data preparation effort",
    "ft_pipeline_hours": "Training pipeline effort",
    "ft_experiment_runs": "Experiment training runs",
    "ft_epochs": "Training epochs",
    "ft_training_usd_per_mtok": "Training price per token",
    "ft_training_mfu_pct": "Training efficiency (MFU)",
    "ft_training_overhead_gpu_hours": "GPU overhead per training run",
    "ft_flat_initial_usd": "Initial fine-tuning cost",
    "ft_flat_monthly_infra_usd": "Fine-tuning infrastructure",
    "gpu_usd_per_hour": "GPU rental price",
    "prefill_tokens_per_s": "Input tokens per second per replica",
    "decode_tokens_per_s": "Output tokens per second per replica",
    "pe_gpu_usd_per_hour": "GPU rental price (prompting)",
    "gpu_purchase_usd": "GPU purchase price",
    "pe_gpu_purchase_usd": "GPU purchase price (prompting)",
    "hardware_life_years": "Hardware life",
    "server_share_pct": "Server share of the GPU price",
    "server_power_pct": "Server power over the GPUs'",
    "pue": "Data-centre PUE",
    "electricity_usd_per_kwh": "Electricity price",
    "colocation_usd_per_kw_month": "Colocation price",
    "owned_ops_hours_per_month": "Engineers running owned GPUs",
    "migration_prompt_hours": "Re-prompting for a successor model",
    "migration_eval_hours": "Re-evaluation on a successor model",
    "pe_prefill_tokens_per_s": "Input tokens per second per replica (prompting)",
    "pe_decode_tokens_per_s": "Output tokens per second per replica (prompting)",
    "peak_to_average_ratio": "Peak-to-average traffic",
    "gpu_utilisation_target_pct": "GPU utilisation target",
    "autoscale_headroom_pct": "Autoscaling head-room",
    "min_replicas": "Minimum replicas kept running",
    "self_hosted_overhead_usd_per_month": "Self-hosting overhead",
    "self_hosted_ops_fte": "Operations of a self-hosted fleet",
    "ft_retrain_every_months": "Months between retrainings",
    "ft_retrain_data_hours": "Data refresh effort per retraining",
    "ft_retrain_new_examples_pct": "New examples per retraining",
    "ft_retrain_eval_hours": "Evaluation effort per retraining",
    "ft_deploy_hours": "Deployment effort per retraining",
    "ft_retrain_cost_pct": "Retraining cost",
    "ft_maintenance_hours_per_month": "Model maintenance effort",
    "ft_monitoring_usd_per_month": "Fine-tuned model monitoring",
}

INTEGER = frozenset({"min_replicas", "ft_retrain_every_months", "ft_build_months"})
# Where zero is not a valid value, or means something else entirely (a cadence of 0 is "never retrain").
_NOT_ZERO = frozenset({"prefill_tokens_per_s", "decode_tokens_per_s", "pe_prefill_tokens_per_s",
                       "pe_decode_tokens_per_s", "gpu_utilisation_target_pct", "peak_to_average_ratio",
                       "ft_retrain_every_months", "ft_training_mfu_pct", "min_replicas"})
FIGURES = frozenset((*PE_FLEET_FIGURES, "pe_gpu_purchase_usd"))
OWNED_GPU_FIGURES = ("gpu_purchase_usd", "gpu_power_kw")
"""Ranged names that are shipped figures rather than assumption fields."""


@dataclass(frozen=True)
class Ranged:
    """One parameter the analyses vary.

    Attributes:
        name: The assumption's field name (or a shipped figure's row name).
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
    if name not in Assumptions.model_fields:
        return 0.0, None
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
        if row.name not in Assumptions.model_fields and row.name not in FIGURES:
            continue
        if row.low is None or row.high is None or not isinstance(row.value, (int, float)):
            continue
        value = float(row.value)
        if row.name == "ft_retrain_every_months" and value == 0:
            continue  # "never retrain" is a decision, not a point in the 1-6 month range
        floor, ceiling = _bounds(row.name)
        meta = field_meta(row.name) if row.name in Assumptions.model_fields else {}
        out.append(Ranged(
            name=row.name, label=LABELS.get(row.name, row.name.replace("_", " ").capitalize()),
            unit=row.unit, value=value, low=min(row.low, value), high=max(row.high, value),
            integer=row.name in INTEGER, distribution=meta.get("distribution", "triangular"), floor=floor,
            ceiling=ceiling,
        ))
    return out


def allows_zero(p: Ranged) -> bool:
    """Whether 0 is a valid value of ``p`` (the sensitivity search stops short of it otherwise)."""
    return p.name not in _NOT_ZERO


@dataclass(frozen=True)
class Comparison:
    """Both paths across many scenarios: present values, and the option each scenario fine-tunes with.

    Attributes:
        pe_value: Prompting's present value.
        ft_value: The cheapest option's present value.
        break_even_month: That option's break-even month (0: never).
        option: Index of that option among the baseline's candidates.

    """

    pe_value: FloatArray
    ft_value: FloatArray
    break_even_month: IntArray
    option: IntArray

    @property
    def savings_with_prompting(self) -> FloatArray:
        """Fine-tuning's present value minus prompting's."""
        return self.ft_value - self.pe_value


@dataclass(frozen=True)
class Baseline:
    """One priced workload, ready to be re-priced with varied parameter values.

    Attributes:
        priced: The point estimate: context, options, the chosen one.
        rows: The provenance of every figure.
        parameters: The ranged parameters, in row order.
        point: Every numeric parameter's value in this run (the chosen option's figures).

    """

    priced: Priced
    rows: list[AssumptionRow]
    parameters: list[Ranged]
    point: dict[str, float]

    def parameter(self, name: str) -> Ranged:
        """Return the ranged parameter called ``name``."""
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(name)

    def values_for_option(self, option: Option, values: dict[str, Any]) -> dict[str, Any]:
        """Return ``values`` for ``option``: a GPU figure moves its own GPU type's by the same factor.

        The figures of one GPU type are its rental price, its serving rates and, owned, its purchase price and
        power: an option on another GPU type keeps its own, moved as the drawn one moved the point's.
        """
        scaled = [n for n in (*FLEET_FIGURES, *OWNED_GPU_FIGURES) if n in values]
        if not scaled or option.gpu is None:
            return values
        own = point_values(self.priced.ctx, option)
        out = dict(values)
        for name in scaled:
            if name in own and self.point.get(name):
                out[name] = np.asarray(values[name]) * (own[name] / self.point[name])
        return out


def whole_numbers(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``values`` with the whole-number parameters rounded."""
    return {k: np.rint(v) if k in INTEGER else v for k, v in values.items()}


def baseline_from_priced(priced: Priced, rows: list[AssumptionRow]) -> Baseline:
    """Return the baseline of a priced workload (the report has both at hand)."""
    point = dict(point_values(priced.ctx, priced.chosen.option))
    for p in priced.priced:
        for name, value in point_values(priced.ctx, p.option).items():
            point.setdefault(name, value)
    return Baseline(priced, rows, ranged_parameters(rows), point)


def baseline(workload: Workload, assumptions: Assumptions, catalogue: Catalogue | None = None) -> Baseline:
    """Price one workload and return it ready for the uncertainty and sensitivity analyses (a library call)."""
    from tune_or_prompt.tco.provenance import provenance

    priced = price_options(workload, assumptions, catalogue or Catalogue())
    return baseline_from_priced(priced, provenance(priced))


def as_assumptions(base: Baseline, values: Mapping[str, float]) -> Assumptions:
    """Return the run's assumptions with ``values`` set (whole numbers where wanted), validated.

    The analyses hold the point estimate's GPU type, so the assumptions pin it
    (where prompting on premise runs on the same type, or on no GPU at all): a
    report from them prices exactly what :meth:`Baseline.compare` priced.
    """
    ctx = base.priced.ctx
    data = ctx.assumptions.model_dump()
    for name, value in values.items():
        data[name] = round(value) if name in INTEGER else value
    gpus = {p.option.gpu.id for p in base.priced.priced if p.option.gpu is not None}
    if ctx.pe_served is not None:
        gpus.add(ctx.pe_served.gpu.id)
    if data["gpu_type"] is None and len(gpus) == 1:
        data["gpu_type"] = gpus.pop()
    return Assumptions(**data)


__all__ = ["LABELS", "Baseline", "Comparison", "FloatArray", "Ranged", "allows_zero", "as_assumptions", "baseline",
           "baseline_from_priced", "ranged_parameters"]
