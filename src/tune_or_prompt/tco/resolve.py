"""Resolve a workload into the model's inputs: prices, fleets, and every parameter as arrays.

Two steps. :func:`context` does what is done once per workload: look up the
API prices, enumerate the fine-tuning options, choose the GPU type that
on-premise prompting runs on, read the traffic profile. :func:`scenarios`
then turns parameter *values* (the assumptions, the workload's numbers and
the shipped figures, by name, each a number or an array) into the model's
:class:`~.model.Scenarios` for one option, with numpy throughout. The point
estimate is a batch of one; the uncertainty draws, the sensitivity sweeps
and batch portfolios pass arrays, so every figure is derived by the same
code.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from tune_or_prompt.errors import UserError
from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.pricing.cache_rules import CacheRule, cache_rules, saving_per_query
from tune_or_prompt.pricing.hardware import Gpu, Hardware, OpenModel, Serving, hardware
from tune_or_prompt.pricing.lifecycle import Shutdown, place, start_of
from tune_or_prompt.pricing.model_price import ModelPrice
from tune_or_prompt.pricing.offers import offers
from tune_or_prompt.tco.assumptions import Assumptions, Workload
from tune_or_prompt.tco.fleet import Fleet, FloatArray, builtin_profile, profile_groups
from tune_or_prompt.tco.model import FtServing, Scenarios
from tune_or_prompt.tco.options import Option, enumerate_options, pinned, serving_shape
from tune_or_prompt.tco.owned import can_own, owned_options, owned_parts, owned_values, purchase_price
from tune_or_prompt.tco.quality import ft_path_keys, measured_accuracy

AVAILABLE_REPLICAS = 2
"""Replicas a user-facing feature with an uptime need keeps at every hour, so that one can fail or be replaced."""
WORKLOAD_NUMBERS = ("queries_per_month", "input_tokens", "output_tokens", "growth_pct_per_month", "cost_per_error_usd")
FLEET_FIGURES = ("gpu_usd_per_hour", "prefill_tokens_per_s", "decode_tokens_per_s")
PE_FLEET_FIGURES = ("pe_gpu_usd_per_hour", "pe_prefill_tokens_per_s", "pe_decode_tokens_per_s")
FLOPS_PER_TRAINING_TOKEN = 6.0  # x params: forward and backward pass
HOURS_PER_ENGINEER_MONTH = 2080.0 / 12  # a full-time engineer's 2,080 hours a year


@dataclass(frozen=True)
class ApiPrices:
    """The API model's prices per 1M tokens (cached and batch prices where the catalogue has them)."""

    price: ModelPrice | None  # None when the user set both prices
    input: float
    output: float
    cached_input: float | None
    batch_input: float | None
    batch_output: float | None
    source: str
    cache: CacheRule | None = None  # the provider's cache billing (minimum prefix, write premium)


@dataclass(frozen=True)
class ServedModel:
    """An open model on a GPU type: what a fleet serves."""

    model: OpenModel
    gpu: Gpu
    serving: Serving


