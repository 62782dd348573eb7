"""The full profile: month-by-month cash flows of both paths.

Month m (1-based) carries the volume ``q * (1 + growth) ** (m - 1)``. One-off
costs fall in month 1; a retraining cycle falls in every month divisible by the
cadence (so a 36-month horizon at a 3-month cadence has floor(36 / 3) = 12
cycles, as in the article's formula). Dedicated GPUs bill 24/7, and their count
is the fewest that carry the month's peak token rate at the target utilisation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from tune_or_prompt.tco.inputs import Inputs

# Which of the four headline groups each category belongs to (the memo's cost table).
CATEGORY_GROUP: dict[str, str] = {
    "prompt_development": "initial",
    "evaluation_suite": "initial",
    "api_usage": "operational",
    "self_hosted_gpus": "operational",
    "infrastructure_overhead": "operational",
    "prompt_maintenance": "maintenance",
    "monitoring": "maintenance",
    "api_overhead": "hidden",
    "data_preparation": "initial",
    "training": "initial",
    "experiments": "initial",
    "pipeline_engineering": "initial",
    "hosting": "operational",
    "retraining": "maintenance",
    "model_maintenance": "maintenance",
}
GROUPS = ("initial", "operational", "maintenance", "hidden")
CEIL_SLACK = 1e-9
"""Taken off tokens / capacity before the GPU ceiling, so a float hair over a whole number is not one more GPU."""


@dataclass
class PathCosts:
    """One path's cash flows: a figure per month and a total per category."""

    monthly: list[float] = field(default_factory=list)
    breakdown: dict[str, float] = field(default_factory=dict)
    gpus: list[int] = field(default_factory=list)

    @property
    def total(self) -> float:
        """Sum over the horizon, month after month.

        Added in order on purpose: Python 3.12's ``sum`` compensates rounding,
        which would make totals differ in the last bit between Python versions
        and from the vectorised model, which adds month by month.
        """
        return running_total(self.monthly)


def running_total(values: list[float]) -> float:
    """Add ``values`` left to right with plain float addition (the same on every Python)."""
    total = 0.0
    for v in values:
        total += v
    return total


def gpus_needed(tokens: float, inp: Inputs) -> int:
    """Fewest GPUs that serve ``tokens`` a month at peak, and never fewer than the minimum."""
    if inp.gpu_tokens_per_month <= 0:
        return inp.min_gpus
    return max(inp.min_gpus, math.ceil(tokens / inp.gpu_tokens_per_month - CEIL_SLACK))


def volumes(inp: Inputs, queries: float | None = None) -> list[float]:
    """Return the queries of each month of the horizon, growth compounded monthly.

    ``queries`` replaces the month-1 volume (the break-even search varies it).
    """
    q = inp.queries_per_month if queries is None else queries
    g = 1 + inp.growth
    if g == 1:
        return [q] * inp.months
    return [q * g**m for m in range(inp.months)]


def _gpu_counts(qs: list[float], tokens_per_query: float, inp: Inputs) -> list[int]:
    """GPUs per month; one ceiling when the volume is flat."""
    if inp.growth == 0 and qs:
        return [gpus_needed(qs[0] * tokens_per_query, inp)] * len(qs)
    return [gpus_needed(q * tokens_per_query, inp) for q in qs]


