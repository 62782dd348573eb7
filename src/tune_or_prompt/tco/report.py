"""The TCO report: both paths' cash flows, every fine-tuning option, break-even and provenance.

:func:`compute_tco` is the stage the pipeline calls; its result serialises to
the JSON the ``tco`` command prints and is what the rules and the memo read.
Money is float USD inside the engine and rounded to cents here, once. The
comparison (cheaper path, savings, ratio, break-even) is on present values;
at the default discount rate of 0 those are the plain totals.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.pricing.cache_rules import cache_notes
from tune_or_prompt.tco.analyses import DEFAULT_SEED, Sensitivity, Uncertainty
from tune_or_prompt.tco.assumptions import Assumptions, Workload
from tune_or_prompt.tco.headline import Cheaper, Headline, cents, headline
from tune_or_prompt.tco.lifecycle_notes import lifecycle_notes
from tune_or_prompt.tco.model import CATEGORY_GROUP, GROUPS, PathFlows, fine_tuning, prompt_engineering
from tune_or_prompt.tco.options import Option
from tune_or_prompt.tco.outcomes import cumulative
from tune_or_prompt.tco.path_report import Decomposition, FineTuningSplit, PathRow, paths_section
from tune_or_prompt.tco.pricing_run import Priced, PricedOption, break_even_volumes, price_options
from tune_or_prompt.tco.provenance import AssumptionRow, provenance
from tune_or_prompt.tco.resolve import Context

GROWTH_WARNING_PCT = 20.0


class MigrationReport(BaseModel):
    """A move from a shut-down API model to its successor (month 1-based, cost nominal)."""

    model_config = ConfigDict(extra="forbid")

    month: int
    from_model: str
    to_model: str
    cost_usd: float


class PathReport(BaseModel):
    """One path over the horizon (nominal dollars)."""

    model_config = ConfigDict(extra="forbid")

    total_usd: float
    monthly_usd: list[float]
    cumulative_usd: list[float]
    breakdown: dict[str, float]
    groups: dict[str, float]
    gpus_per_month: list[int] | None = None
    gpu_hours_per_month: list[float] | None = None
    average_utilisation_pct: float | None = None
    option: str | None = None
    migrations: list[MigrationReport] = []


class BreakEven(BaseModel):
    """When and at what volume fine-tuning stops costing more than prompting.

    Attributes:
        month: First month from which fine-tuning stays no dearer (None: never within the horizon).
        queries_per_month: Month-1 volume at which the totals are equal (None: no volume).
        option: The option that breaks even at that volume (the lowest of all options).
        label: How the memo names that option.

    """

    model_config = ConfigDict(extra="forbid")

    month: int | None
    queries_per_month: float | None
    option: str | None = None
    label: str | None = None


class FineTuningOption(BaseModel):
    """One way to fine-tune, priced as a full path (or why it is not an option)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    kind: str
    label: str
    feasible: bool
    reason: str = ""
    training_data: str | None = None
    total_usd: float | None = None
    present_value_usd: float | None = None
    monthly_usd: list[float] | None = None
    breakdown: dict[str, float] | None = None
    break_even: BreakEven | None = None
    gpu_type: str | None = None
    gpus_per_replica: int | None = None
    precision: str | None = None
    sequences_per_replica: int | None = None
    user_output_tokens_per_s: float | None = None
    gpus: list[int] | None = None
    average_utilisation_pct: float | None = None
    note: str = ""
    source: str = ""
    migrations: list[MigrationReport] = []


class PresentValue(BaseModel):
    """Both totals discounted to month 1 (set when the discount rate is above 0)."""

    model_config = ConfigDict(extra="forbid")

    discount_rate_pct: float
    prompt_engineering_usd: float
    fine_tuning_usd: float