@dataclass(frozen=True)
class Context:
    """What is resolved once per workload.

    Attributes:
        workload: The workload.
        assumptions: The cost parameters.
        api: The API prices (None on premise: no API).
        options: Every fine-tuning option, feasible or not.
        candidates: The feasible options the verdict may choose from (``ft_option`` applied).
        pe_served: On premise, the open model prompting runs and the GPU type chosen for it.
        pe_gpu_candidates: On premise, every GPU type that model fits on (or the pinned one).
        profile: The traffic profile as (weights, hour counts), or None for the built-in shape.
        hw: The shipped hardware catalogue.
        start: The first day of the horizon's first month.
        shutdown: Where the API model's listed shutdown falls in the horizon (None: none listed).
        successor: The successor's prices, when a priced shutdown falls within the horizon.
        points: Each option's parameter values, worked out on first use (see :func:`point_values`).
        pe_accuracy_pct: The prompted model's expected accuracy when it is not the workload's (another
            model's path); None: the workload's measured figure, else the typical one.

    """

    workload: Workload
    assumptions: Assumptions
    api: ApiPrices | None
    options: list[Option]
    candidates: list[Option]
    pe_served: ServedModel | None
    pe_gpu_candidates: list[str]
    profile: tuple[FloatArray, FloatArray] | None
    hw: Hardware
    start: date
    shutdown: Shutdown | None = None
    successor: ApiPrices | None = None
    points: dict[str, dict[str, float]] = field(default_factory=dict, compare=False, repr=False)
    pe_accuracy_pct: float | None = None

    @property
    def owned(self) -> bool:
        """Whether GPU fleets are bought (``gpu_hosting``; by default on premise) rather than rented."""
        hosting = self.assumptions.gpu_hosting
        return hosting == "owned" or (hosting is None and self.on_premise)

    @property
    def switch_month(self) -> int:
        """0-based month from which prompted traffic runs on the successor (the horizon's length: never)."""
        months = self.workload.horizon_months
        if self.successor is None or self.shutdown is None:
            return months
        return min(max(self.shutdown.month_index, 0), months)

    @property
    def on_premise(self) -> bool:
        """Whether everything runs on own GPUs."""
        return self.workload.privacy == "on_premise"

    def with_pe_gpu(self, gpu_id: str) -> Context:
        """Return the context with on-premise prompting served from another GPU type."""
        assert self.pe_served is not None
        model = self.pe_served.model
        shape = serving_shape(self.workload, self.assumptions, fine_tuned=False)
        served = ServedModel(model, self.hw.gpu(gpu_id), self.hw.serving_of(model.size, gpu_id, shape))
        return dataclasses.replace(self, pe_served=served, points={})


def _api_prices(workload: Workload, a: Assumptions, catalogue: Catalogue) -> ApiPrices:
    user_in, user_out = a.input_price_usd_per_mtok, a.output_price_usd_per_mtok
    price = catalogue.lookup(workload.api_model) if user_in is None or user_out is None else None
    return ApiPrices(
        price=price,
        input=user_in if user_in is not None else price.input_usd_per_mtok if price else 0.0,
        output=user_out if user_out is not None else price.output_usd_per_mtok if price else 0.0,
        cached_input=price.cached_input_usd_per_mtok if price else None,
        batch_input=price.batch_input_usd_per_mtok if price else None,
        batch_output=price.batch_output_usd_per_mtok if price else None,
        source=f"{price.source}, as of {price.as_of}" if price else "set by the user",
        cache=cache_rules().rule_for(price.provider, price.model) if price else None,
    )


def catalogue_prices(price: ModelPrice) -> ApiPrices:
    """Return a catalogue model's prices, with its provider's cache rules."""
    return ApiPrices(price, price.input_usd_per_mtok, price.output_usd_per_mtok, price.cached_input_usd_per_mtok,
                     price.batch_input_usd_per_mtok, price.batch_output_usd_per_mtok,
                     f"{price.source}, as of {price.as_of}", cache_rules().rule_for(price.provider, price.model))


def lifecycle_of(workload: Workload, a: Assumptions, api: ApiPrices | None, catalogue: Catalogue,
               start: date) -> tuple[Shutdown | None, ApiPrices | None]:
    """Place the API model's shutdown in the horizon; the successor's prices when it is priced within it."""
    if api is None:
        return None, None
    shutdown = place(workload.api_model, api.price.model if api.price else None, start, workload.horizon_months,
                     a.retirement_dates)
    if shutdown is None or not shutdown.priced or shutdown.month_index >= workload.horizon_months:
        return shutdown, None
    assert shutdown.retirement.successor is not None  # place() refuses a priced one without
    return shutdown, catalogue_prices(catalogue.lookup(shutdown.retirement.successor))


