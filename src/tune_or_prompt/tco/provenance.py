"""Every figure a run used, with its unit, source and range: the memo's assumptions table.

A row's ``low`` and ``high`` are the range the uncertainty and sensitivity
analyses sweep, so a parameter varies exactly when the table shows a range
for it. Only the parameters that price some listed option appear.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from tune_or_prompt.pricing.hardware import PRICING_LABELS
from tune_or_prompt.pricing.owned import owned_gpus
from tune_or_prompt.sources import USER, estimate
from tune_or_prompt.tco.assumptions import Assumptions, Workload, field_meta
from tune_or_prompt.tco.options import Option
from tune_or_prompt.tco.pricing_run import Priced
from tune_or_prompt.tco.resolve import Context, ServedModel

WORKLOAD_UNITS = {"queries_per_month": "queries/month", "input_tokens": "tokens/query",
                  "output_tokens": "tokens/query", "growth_pct_per_month": "%/month", "horizon_months": "months",
                  "cost_per_error_usd": "USD per wrong answer", "accuracy_prompting_pct": "%",
                  "accuracy_fine_tuned_pct": "%"}
WORKLOAD_SOURCE = "workload (answers or flags)"


class AssumptionRow(BaseModel):
    """One figure the model used, with its provenance (listed in the memo)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    value: float | str | list[float] | None
    unit: str
    source: str
    low: float | None = None
    high: float | None = None
    description: str = ""


@cache
def _descriptions() -> dict[str, str]:
    out = {name: info.description or "" for name, info in Workload.model_fields.items()}
    out.update({name: info.description or "" for name, info in Assumptions.model_fields.items()})
    return out


def _param(name: str, value: Any, **override: Any) -> AssumptionRow:
    meta = field_meta(name) if name in Assumptions.model_fields else {}
    data: dict[str, Any] = {
        "name": name, "value": value, "unit": meta.get("unit", ""), "source": meta.get("source", ""),
        "low": meta.get("low"), "high": meta.get("high"), "description": _descriptions().get(name, ""),
    }
    data.update(override)
    return AssumptionRow(**data)


# Parameters that price only some options or settings.
_API = {"api_overhead_pct", "prompt_cache_hit_pct", "batch_share_pct", "batch_discount_pct",
        "api_price_trend_pct_per_year"}
_FLEET = {"gpu_type", "gpu_pricing", "fleet", "traffic_profile", "peak_to_average_ratio",
          "gpu_utilisation_target_pct", "autoscale_headroom_pct", "min_replicas",
          "self_hosted_overhead_usd_per_month", "self_hosted_ops_fte",
          "gpu_price_trend_pct_per_year", "serving_precision", "min_user_output_tokens_per_s",
          "max_time_to_first_token_s"}
_DEDICATED = {"ft_training_mfu_pct", "ft_training_overhead_gpu_hours", "model_size"}
_PER_TOKEN_FT = {"ft_training_usd_per_mtok", "ft_epochs"}
_FLAT = {"ft_flat_initial_usd", "ft_flat_monthly_infra_usd"}
_LABELLED = {"ft_label_hours_per_example"}
_DISTILLED = {"ft_review_hours_per_example"}
_BOTTOM_UP = {"ft_retrain_data_hours", "ft_retrain_new_examples_pct", "ft_retrain_eval_hours", "ft_deploy_hours"}
_SHOWN_ELSEWHERE = {"input_price_usd_per_mtok", "output_price_usd_per_mtok", "gpu_usd_per_hour", "prefill_tokens_per_s",
                    "decode_tokens_per_s", "ft_training_usd_per_mtok", "serverless_lora_input_usd_per_mtok",
                    "serverless_lora_output_usd_per_mtok", "ft_option", "ft_model", "gpu_purchase_usd", "start_month"}
_MIGRATION = {"migration_prompt_hours", "migration_eval_hours"}
_OWNED = {"gpu_hosting", "hardware_payment", "server_share_pct", "hardware_life_years", "server_power_pct", "pue",
          "electricity_usd_per_kwh", "colocation_usd_per_kw_month", "owned_ops_hours_per_month"}
_RENTED = {"gpu_pricing", "gpu_price_trend_pct_per_year", "fleet"}


