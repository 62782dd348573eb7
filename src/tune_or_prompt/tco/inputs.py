"""Resolve a workload and its assumptions into the plain numbers the model runs on.

Resolution fills every ``None`` (prices from the catalogue, GPU figures from the
shipped file), converts percentages to fractions and hours to dollars, and
records where each figure came from. The result, :class:`Inputs`, is a flat
frozen dataclass so the month-by-month model (and the break-even search, which
runs it many times) touches no pydantic machinery.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from tune_or_prompt.errors import UserError
from tune_or_prompt.pricing import Catalogue, infra_figure
from tune_or_prompt.tco.assumptions import Assumptions, Workload, field_meta

HOURS_PER_MONTH = 730.0  # 8,760 hours a year / 12: how clouds bill an always-on instance
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600.0


class AssumptionRow(BaseModel):
    """One figure the model used, with its provenance (listed in the memo)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    value: float | str | None
    unit: str
    source: str
    low: float | None = None
    high: float | None = None
    description: str = ""


@dataclass(frozen=True)
class Inputs:
    """Every number the month-by-month model needs, in USD, tokens and fractions."""

    queries_per_month: float
    input_tokens: float
    output_tokens: float
    growth: float  # monthly growth factor minus one
    months: int
    on_premise: bool
    ft_mode: str
    # prompt engineering
    pe_prompt_usd: float
    eval_usd: float
    pe_maintenance_usd_per_month: float
    pe_monitoring_usd_per_month: float
    input_price: float
    output_price: float
    cached_input_price: float
    batch_input_price: float
    batch_output_price: float
    api_overhead: float
    cache_hit: float
    batch_share: float
    # fine-tuning
    ft_data_prep_usd: float
    ft_pipeline_usd: float
    ft_training_run_usd: float
    ft_experiment_runs: float
    ft_input_price: float
    ft_output_price: float
    ft_prompt_share: float
    gpu_usd_per_month: float
    gpu_tokens_per_month: float  # planned capacity of one GPU at target utilisation and peak
    min_gpus: int
    self_hosted_overhead_usd_per_month: float
    ft_flat_initial_usd: float
    ft_flat_monthly_infra_usd: float
    retrain_every_months: int
    retrain_share: float
    retrain_usd: float | None
    ft_maintenance_usd_per_month: float
    ft_monitoring_usd_per_month: float


@cache
def _meta_table() -> dict[str, dict[str, Any]]:
    """Return unit, source, range and description of every workload and assumption field."""
    table: dict[str, dict[str, Any]] = {}
    for model in (Workload, Assumptions):
        for name, info in model.model_fields.items():
            meta = field_meta(name) if model is Assumptions else {}
            table[name] = {
                "unit": meta.get("unit", ""),
                "source": meta.get("source", ""),
                "low": meta.get("low"),
                "high": meta.get("high"),
                "description": info.description or "",
            }
    return table


def _row(name: str, value: Any, **override: Any) -> AssumptionRow:
    data: dict[str, Any] = {"name": name, "value": value, "unit": "", "source": "", "low": None,
                            "high": None, "description": ""}
    data.update(_meta_table().get(name, {}))
    data.update(override)
    return AssumptionRow(**data)