def context(workload: Workload, a: Assumptions, catalogue: Catalogue) -> Context:
    """Resolve what one workload needs before any pricing.

    Raises:
        UserError: an unknown API model, a pinned option that is unknown or not
            feasible, a GPU type the model does not fit on, or GPU figures set
            without the GPU type they belong to.

    """
    for name in (*FLEET_FIGURES,):
        if getattr(a, name) is not None and a.gpu_type is None:
            raise UserError(f"{name}: set gpu_type too (the figure belongs to one GPU type)")
    hw = hardware()
    on_prem = workload.privacy == "on_premise"
    api = None if on_prem else _api_prices(workload, a, catalogue)
    start = start_of(a.start_month)
    shutdown, successor = lifecycle_of(workload, a, api, catalogue, start)
    options = enumerate_options(workload, a, api.price if api else None, hw, offers())
    owned = a.gpu_hosting == "owned" or (a.gpu_hosting is None and on_prem)
    if owned:
        options = owned_options(options, a)
    candidates = pinned(options, a.ft_option)
    pe_served = None
    pe_gpus: list[str] = []
    if on_prem:
        model = hw.model(a.pe_open_model_size or a.model_size)
        shape = serving_shape(workload, a, fine_tuned=False)
        if a.gpu_type is not None:
            served = hw.serving_of(model.size, a.gpu_type, shape)
            if not served.available:
                why = served.reason if served.fits else "it does not fit"
                raise UserError(
                    f"gpu_type: {model.name}, which prompting runs on premise, cannot serve this workload on "
                    f"{hw.gpu(a.gpu_type).name} ({why}); it can on: "
                    f"{', '.join(hw.fitting_gpus(model.size, shape)) or 'no GPU type'} "
                    "(or set pe_open_model_size or min_user_output_tokens_per_s)"
                )
            pe_gpus = [a.gpu_type]
        else:
            pe_gpus = hw.fitting_gpus(model.size, shape)
            if not pe_gpus:
                reasons = "; ".join(f"{g}: {hw.serving_of(model.size, g, shape).reason or 'does not fit'}"
                                    for g in hw.gpus)
                raise UserError(f"on premise, {model.name} cannot serve this workload on any GPU type ({reasons})")
        if owned:
            pe_gpus = [g for g in pe_gpus if can_own(g, a)]
            if not pe_gpus:
                raise UserError(f"gpu_hosting owned: no GPU type {model.name} can serve this workload on has a "
                                "purchase price; set --gpu-type and --gpu-purchase-usd")
        pe_served = ServedModel(model, hw.gpu(pe_gpus[0]), hw.serving_of(model.size, pe_gpus[0], shape))
    profile = profile_groups(a.traffic_profile) if a.traffic_profile is not None else None
    return Context(workload, a, api, options, candidates, pe_served, pe_gpus, profile, hw, start, shutdown,
                   successor)


def point_values(ctx: Context, option: Option) -> dict[str, float]:
    """Every numeric parameter's value in this run for ``option``: assumptions, workload and shipped figures.

    Worked out once per option and context (the caller must not change the dict).
    """
    found = ctx.points.get(option.id)
    if found is None:
        found = ctx.points[option.id] = _point_values(ctx, option)
    return found


def _point_values(ctx: Context, option: Option) -> dict[str, float]:
    a, w = ctx.assumptions, ctx.workload
    values: dict[str, float] = {}
    for name in Assumptions.model_fields:
        v = getattr(a, name)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            values[name] = float(v)
    for name in WORKLOAD_NUMBERS:
        values[name] = float(getattr(w, name))
    for kind in ("prompting", "fine_tuned"):  # measured, else the typical figure (which the draws vary)
        measured = getattr(w, f"accuracy_{kind}_pct")
        if measured is not None:
            values[f"accuracy_{kind}_pct"] = float(measured)
    if ctx.pe_accuracy_pct is not None:
        values["accuracy_prompting_pct"] = ctx.pe_accuracy_pct
    if ctx.api is not None:
        values["input_price_usd_per_mtok"] = ctx.api.input
        values["output_price_usd_per_mtok"] = ctx.api.output
        values["api_price_factor"] = 1.0  # the what-if grid moves every price of the API model with it
    pricing = a.gpu_pricing
    if option.gpu is not None and option.serving is not None:
        values.setdefault("gpu_usd_per_hour", option.gpu.prices[pricing].value)
    if ctx.pe_served is not None:
        s = ctx.pe_served
        same = a.gpu_type is not None and s.gpu.id == a.gpu_type
        user_price = a.gpu_usd_per_hour if same else None
        values["pe_gpu_usd_per_hour"] = user_price if user_price is not None else s.gpu.prices[pricing].value
    values.update(serving_values(ctx, option))
    if ctx.owned:
        values.update(owned_values(ctx, option))
    found = measured_accuracy(a.accuracy_by_path, ft_path_keys(option, owned=ctx.owned)) if a.accuracy_by_path else None
    if found is not None:
        values["accuracy_fine_tuned_pct"] = found
    if a.ft_training_usd_per_mtok is None:
        offer = option.provider_offer or option.lora_training
        if offer is not None:
            values["ft_training_usd_per_mtok"] = offer.training_usd_per_mtok
    return values