def relevant(a: Assumptions, options: list[Option], on_premise: bool) -> set[str]:
    """Return the assumption names that price prompting or one of ``options``."""
    kinds = {o.kind for o in options}
    names = set(Assumptions.model_fields) - _SHOWN_ELSEWHERE
    per_token = bool(kinds & {"provider", "serverless_lora"})
    if on_premise:
        names -= _API - ({"api_overhead_pct", "api_price_trend_pct_per_year"} if per_token else set())
    else:
        names.discard("pe_open_model_size")
    if not (on_premise or "dedicated" in kinds):
        names -= _FLEET
    if a.traffic_profile is not None:
        names.discard("peak_to_average_ratio")
    else:
        names.discard("traffic_profile")
    if "dedicated" not in kinds:
        names -= _DEDICATED
    if not per_token:
        names -= _PER_TOKEN_FT - {"ft_epochs"}
    if kinds == {"flat"}:
        names -= {"ft_epochs", "ft_experiment_runs"}
    if "flat" not in kinds:
        names -= _FLAT
    data = {o.training_data for o in options}
    if "labelled" not in data:
        names -= _LABELLED
    if "distilled" not in data:
        names -= _DISTILLED
    if a.ft_retrain_cost_usd is not None or a.ft_retrain_cost_pct is not None:
        names -= _BOTTOM_UP
        if a.ft_retrain_cost_usd is None:
            names.discard("ft_retrain_cost_usd")
        else:
            names.discard("ft_retrain_cost_pct")
    else:
        names -= {"ft_retrain_cost_usd", "ft_retrain_cost_pct"}
    if a.gpu_type is None:
        names.discard("gpu_type")
    if a.training_data is None:
        names.discard("training_data")
    return names


def _fleet_rows(served: ServedModel, pricing: str, prefix: str, user_price: float | None,
                user_prefill: float | None, user_decode: float | None) -> list[AssumptionRow]:
    gpu, serving = served.gpu, served.serving
    price = gpu.prices[pricing]  # type: ignore[index]
    who = f"{served.model.name} on {gpu.name}"
    rows = [
        AssumptionRow(name=f"{prefix}gpu_usd_per_hour", value=user_price if user_price is not None else price.value,
                      unit="USD per GPU-hour",
                      source=USER if user_price is not None else f"{price.source}",
                      low=None if user_price is not None else price.low,
                      high=None if user_price is not None else price.high,
                      description=f"{gpu.name}, {PRICING_LABELS[pricing]}; {serving.gpus_per_replica} per replica"),
    ]
    for key, user in (("prefill_tokens_per_s", user_prefill), ("decode_tokens_per_s", user_decode)):
        fig = getattr(serving, key)
        assert fig is not None
        word = "Input tokens read" if key.startswith("prefill") else "Output tokens written"
        rows.append(AssumptionRow(
            name=f"{prefix}{key}", value=user if user is not None else fig.value, unit="tokens/s per replica",
            source=USER if user is not None else fig.source,
            low=None if user is not None else fig.low, high=None if user is not None else fig.high,
            description=f"{word} per second by one replica of {who}"))
    return rows


def _owned_gpu_rows(a: Assumptions, gpu_id: str, name: str, prefix: str) -> list[AssumptionRow]:
    shipped = owned_gpus()[gpu_id]
    user = a.gpu_purchase_usd if a.gpu_type == gpu_id else None
    rows = []
    price = shipped.purchase_usd
    if user is not None or price is not None:
        rows.append(AssumptionRow(
            name=f"{prefix}gpu_purchase_usd", value=user if user is not None else price.value if price else 0.0,
            unit="USD per GPU", source=USER if user is not None or price is None else price.source,
            low=None if user is not None or price is None else price.low,
            high=None if user is not None or price is None else price.high,
            description=f"Purchase price of one {name}, bought and owned"))
    power = shipped.power_kw
    rows.append(AssumptionRow(name=f"{prefix}gpu_power_kw", value=power.value, unit=power.unit, source=power.source,
                              description=f"Power one {name} draws at most"))
    return rows


def owned_rows(priced: Priced) -> list[AssumptionRow]:
    """Return the purchase price and power of the GPUs owned fleets hold (fine-tuning's, then prompting's)."""
    ctx, a = priced.ctx, priced.ctx.assumptions
    rows: list[AssumptionRow] = []
    dedicated = [p.option for p in priced.priced if p.option.kind == "dedicated" and p.option.gpu is not None]
    chosen = priced.chosen.option
    first = chosen if chosen.kind == "dedicated" else dedicated[0] if dedicated else None
    if first is not None and first.gpu is not None:
        rows.extend(_owned_gpu_rows(a, first.gpu.id, first.gpu.name, ""))
    if ctx.pe_served is not None:
        rows.extend(_owned_gpu_rows(a, ctx.pe_served.gpu.id, ctx.pe_served.gpu.name, "pe_"))
    return rows


def _lifecycle_rows(ctx: Context, names: set[str]) -> list[AssumptionRow]:
    """Return the start month's row; keep the migration's parameters only when a migration is priced."""
    if ctx.successor is None:
        names -= _MIGRATION
    if ctx.api is None:
        names.discard("retirement_dates")
        return []
    given = ctx.assumptions.start_month is not None
    return [_param("start_month", f"{ctx.start:%Y-%m}",
                   source=USER if given else estimate("the month the tool ran in, by its clock"))]