class TcoReport(BaseModel):
    """The full profile's result."""

    model_config = ConfigDict(extra="forbid")

    profile: Literal["full"] = "full"
    horizon_months: int
    start_month: str
    workload: Workload
    ft_mode: str
    fleet: str | None = None
    prompt_engineering: PathReport
    fine_tuning: PathReport
    fine_tuning_options: list[FineTuningOption]
    paths: list[PathRow] = []
    recommended_path: str | None = None
    recommended_meets_target: bool | None = None
    recommended_within_budget: bool | None = None
    decomposition: Decomposition | None = None
    fine_tuning_split: FineTuningSplit | None = None
    savings_with_prompting_usd: float
    cheaper: Cheaper
    cost_ratio: float | None
    break_even: BreakEven
    present_value: PresentValue | None = None
    warnings: list[str] = []
    assumptions: list[AssumptionRow]
    uncertainty: Uncertainty | None = None
    sensitivity: Sensitivity | None = None

    def headline(self) -> Headline:
        """Return the headline figures (those the rules read as facts)."""
        pv = self.present_value
        return Headline(
            pv.prompt_engineering_usd if pv else self.prompt_engineering.total_usd,
            pv.fine_tuning_usd if pv else self.fine_tuning.total_usd,
            self.savings_with_prompting_usd,
            self.cheaper,
            self.cost_ratio,
            self.break_even.month,
            self.break_even.queries_per_month,
            self.uncertainty.p_fine_tuning_cheaper if self.uncertainty else None,
            self.fine_tuning.option,
        )


def _migrations(flows: PathFlows, ctx: Context) -> list[MigrationReport]:
    """Return the path's migration (one at most: the API model's shutdown), from its ``migration`` category."""
    cost = flows.categories.get("migration")
    if cost is None or ctx.successor is None or ctx.shutdown is None:
        return []
    month = ctx.switch_month
    if month >= len(cost) or not cost[month, 0]:
        return []
    return [MigrationReport(month=month + 1, from_model=ctx.workload.api_model,
                            to_model=ctx.shutdown.retirement.successor or "", cost_usd=cents(float(cost[month, 0])))]


def _path_report(flows: PathFlows, option: str | None = None) -> PathReport:
    monthly = flows.monthly()[:, 0]
    running = cumulative(monthly[:, None])[:, 0]
    breakdown = {k: float(v[:, 0].sum()) for k, v in flows.categories.items()}
    groups = dict.fromkeys(GROUPS, 0.0)
    for category, usd in breakdown.items():
        groups[CATEGORY_GROUP[category]] += usd
    gpus = hours = util = None
    if flows.gpus is not None and flows.gpu_hours is not None and flows.busy_gpu_hours is not None:
        gpus = [round(float(g)) for g in flows.gpus[:, 0]]
        hours = [round(float(h), 1) for h in flows.gpu_hours[:, 0]]
        billed = float(flows.gpu_hours[:, 0].sum())
        util = round(100 * float(flows.busy_gpu_hours[:, 0].sum()) / billed, 1) if billed > 0 else None
    return PathReport(
        total_usd=cents(float(running[-1])),
        monthly_usd=[cents(float(x)) for x in monthly],
        cumulative_usd=[cents(float(x)) for x in running],
        breakdown={k: cents(v) for k, v in breakdown.items()},
        groups={k: cents(v) for k, v in groups.items()},
        gpus_per_month=gpus,
        gpu_hours_per_month=hours,
        average_utilisation_pct=util,
        option=option,
    )