def serving_values(ctx: Context, option: Option) -> dict[str, float]:
    """Return the parameter values the tokens set: the prefill and decode rates of each self-hosted replica.

    ``option``'s replica (the user's figures where set) and, on GPUs, prompting's; :func:`point_values`
    takes them from here, and batch carries them row by row for rows whose tokens differ.
    """
    values: dict[str, float] = {}
    if option.gpu is not None and option.serving is not None:
        assert option.serving.prefill_tokens_per_s and option.serving.decode_tokens_per_s
        # The user's speeds are model_size's on the pinned GPU type; another size (on premise) runs at its own.
        own_size = option.model is None or option.model.size == ctx.assumptions.model_size
        for name, figure in (("prefill_tokens_per_s", option.serving.prefill_tokens_per_s),
                             ("decode_tokens_per_s", option.serving.decode_tokens_per_s)):
            user = getattr(ctx.assumptions, name) if own_size else None
            values[name] = float(user) if user is not None else figure.value
    if ctx.pe_served is not None:
        served = ctx.pe_served.serving
        assert served.prefill_tokens_per_s and served.decode_tokens_per_s
        values["pe_prefill_tokens_per_s"] = served.prefill_tokens_per_s.value
        values["pe_decode_tokens_per_s"] = served.decode_tokens_per_s.value
    return values


def _array(x: Any, size: int) -> FloatArray:
    """Return ``x`` as an array of ``size`` values: a number repeated, or the array itself."""
    if isinstance(x, np.ndarray):
        return np.array(x, dtype=np.float64) if x.ndim else np.full(size, float(x))
    return np.array((float(x),)) if size == 1 else np.full(size, float(x))


def _fleet(ctx: Context, v: Any, served: ServedModel | None, seconds: FloatArray, price: FloatArray,
           size: int, parts: tuple[Any, Any, Any] | None = None, purchase: Any = None) -> Fleet:
    a = ctx.assumptions
    if ctx.profile is not None:
        weights, counts = ctx.profile
    else:
        ratio = v("peak_to_average_ratio")  # one shape shared by every scenario when it is one number
        weights, counts = builtin_profile(ratio if isinstance(ratio, np.ndarray) else np.array([ratio]))
    gpus = float(served.serving.gpus_per_replica) if served is not None else 0.0

    def arr(x: Any) -> FloatArray:
        return _array(x, size)

    return Fleet(
        seconds_per_query=seconds,
        usd_per_replica_hour=price * gpus,
        gpus_per_replica=np.full(size, gpus),
        minimum=arr(np.maximum(np.trunc(v("min_replicas")), AVAILABLE_REPLICAS if ctx.workload.availability else 1)),
        utilisation=arr(v("gpu_utilisation_target_pct") / 100),
        headroom=arr(v("autoscale_headroom_pct") / 100),
        weights=weights,
        counts=counts,
        fixed=a.fleet == "fixed",
        owned_usd_per_gpu_hour=None if parts is None else (arr(parts[0]), arr(parts[1]), arr(parts[2])),
        purchase_usd_per_gpu=None if purchase is None else arr(purchase),
        life_months=None if purchase is None else arr(v("hardware_life_years") * 12),
    )