def resolve(
    workload: Workload, assumptions: Assumptions, catalogue: Catalogue
) -> tuple[Inputs, list[AssumptionRow]]:
    """Turn validated inputs into :class:`Inputs` plus the provenance of every figure.

    Raises:
        UserError: an impossible combination (hosted fine-tuning with on-premise
            privacy) or a model or figure no catalogue knows.

    """
    a = assumptions
    on_prem = workload.privacy == "on_premise"
    if on_prem and a.ft_mode == "hosted_api":
        raise UserError(
            "ft_mode: hosted_api sends data to the provider's API, which privacy on_premise "
            "forbids; use --ft-mode self_hosted (or flat)"
        )
    rows: list[AssumptionRow] = []
    for name in Workload.model_fields:
        unit = {"queries_per_month": "queries/month", "input_tokens": "tokens/query",
                "output_tokens": "tokens/query", "growth_pct_per_month": "%/month",
                "horizon_months": "months"}.get(name, "")
        rows.append(_row(name, getattr(workload, name), unit=unit, source="workload (answers or flags)"))

    # API prices: only the prompting path on a cloud API needs them.
    pin = pout = pcache = pbin = pbout = 0.0
    if not on_prem:
        pin, pout, pcache, pbin, pbout = _api_prices(workload, a, catalogue, rows)

    needs_gpus = a.ft_mode == "self_hosted" or on_prem
    gpu_price = gpu_tput = 0.0
    if needs_gpus:
        gpu_price = _figure_or_user(rows, "gpu_usd_per_hour", a.gpu_usd_per_hour, f"gpu_hour:{a.gpu_type}")
        gpu_tput = _figure_or_user(
            rows, "gpu_throughput_tokens_per_s", a.gpu_throughput_tokens_per_s, f"serving:{a.gpu_type}"
        )
        if gpu_tput <= 0:
            raise UserError("gpu_throughput_tokens_per_s: must be greater than 0")

    rate = a.engineer_rate_usd_per_hour
    prompt_share = a.ft_prompt_tokens_pct / 100
    ft_pin = ft_pout = 0.0
    training_run = 0.0
    if a.ft_mode == "hosted_api":
        ft_name = a.ft_model or f"ft:{workload.api_model}"
        ft_price = catalogue.lookup(ft_name)
        ft_pin, ft_pout = ft_price.input_usd_per_mtok, ft_price.output_usd_per_mtok
        rows.append(_row("ft_model", ft_price.model, unit="", source=f"{ft_price.source}, as of {ft_price.as_of}"))
        rows.append(_row("ft_input_price_usd_per_mtok", ft_pin, unit="USD per 1M tokens", source=ft_price.source))
        rows.append(_row("ft_output_price_usd_per_mtok", ft_pout, unit="USD per 1M tokens", source=ft_price.source))
        train_price = _figure_or_user(
            rows, "ft_training_usd_per_mtok", a.ft_training_usd_per_mtok, f"training:{workload.api_model.lower()}"
        )
        tokens_per_example = workload.input_tokens * prompt_share + workload.output_tokens
        training_run = a.ft_training_examples * tokens_per_example * a.ft_epochs / 1e6 * train_price
    elif a.ft_mode == "self_hosted":
        training_run = a.ft_training_gpu_hours_per_run * gpu_price
    else:
        training_run = a.ft_flat_initial_usd

    mode_fields = _relevant_fields(a.ft_mode, on_prem)
    for name in Assumptions.model_fields:
        if name in mode_fields:
            rows.append(_row(name, getattr(a, name)))

    inputs = Inputs(
        queries_per_month=workload.queries_per_month,
        input_tokens=workload.input_tokens,
        output_tokens=workload.output_tokens,
        growth=workload.growth_pct_per_month / 100,
        months=workload.horizon_months,
        on_premise=on_prem,
        ft_mode=a.ft_mode,
        pe_prompt_usd=a.pe_prompt_hours * rate,
        eval_usd=a.eval_suite_hours * rate,
        pe_maintenance_usd_per_month=a.pe_maintenance_hours_per_month * rate,
        pe_monitoring_usd_per_month=a.pe_monitoring_usd_per_month,
        input_price=pin,
        output_price=pout,
        cached_input_price=pcache,
        batch_input_price=pbin,
        batch_output_price=pbout,
        api_overhead=a.api_overhead_pct / 100,
        cache_hit=a.prompt_cache_hit_pct / 100,
        batch_share=a.batch_share_pct / 100,
        ft_data_prep_usd=a.ft_data_prep_hours * rate,
        ft_pipeline_usd=a.ft_pipeline_hours * rate,
        ft_training_run_usd=training_run,
        ft_experiment_runs=0.0 if a.ft_mode == "flat" else a.ft_experiment_runs,
        ft_input_price=ft_pin,
        ft_output_price=ft_pout,
        ft_prompt_share=prompt_share,
        gpu_usd_per_month=gpu_price * HOURS_PER_MONTH,
        gpu_tokens_per_month=(
            gpu_tput * a.gpu_utilisation_target_pct / 100 * SECONDS_PER_MONTH / a.peak_to_average_ratio
            if needs_gpus and a.peak_to_average_ratio > 0
            else 0.0
        ),
        min_gpus=int(a.min_gpus),
        self_hosted_overhead_usd_per_month=a.self_hosted_overhead_usd_per_month,
        ft_flat_initial_usd=a.ft_flat_initial_usd,
        ft_flat_monthly_infra_usd=a.ft_flat_monthly_infra_usd,
        retrain_every_months=a.ft_retrain_every_months,
        retrain_share=a.ft_retrain_cost_pct / 100,
        retrain_usd=a.ft_retrain_cost_usd,
        ft_maintenance_usd_per_month=a.ft_maintenance_hours_per_month * rate,
        ft_monitoring_usd_per_month=a.ft_monitoring_usd_per_month,
    )
    if needs_gpus and inputs.gpu_tokens_per_month <= 0:
        raise UserError("gpu_utilisation_target_pct and peak_to_average_ratio: must be greater than 0")
    return inputs, rows


