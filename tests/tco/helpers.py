"""Builders shared by the TCO tests."""

from __future__ import annotations

from typing import Any

from tune_or_prompt.tco import Assumptions, Workload

ZERO_EXTRAS: dict[str, Any] = {
    "pe_prompt_hours": 0, "eval_suite_hours": 0, "pe_maintenance_hours_per_month": 0,
    "pe_monitoring_usd_per_month": 0, "api_overhead_pct": 0, "prompt_cache_hit_pct": 0,
    "batch_share_pct": 0, "ft_data_prep_hours": 0, "ft_pipeline_hours": 0,
    "ft_maintenance_hours_per_month": 0, "ft_monitoring_usd_per_month": 0,
    "ft_build_months": 0, "ft_prompt_baseline_pct": 0, "ft_training_examples": 0,
}


def flat(initial: float, infra: float, every: int, retrain: float, pin: float, pout: float,
         **more: Any) -> Assumptions:
    """Assumptions that make the full model collapse to the article's formula."""
    return Assumptions(**{**ZERO_EXTRAS, "ft_option": "flat", "ft_flat_initial_usd": initial,
                          "ft_flat_monthly_infra_usd": infra, "ft_retrain_every_months": every,
                          "ft_retrain_cost_usd": retrain, "input_price_usd_per_mtok": pin,
                          "output_price_usd_per_mtok": pout, **more})


def workload(**kw: Any) -> Workload:
    """The article's workload unless overridden."""
    return Workload(**kw)