def scenarios(ctx: Context, option: Option, values: Mapping[str, Any], size: int = 1) -> Scenarios:
    """Return the model's inputs for ``option``, one scenario per entry of the arrays in ``values``.

    ``values`` maps parameter names to numbers or arrays of ``size``; a name
    it lacks takes its value in this run (:func:`point_values`).
    """
    point = point_values(ctx, option)
    a = ctx.assumptions

    # A parameter is a float when it is the same in every scenario (cheap arithmetic), else an array;
    # every field becomes an array of ``size`` at the end.
    def v(name: str) -> Any:
        x = values[name] if name in values else point.get(name, 0.0)
        return np.asarray(x, dtype=np.float64) if isinstance(x, (np.ndarray, list)) else float(x)

    def arr(x: Any) -> FloatArray:
        return _array(x, size)

    rate, annotator = v("engineer_rate_usd_per_hour"), v("annotator_rate_usd_per_hour")
    tin, tout = v("input_tokens"), v("output_tokens")
    static = v("static_prompt_pct") / 100
    tin_ft = tin * (1 - static)
    zero = 0.0
    pe_on_fleet = ctx.pe_served is not None

    # -- prompting -----------------------------------------------------------
    def api_per_query(api: ApiPrices, pin: Any, pout: Any) -> tuple[Any, Any, Any]:
        """Return the full prompt's price per query, what the cache saves of it, and the standard price."""
        factor = v("api_price_factor")
        pin, pout = pin * factor, pout * factor
        discount = 1 - v("batch_discount_pct") / 100
        bin_ = api.batch_input * factor if api.batch_input is not None else pin * discount
        bout = api.batch_output * factor if api.batch_output is not None else pout * discount
        share = v("batch_share_pct") / 100
        standard = (tin * pin + tout * pout) / 1e6
        total = (1 - share) * standard + share * (tin * bin_ + tout * bout) / 1e6
        cached = zero
        if api.cached_input is not None:
            cached = (1 - share) * saving_per_query(tin * static, v("prompt_cache_hit_pct") / 100, pin,
                                                    api.cached_input * factor, api.cache)
        return total, cached, standard

    pe_api = saving = teacher = zero
    if ctx.api is not None:
        pe_api, saving, teacher = api_per_query(ctx.api, v("input_price_usd_per_mtok"), v("output_price_usd_per_mtok"))
    pe_api_after, saving_after = pe_api, saving
    if ctx.successor is not None:
        pe_api_after, saving_after, _ = api_per_query(ctx.successor, ctx.successor.input, ctx.successor.output)
    migration = (v("migration_prompt_hours") + v("migration_eval_hours")) * rate
    pe_seconds = zero
    pe_price = zero
    pe_parts = pe_purchase = None
    upfront = ctx.owned and a.hardware_payment == "upfront"
    if ctx.pe_served is not None:
        pe_seconds = tin / v("pe_prefill_tokens_per_s") + tout / v("pe_decode_tokens_per_s")
        pe_price = v("pe_gpu_usd_per_hour")
        if ctx.owned:
            pe_parts = owned_parts(v, "pe_", upfront=upfront)
            pe_price = sum(pe_parts)
            pe_purchase = purchase_price(v, "pe_") if upfront else None
        teacher = pe_seconds * pe_price * ctx.pe_served.serving.gpus_per_replica / 3600.0
    pe_fleet = _fleet(ctx, v, ctx.pe_served, arr(pe_seconds), arr(pe_price), size, pe_parts, pe_purchase)

    # -- fine-tuning: one-off work ---------------------------------------------
    distilled = option.training_data == "distilled"
    examples = v("ft_training_examples")
    hours_per_example = v("ft_review_hours_per_example") if distilled else v("ft_label_hours_per_example")
    per_example_people = hours_per_example * annotator
    per_example_teacher = teacher if distilled else zero
    tokens = examples * (tin_ft + tout) * v("ft_epochs")
    run_api = run_gpu = zero
    serving: FtServing = "per_token"
    per_query = zero
    ft_seconds = ft_price = zero
    ft_parts = ft_purchase = None
    served = None
    if option.kind in ("provider", "serverless_lora"):
        run_api = tokens / 1e6 * v("ft_training_usd_per_mtok")
        per_query = (tin_ft * option.serving_input_usd_per_mtok + tout * option.serving_output_usd_per_mtok) / 1e6
    elif option.kind == "dedicated":
        assert option.model is not None and option.gpu is not None and option.serving is not None
        serving = "fleet"
        served = ServedModel(option.model, option.gpu, option.serving)
        ft_price = v("gpu_usd_per_hour")
        if ctx.owned:
            ft_parts = owned_parts(v, "", upfront=upfront)
            ft_price = sum(ft_parts)
            ft_purchase = purchase_price(v, "") if upfront else None
        flops = tokens * FLOPS_PER_TRAINING_TOKEN * option.model.params_b * 1e9
        gpu_seconds = flops / (option.gpu.bf16_tflops * 1e12 * v("ft_training_mfu_pct") / 100)
        run_gpu = (gpu_seconds / 3600.0 + v("ft_training_overhead_gpu_hours")) * ft_price
        ft_seconds = tin_ft / v("prefill_tokens_per_s") + tout / v("decode_tokens_per_s")
    else:
        serving = "flat"
    ft_fleet = _fleet(ctx, v, served, arr(ft_seconds), arr(ft_price), size, ft_parts, ft_purchase)
    training_run = v("ft_flat_initial_usd") if option.kind == "flat" else run_api + run_gpu
    experiments = zero if option.kind == "flat" else v("ft_experiment_runs")
    data_usd = examples * (per_example_people + per_example_teacher)
    baseline = v("pe_prompt_hours") * rate * v("ft_prompt_baseline_pct") / 100
    eval_usd = v("eval_suite_hours") * rate
    data_prep, pipeline = v("ft_data_prep_hours") * rate, v("ft_pipeline_hours") * rate

    # -- fine-tuning: retraining -------------------------------------------------
    if a.ft_retrain_cost_usd is not None:
        people, api_part, gpu_part = v("ft_retrain_cost_usd"), zero, zero
    elif a.ft_retrain_cost_pct is not None:
        initial = baseline + eval_usd + data_usd + data_prep + pipeline + training_run * (1 + experiments)
        people, api_part, gpu_part = initial * v("ft_retrain_cost_pct") / 100, zero, zero
    else:
        new = examples * v("ft_retrain_new_examples_pct") / 100
        hours = v("ft_retrain_data_hours") + v("ft_retrain_eval_hours") + v("ft_deploy_hours")
        people = hours * rate + new * per_example_people
        api_part = run_api + (zero if pe_on_fleet else new * per_example_teacher)
        gpu_part = run_gpu + (new * per_example_teacher if pe_on_fleet else zero)

    def accuracy(kind: str) -> Any:
        name = f"accuracy_{kind}_pct"
        return v(name) if name in values or name in point else v(f"typical_accuracy_{kind}_pct")

    return Scenarios(
        months=ctx.workload.horizon_months,
        pe_on_fleet=pe_on_fleet,
        ft_serving=serving,
        queries=arr(v("queries_per_month")),
        growth=arr(v("growth_pct_per_month") / 100),
        api_trend=arr(v("api_price_trend_pct_per_year") / 100),
        gpu_trend=arr(zero if ctx.owned else v("gpu_price_trend_pct_per_year") / 100),  # owned: today's prices
        discount=arr(v("discount_rate_pct") / 100),
        pe_prompt_usd=arr(v("pe_prompt_hours") * rate),
        eval_usd=arr(eval_usd),
        pe_maintenance_usd_per_month=arr(v("pe_maintenance_hours_per_month") * rate),
        pe_monitoring_usd_per_month=arr(v("pe_monitoring_usd_per_month")),
        pe_api_per_query=arr(pe_api),
        pe_cache_saving_per_query=arr(saving),
        api_overhead=arr(v("api_overhead_pct") / 100),
        pe_fleet=pe_fleet,
        self_hosted_overhead_usd_per_month=arr(v("self_hosted_overhead_usd_per_month")),
        self_hosted_ops_usd_per_month=arr(v("self_hosted_ops_fte") * HOURS_PER_ENGINEER_MONTH * rate),
        build_months=arr(np.trunc(v("ft_build_months"))),
        ft_prompt_baseline_usd=arr(baseline),
        ft_training_data_usd=arr(data_usd),
        ft_data_prep_usd=arr(data_prep),
        ft_pipeline_usd=arr(pipeline),
        ft_training_run_usd=arr(training_run),
        ft_experiment_runs=arr(experiments),
        ft_serving_per_query=arr(per_query),
        ft_fleet=ft_fleet,
        ft_flat_usd_per_month=arr(v("ft_flat_monthly_infra_usd")),
        ft_maintenance_usd_per_month=arr(v("ft_maintenance_hours_per_month") * rate),
        ft_monitoring_usd_per_month=arr(v("ft_monitoring_usd_per_month")),
        retrain_every=arr(np.trunc(v("ft_retrain_every_months"))),
        retrain_people_usd=arr(people),
        retrain_api_usd=arr(api_part),
        retrain_gpu_usd=arr(gpu_part),
        error_usd=arr(v("cost_per_error_usd")),
        pe_error_rate=arr(1 - accuracy("prompting") / 100),
        ft_error_rate=arr(1 - accuracy("fine_tuned") / 100),
        switch_month=arr(float(ctx.switch_month)),
        pe_api_per_query_after=arr(pe_api_after),
        pe_cache_saving_per_query_after=arr(saving_after),
        migration_usd=arr(migration),
        owned_ops_usd_per_month=arr(v("owned_ops_hours_per_month") * rate if ctx.owned else zero),
    )