def prompt_engineering(inp: Inputs, queries: float | None = None) -> PathCosts:
    """Cash flows of prompting (a cloud API, or an open model on own GPUs when on-premise).

    ``queries`` replaces the month-1 volume of ``inp`` (used by the break-even search).
    """
    out = PathCosts()
    b = out.breakdown
    b["prompt_development"] = inp.pe_prompt_usd
    b["evaluation_suite"] = inp.eval_usd
    fixed = inp.pe_maintenance_usd_per_month + inp.pe_monitoring_usd_per_month
    qs = volumes(inp, queries)
    if inp.on_premise:
        tokens_per_query = inp.input_tokens + inp.output_tokens
        gpus = out.gpus = _gpu_counts(qs, tokens_per_query, inp)
        per_gpu, infra = inp.gpu_usd_per_month, inp.self_hosted_overhead_usd_per_month
        monthly = [fixed + infra + n * per_gpu for n in gpus]
        b["self_hosted_gpus"] = sum(gpus) * per_gpu
        b["infrastructure_overhead"] = infra * inp.months
    else:
        per_query_std = (
            inp.input_tokens * (1 - inp.cache_hit) * inp.input_price
            + inp.input_tokens * inp.cache_hit * inp.cached_input_price
            + inp.output_tokens * inp.output_price
        ) / 1e6
        per_query_batch = (
            inp.input_tokens * inp.batch_input_price + inp.output_tokens * inp.batch_output_price
        ) / 1e6
        per_query = (1 - inp.batch_share) * per_query_std + inp.batch_share * per_query_batch
        with_overhead = per_query * (1 + inp.api_overhead)
        monthly = [fixed + q * with_overhead for q in qs]
        api = sum(qs) * per_query
        b["api_usage"] = api
        b["api_overhead"] = api * inp.api_overhead
    monthly[0] += inp.pe_prompt_usd + inp.eval_usd
    out.monthly = monthly
    b["prompt_maintenance"] = inp.pe_maintenance_usd_per_month * inp.months
    b["monitoring"] = inp.pe_monitoring_usd_per_month * inp.months
    return out


def fine_tuning_initial(inp: Inputs) -> float:
    """One-off cost of the first fine-tuned model (the base of the retraining percentage)."""
    return (
        inp.ft_data_prep_usd
        + inp.eval_usd
        + inp.ft_pipeline_usd
        + inp.ft_training_run_usd * (1 + inp.ft_experiment_runs)
    )


def fine_tuning(inp: Inputs, queries: float | None = None) -> PathCosts:
    """Cash flows of fine-tuning: initial build, hosting, retraining and upkeep.

    ``queries`` replaces the month-1 volume of ``inp`` (used by the break-even search).
    """
    out = PathCosts()
    b = out.breakdown
    b["data_preparation"] = inp.ft_data_prep_usd
    b["evaluation_suite"] = inp.eval_usd
    b["training"] = inp.ft_training_run_usd
    b["experiments"] = inp.ft_training_run_usd * inp.ft_experiment_runs
    b["pipeline_engineering"] = inp.ft_pipeline_usd
    initial = fine_tuning_initial(inp)
    fixed = inp.ft_maintenance_usd_per_month + inp.ft_monitoring_usd_per_month
    qs = volumes(inp, queries)
    mode = inp.ft_mode
    if mode == "self_hosted":
        tokens_per_query = inp.input_tokens * inp.ft_prompt_share + inp.output_tokens
        gpus = out.gpus = _gpu_counts(qs, tokens_per_query, inp)
        per_gpu, infra = inp.gpu_usd_per_month, inp.self_hosted_overhead_usd_per_month
        monthly = [fixed + infra + n * per_gpu for n in gpus]
        b["hosting"] = sum(gpus) * per_gpu
        b["infrastructure_overhead"] = infra * inp.months
    elif mode == "hosted_api":
        per_query = (
            inp.input_tokens * inp.ft_prompt_share * inp.ft_input_price
            + inp.output_tokens * inp.ft_output_price
        ) / 1e6
        with_overhead = per_query * (1 + inp.api_overhead)
        monthly = [fixed + q * with_overhead for q in qs]
        hosting = sum(qs) * per_query
        b["hosting"] = hosting
        b["api_overhead"] = hosting * inp.api_overhead
    else:
        monthly = [fixed + inp.ft_flat_monthly_infra_usd] * inp.months
        b["hosting"] = inp.ft_flat_monthly_infra_usd * inp.months
    monthly[0] += initial
    every = inp.retrain_every_months
    retrain = inp.retrain_usd if inp.retrain_usd is not None else initial * inp.retrain_share
    cycles = 0
    if every:
        for m in range(every - 1, inp.months, every):  # months every, 2 x every, ... (0-based)
            monthly[m] += retrain
            cycles += 1
    b["retraining"] = retrain * cycles
    out.monthly = monthly
    b["model_maintenance"] = inp.ft_maintenance_usd_per_month * inp.months
    b["monitoring"] = inp.ft_monitoring_usd_per_month * inp.months
    return out