def _option_report(p: PricedOption | Option, volume: tuple[float, str] | None, discounted: bool,
                   ctx: Context) -> FineTuningOption:
    if isinstance(p, Option):
        return FineTuningOption(id=p.id, kind=p.kind, label=p.label, feasible=False, reason=p.reason, source=p.source)
    o = p.option
    flows = fine_tuning(p.scenario)
    ft = _path_report(flows, o.id)
    month = int(p.outcomes.break_even_month[0])
    return FineTuningOption(
        id=o.id, kind=o.kind, label=o.label, feasible=True, training_data=o.training_data,
        total_usd=ft.total_usd,
        present_value_usd=cents(float(p.outcomes.ft_value[0])) if discounted else None,
        monthly_usd=ft.monthly_usd, breakdown=ft.breakdown,
        break_even=BreakEven(month=month or None, queries_per_month=None if volume is None else round(volume[0], 1),
                             option=volume[1] if volume else o.id),  # label: the memo names the listed option
        gpu_type=o.gpu.id if o.gpu else None,
        gpus_per_replica=o.serving.gpus_per_replica if o.serving else None,
        precision=o.serving.precision if o.serving else None,
        sequences_per_replica=o.serving.batch if o.serving else None,
        user_output_tokens_per_s=round(o.serving.user_output_tokens_per_s, 1) if o.serving else None,
        gpus=ft.gpus_per_month if o.kind == "dedicated" else None,
        average_utilisation_pct=ft.average_utilisation_pct if o.kind == "dedicated" else None,
        note=p.note, source=o.source, migrations=_migrations(flows, ctx),
    )


def _cache_notes(ctx: Context) -> list[str]:
    """Say why the prompt cache saves nothing (or less than it seems) for this workload, if it does."""
    api, a, w = ctx.api, ctx.assumptions, ctx.workload
    if api is None or api.price is None or api.cached_input is None:
        return []
    return cache_notes(api.price.provider, api.price.model, w.input_tokens * a.static_prompt_pct / 100,
                       a.prompt_cache_hit_pct, w.queries_per_month)


def growth_warnings(workload: Workload) -> list[str]:
    """Warn when a growth rate above 20% a month is assumed to last the whole horizon."""
    g = workload.growth_pct_per_month
    if g <= GROWTH_WARNING_PCT:
        return []
    months = workload.horizon_months
    factor = (1 + g / 100) ** (months - 1)
    return [
        f"Volume growing {g:g}% a month for {months} months reaches {workload.queries_per_month * factor:,.0f} "
        f"queries a month by month {months}, {factor:,.0f} times month 1; growth that fast rarely lasts, so "
        "check the figures against a lower rate."
    ]


def _prompting_path(priced: Priced) -> str | None:
    """Return the id of the prompting path the headline compares (the one whose context priced the options)."""
    for p in priced.prompts:
        if p.ctx is not None and p.path.ctx is not None and p.ctx.api == priced.ctx.api and (
                p.ctx.pe_served == priced.ctx.pe_served):
            return p.path.id
    return None