def _api_prices(
    workload: Workload, a: Assumptions, catalogue: Catalogue, rows: list[AssumptionRow]
) -> tuple[float, float, float, float, float]:
    """Return standard, cached and batch API prices; user-set prices win over the catalogue."""
    user_in, user_out = a.input_price_usd_per_mtok, a.output_price_usd_per_mtok
    price = catalogue.lookup(workload.api_model) if user_in is None or user_out is None else None
    src = f"{price.source}, as of {price.as_of}" if price else "set by user"
    pin = user_in if user_in is not None else price.input_usd_per_mtok if price else 0.0
    pout = user_out if user_out is not None else price.output_usd_per_mtok if price else 0.0
    rows.append(_row("input_price_usd_per_mtok", pin, source="set by user" if user_in is not None else src))
    rows.append(_row("output_price_usd_per_mtok", pout, source="set by user" if user_out is not None else src))
    discount = 1 - a.batch_discount_pct / 100
    cached = price.cached_input_usd_per_mtok if price else None
    batch_in = price.batch_input_usd_per_mtok if price else None
    batch_out = price.batch_output_usd_per_mtok if price else None
    pcache = cached if cached is not None else pin
    pbin = batch_in if batch_in is not None else pin * discount
    pbout = batch_out if batch_out is not None else pout * discount
    unit = "USD per 1M tokens"
    if a.prompt_cache_hit_pct:
        rows.append(_row("cached_input_price_usd_per_mtok", pcache, unit=unit, source=src))
    if a.batch_share_pct:
        rows.append(_row("batch_input_price_usd_per_mtok", pbin, unit=unit, source=src))
        rows.append(_row("batch_output_price_usd_per_mtok", pbout, unit=unit, source=src))
    return pin, pout, pcache, pbin, pbout


def _figure_or_user(rows: list[AssumptionRow], name: str, user_value: float | None, figure_id: str) -> float:
    """Return the user's value, else the shipped figure; record its provenance in ``rows``."""
    if user_value is not None:
        rows.append(_row(name, user_value, source="set by user"))
        return user_value
    fig = infra_figure(figure_id)
    rows.append(_row(name, fig.value, source=f"{fig.source}, as of {fig.as_of}", low=fig.low, high=fig.high))
    return fig.value


_PRICE_FIELDS = {"input_price_usd_per_mtok", "output_price_usd_per_mtok", "gpu_usd_per_hour",
                 "gpu_throughput_tokens_per_s", "ft_training_usd_per_mtok", "ft_model"}
_GPU_FIELDS = {"gpu_type", "gpu_utilisation_target_pct", "peak_to_average_ratio", "min_gpus",
               "self_hosted_overhead_usd_per_month"}
_API_FIELDS = {"api_overhead_pct", "prompt_cache_hit_pct", "batch_share_pct", "batch_discount_pct"}
_MODE_ONLY = {
    "self_hosted": {"ft_training_gpu_hours_per_run"},
    "hosted_api": {"ft_training_examples", "ft_epochs", "ft_prompt_tokens_pct"},
    "flat": {"ft_flat_initial_usd", "ft_flat_monthly_infra_usd"},
}


def _relevant_fields(ft_mode: str, on_prem: bool) -> set[str]:
    """Return the assumption fields that affect the result, for the provenance table."""
    names = set(Assumptions.model_fields) - _PRICE_FIELDS
    for mode, only in _MODE_ONLY.items():
        if mode != ft_mode:
            names -= only
    if ft_mode == "self_hosted":
        names.add("ft_prompt_tokens_pct")  # a shorter prompt needs fewer GPUs too
    if not (ft_mode == "self_hosted" or on_prem):
        names -= _GPU_FIELDS
    if on_prem:
        names -= _API_FIELDS
    if ft_mode == "flat":
        names.discard("ft_experiment_runs")
    return names