def provenance(priced: Priced) -> list[AssumptionRow]:
    """Return every figure the run used: workload, prices, shipped figures, then the cost parameters."""
    ctx, a, w = priced.ctx, priced.ctx.assumptions, priced.ctx.workload
    rows = [_param(name, getattr(w, name), unit=WORKLOAD_UNITS.get(name, ""), source=WORKLOAD_SOURCE)
            for name in Workload.model_fields if getattr(w, name) is not None
            and not (name == "cost_per_error_usd" and not w.cost_per_error_usd)
            and not (name == "api_model" and ctx.on_premise)]  # on premise no API model is used
    options = [p.option for p in priced.priced]
    if ctx.api is not None:
        api = ctx.api
        for name, value, user in (("input_price_usd_per_mtok", api.input, a.input_price_usd_per_mtok),
                                  ("output_price_usd_per_mtok", api.output, a.output_price_usd_per_mtok)):
            rows.append(_param(name, value, source=USER if user is not None else api.source))
        if api.cached_input is not None and a.prompt_cache_hit_pct > 0:
            rows.append(_param("cached_input_price_usd_per_mtok", api.cached_input, unit="USD per 1M tokens",
                               source=api.source, description="API price of input tokens read from the prompt cache."))
        if a.batch_share_pct > 0:
            for name, batch in (("batch_input_price_usd_per_mtok", api.batch_input),
                                ("batch_output_price_usd_per_mtok", api.batch_output)):
                if batch is not None:
                    rows.append(_param(name, batch, unit="USD per 1M tokens", source=api.source,
                                       description="API price through the provider's batch API."))
    for o in options:
        if o.kind == "dedicated" and o.model is not None and o.gpu is not None and o.serving is not None:
            rows.extend(_fleet_rows(ServedModel(o.model, o.gpu, o.serving), a.gpu_pricing, "", a.gpu_usd_per_hour,
                                    a.prefill_tokens_per_s, a.decode_tokens_per_s))
            break
    if ctx.pe_served is not None:
        same = a.gpu_type is not None and ctx.pe_served.gpu.id == a.gpu_type
        rows.extend(_fleet_rows(ctx.pe_served, a.gpu_pricing, "pe_", a.gpu_usd_per_hour if same else None,
                                None, None))
    chosen = priced.chosen.option
    if chosen.kind in ("provider", "serverless_lora"):
        offer = chosen.provider_offer or chosen.lora_training
        user = a.ft_training_usd_per_mtok
        price = user if user is not None else offer.training_usd_per_mtok if offer else 0.0
        rows.append(_param("ft_training_usd_per_mtok", price,
                           source=USER if user is not None else chosen.source,
                           description=f"Training price of {chosen.label}."))
        rows.append(AssumptionRow(name="ft_serving_input_usd_per_mtok", value=chosen.serving_input_usd_per_mtok,
                                  unit="USD per 1M tokens", source=chosen.source,
                                  description=f"Input price of {chosen.label}, per token."))
        rows.append(AssumptionRow(name="ft_serving_output_usd_per_mtok", value=chosen.serving_output_usd_per_mtok,
                                  unit="USD per 1M tokens", source=chosen.source,
                                  description=f"Output price of {chosen.label}, per token."))
    names = relevant(a, options, ctx.on_premise)
    rows.extend(_lifecycle_rows(ctx, names))
    if ctx.owned and (ctx.pe_served is not None or any(o.kind == "dedicated" for o in options)):
        names -= _RENTED
        rented = {"gpu_usd_per_hour", "pe_gpu_usd_per_hour"}
        rows = [r for r in rows if r.name not in rented] + owned_rows(priced)
    else:
        names -= _OWNED
    user_set = a.model_fields_set
    # A measured accuracy replaces the typical one, unless another prompting path's assumed accuracy follows it.
    others_assumed = any(p.ctx is not None and not p.path.current and not p.path.accuracy.measured
                         for p in priced.prompts)
    for kind in ("prompting", "fine_tuned"):
        measured = getattr(w, f"accuracy_{kind}_pct") is not None and not (kind == "prompting" and others_assumed)
        if not w.cost_per_error_usd or measured:
            names.discard(f"typical_accuracy_{kind}_pct")
    for name in Assumptions.model_fields:
        if name in names:
            shown: Any = getattr(a, name)
            given = name in user_set and shown != Assumptions.model_fields[name].default
            if isinstance(shown, dict):  # accuracy_by_path: shown as one line
                shown = ", ".join(f"{k}: {v:g}%" for k, v in shown.items())
            rows.append(_param(name, shown, **({"source": USER} if given else {})))
    return rows