def report_from_priced(priced: Priced, *, break_even_volume: bool = True) -> TcoReport:
    """Assemble the report from priced options.

    ``break_even_volume=False`` skips the volume searches (most of the cost of
    a report) and leaves every break-even volume empty; for callers that
    re-price many variants and do not read it.
    """
    ctx, chosen = priced.ctx, priced.chosen
    a = ctx.assumptions
    discounted = a.discount_rate_pct > 0
    pe_flows, ft_flows = prompt_engineering(chosen.scenario), fine_tuning(chosen.scenario)
    pe = _path_report(pe_flows, _prompting_path(priced)).model_copy(update={"migrations": _migrations(pe_flows, ctx)})
    ft = _path_report(ft_flows, chosen.option.id).model_copy(update={"migrations": _migrations(ft_flows, ctx)})
    by_id = break_even_volumes(priced) if break_even_volume else {}
    lowest = min((v for i, v in by_id.items() if v is not None and priced.compares(i)), default=None)
    month = int(chosen.outcomes.break_even_month[0])
    pe_value, ft_value = float(chosen.outcomes.pe_value[0]), float(chosen.outcomes.ft_value[0])
    h = headline(pe_value, ft_value, month or None, lowest[0] if lowest else None, chosen.option.id)
    options = [_option_report(p, by_id.get(p.option.id) if isinstance(p, PricedOption) else None, discounted, ctx)
               for p in priced.listed]
    fleet_in_use = ctx.pe_served is not None or chosen.option.kind == "dedicated"
    fleet = ("owned" if ctx.owned else a.fleet) if fleet_in_use else None
    section = paths_section(priced)
    return TcoReport(
        horizon_months=ctx.workload.horizon_months,
        start_month=f"{ctx.start:%Y-%m}",
        workload=ctx.workload,
        ft_mode=chosen.option.kind,
        fleet=fleet,
        prompt_engineering=pe,
        fine_tuning=ft,
        fine_tuning_options=options,
        paths=section.paths,
        recommended_path=section.recommended_path,
        recommended_meets_target=section.recommended_meets_target,
        recommended_within_budget=section.recommended_within_budget,
        decomposition=section.decomposition,
        fine_tuning_split=section.fine_tuning_split,
        savings_with_prompting_usd=h.savings_with_prompting_usd,
        cheaper=h.cheaper,
        cost_ratio=h.cost_ratio,
        break_even=BreakEven(month=h.break_even_month, queries_per_month=h.break_even_queries_per_month,
                             option=lowest[1] if lowest else None,
                             label=next((o.label for o in priced.candidates if lowest and o.id == lowest[1]), None)),
        present_value=PresentValue(discount_rate_pct=a.discount_rate_pct, prompt_engineering_usd=cents(pe_value),
                                   fine_tuning_usd=cents(ft_value)) if discounted else None,
        warnings=[*growth_warnings(ctx.workload), *_cache_notes(ctx), *lifecycle_notes(ctx, chosen.option.kind)],
        assumptions=provenance(priced),
    )


def compute_tco(
    workload: Workload,
    assumptions: Assumptions,
    catalogue: Catalogue | None = None,
    *,
    uncertainty_draws: int = 0,
    random_seed: int = DEFAULT_SEED,
    sensitivity: bool = False,
    break_even_volume: bool = True,
) -> TcoReport:
    """Price both paths month by month over the workload's horizon, every fine-tuning option side by side.

    Args:
        workload: What the feature does each month, and the horizon.
        assumptions: The cost parameters.
        catalogue: API prices; defaults to the genai-prices catalogue.
        uncertainty_draws: When above 0, also draw that many scenarios from the
            parameters' ranges and report the spread (``report.uncertainty``).
        random_seed: The seed of those draws (same seed, same figures).
        sensitivity: Also compute the tornado and the cost flip points
            (``report.sensitivity``).
        break_even_volume: Search the break-even volumes (see :func:`report_from_priced`).

    """
    return priced_tco(workload, assumptions, catalogue, uncertainty_draws=uncertainty_draws,
                      random_seed=random_seed, sensitivity=sensitivity, break_even_volume=break_even_volume)[0]


def priced_tco(
    workload: Workload,
    assumptions: Assumptions,
    catalogue: Catalogue | None = None,
    *,
    uncertainty_draws: int = 0,
    random_seed: int = DEFAULT_SEED,
    sensitivity: bool = False,
    break_even_volume: bool = True,
) -> tuple[TcoReport, Priced]:
    """Like :func:`compute_tco`, also returning the priced options (what the what-if analyses re-price)."""
    priced = price_options(workload, assumptions, catalogue or Catalogue())
    report = report_from_priced(priced, break_even_volume=break_even_volume)
    if uncertainty_draws > 0 or sensitivity:
        # Imported here: the analyses' modules load only when asked for.
        from tune_or_prompt.tco.ranges import baseline_from_priced
        from tune_or_prompt.tco.sensitivity import run_sensitivity
        from tune_or_prompt.tco.uncertainty import run_uncertainty

        base = baseline_from_priced(priced, report.assumptions)
        if uncertainty_draws > 0:
            report.uncertainty = run_uncertainty(base, uncertainty_draws, seed=random_seed)
        if sensitivity:
            report.sensitivity = run_sensitivity(base)
    return report, priced
