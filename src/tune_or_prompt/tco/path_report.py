"""Every path of a workload priced side by side, the recommended one, and the saving split in two.

:func:`paths_section` turns a :class:`~.pricing_run.Priced` into the report's
``paths``, ``recommended_path`` and ``decomposition``: the prompting paths it
priced, the fine-tuning options it priced, and the "prompt then fine-tune"
path (prompting the current model until the production data the fine-tuning
gates ask for exists, then the chosen fine-tuning option), chosen and split
by :mod:`~.compare`.
"""

from __future__ import annotations

import dataclasses

from pydantic import BaseModel, ConfigDict

from tune_or_prompt.tco.compare import PathResult, decompose, recommended, within_budget
from tune_or_prompt.tco.model import discount_factors, fine_tuning
from tune_or_prompt.tco.options import Option
from tune_or_prompt.tco.paths import accuracy_of
from tune_or_prompt.tco.pricing_run import Priced, PricedOption, PricedPrompt
from tune_or_prompt.tco.quality import ft_hosting, ft_model, path_id
from tune_or_prompt.tco.resolve import scenarios

# The article: fine-tuning wants 6 months of production data before it is worth building.
GATE_DATA_MONTHS = 6


def cents(x: float) -> float:
    """Round USD to cents (and turn -0.0 into 0.0)."""
    return round(x, 2) + 0.0


class Migration(BaseModel):
    """A model switch a path pays within the horizon (its model retires)."""

    model_config = ConfigDict(extra="forbid")

    month: int
    from_model: str
    to_model: str
    cost_usd: float


class PathRow(BaseModel):
    """One path in the report: what it is, what it costs, and whether it meets the targets."""

    model_config = ConfigDict(extra="forbid")

    id: str
    adaptation: str
    model: str
    hosting: str
    label: str
    available: bool
    reason: str = ""
    current: bool = False
    option: str | None = None
    total_usd: float | None = None
    present_value_usd: float | None = None
    monthly_p50_usd: float | None = None
    monthly_p90_usd: float | None = None
    accuracy_pct: float
    accuracy_low_pct: float
    accuracy_high_pct: float
    accuracy_measured: bool
    accuracy_source: str
    meets_accuracy_target: bool
    within_budget: bool | None = None
    latency: str = "not checked"
    migrations: list[Migration] = []
    source: str = ""


class Decomposition(BaseModel):
    """The recommended path's saving against the current setup, split into model switch and adaptation (USD).

    ``model_switch_usd + adaptation_usd`` is the saving (present values; plain totals at a 0 discount rate).
    """

    model_config = ConfigDict(extra="forbid")

    current_path: str
    recommended_path: str
    via_path: str | None
    model_switch_usd: float
    adaptation_usd: float
    saving_usd: float


class FineTuningSplit(BaseModel):
    """The headline's fine-tuning path against the current setup, split like :class:`Decomposition` (USD).

    ``model_switch_usd`` is the current setup minus prompting the fine-tuned
    model (``via_path``); ``adaptation_usd`` is prompting that model minus
    fine-tuning it; their sum ``saving_usd`` is what fine-tuning saves against
    the current setup (negative: it costs more). Without a priced prompting path
    on that model (``via_path`` None) the whole difference is ``adaptation_usd``.
    """

    model_config = ConfigDict(extra="forbid")

    path: str
    via_path: str | None
    model_switch_usd: float
    adaptation_usd: float
    saving_usd: float


class PathsSection(BaseModel):
    """The report's paths, the recommendation and its decomposition."""

    model_config = ConfigDict(extra="forbid")

    paths: list[PathRow]
    recommended_path: str
    recommended_meets_target: bool
    recommended_within_budget: bool | None
    decomposition: Decomposition
    fine_tuning_split: FineTuningSplit | None


def _prompt_result(p: PricedPrompt) -> PathResult:
    source = p.path.source
    if p.ctx is not None and p.ctx.pe_served is not None:  # on GPUs: the chosen GPU type's price and capacity
        served, pricing = p.ctx.pe_served, p.ctx.assumptions.gpu_pricing
        figures = [served.gpu.prices[pricing].source]
        if served.serving.prefill_tokens_per_s is not None:
            figures.append(served.serving.prefill_tokens_per_s.source)
        source = "; ".join(dict.fromkeys(figures))
    return PathResult(p.path.id, "prompt", p.path.model, p.path.hosting, p.path.label, p.path.accuracy,
                      p.path.reason, p.monthly, p.value, p.path.current, None, source)


def _option_result(priced: Priced, p: PricedOption | Option, current: str) -> PathResult:
    o = p.option if isinstance(p, PricedOption) else p
    model, hosting = ft_model(o), ft_hosting(o, priced.ctx.owned)
    acc = accuracy_of(priced.ctx, "fine_tune", model, hosting, current=current, current_measured=None)
    if not isinstance(p, PricedOption):
        return PathResult(path_id("fine_tune", model, hosting), "fine_tune", model, hosting, _ft_label(o), acc,
                          o.reason, option=o.id, source=o.source)
    monthly = fine_tuning(p.scenario).monthly()[:, 0]
    return PathResult(path_id("fine_tune", model, hosting), "fine_tune", model, hosting, _ft_label(o), acc,
                      monthly=monthly, value=p.ft_value, option=o.id, source=o.source)


def _ft_label(o: Option) -> str:
    """Name a fine-tuning option as a path: dedicated options' labels name only the model and the GPU."""
    return f"Fine-tuning {o.label}" if o.kind == "dedicated" else o.label


def wait_months(production_data_months: float) -> int:
    """Months of prompting before the fine-tuning gates can be met: the article's 6 months of data, less what exists."""
    return max(0, int(GATE_DATA_MONTHS - production_data_months + 0.999999))


def _then_fine_tune(priced: Priced, current: PricedPrompt) -> PathResult:
    """Prompt the current model until the gates can be met, then build and serve the chosen fine-tuning option."""
    o = priced.chosen.option
    model, hosting = ft_model(o), ft_hosting(o, priced.ctx.owned)
    wait = wait_months(priced.ctx.workload.production_data_months)
    build = wait + priced.ctx.assumptions.ft_build_months
    pid = path_id("prompt_then_fine_tune", model, hosting)
    acc = accuracy_of(priced.ctx, "prompt_then_fine_tune", model, hosting, current=current.path.model,
                      current_measured=None)
    then = _ft_label(o)
    label = f"Prompting {current.path.model}, then {then[:1].lower()}{then[1:]} live from month {build + 1}"
    if current.ctx is None or build >= priced.ctx.workload.horizon_months:
        why = "the fine-tuned model would not go live within the horizon"
        return PathResult(pid, "prompt_then_fine_tune", model, hosting, label, acc, why, option=o.id)
    s = scenarios(current.ctx, o, {"ft_build_months": float(build)})
    flows = fine_tuning(s).monthly()
    return PathResult(pid, "prompt_then_fine_tune", model, hosting, label, acc, monthly=flows[:, 0],
                      value=float((flows * discount_factors(s)).sum()), option=o.id, source=o.source)


def path_results(priced: Priced) -> list[PathResult]:
    """Return every path priced: prompting ones (current setup first), fine-tuning ones, then prompt-then-fine-tune."""
    prompts = [_prompt_result(p) for p in priced.prompts]
    current = next(p for p in priced.prompts if p.path.current)
    options = _one_per_path([_option_result(priced, p, current.path.model) for p in priced.listed])
    return [*prompts, *options, _then_fine_tune(priced, current)]


def _one_per_path(results: list[PathResult]) -> list[PathResult]:
    """Keep one row per path id: the GPU types of a dedicated fleet are one path (the cheapest that can be bought).

    A path none of whose GPU types can be bought stays one unavailable row, giving every reason.
    """
    by_id: dict[str, list[PathResult]] = {}
    for r in results:
        by_id.setdefault(r.id, []).append(r)
    kept = []
    for same in by_id.values():
        priced = [r for r in same if r.available]
        if priced:
            kept.append(min(priced, key=lambda r: r.value))
        elif len(same) == 1:
            kept.append(same[0])
        else:
            why = "; ".join(dict.fromkeys(r.reason for r in same if r.reason))
            kept.append(dataclasses.replace(same[0], reason=why))
    return kept


def paths_section(priced: Priced) -> PathsSection:
    """Return the report's paths, the recommended path and the decomposition of its saving."""
    w = priced.ctx.workload
    results = path_results(priced)
    errors = w.cost_per_error_usd > 0
    chosen, meets, fits = recommended(results, w.accuracy_target_pct, errors, w.monthly_budget_usd)
    d = decompose(results, chosen)
    speed = priced.ctx.assumptions.min_user_output_tokens_per_s
    headline_ft = next((r for r in results if r.available and r.adaptation == "fine_tune"
                        and r.option == priced.chosen.option.id), None)
    split = None
    if headline_ft is not None:
        f = decompose(results, headline_ft)
        split = FineTuningSplit(path=headline_ft.id, via_path=f.via, model_switch_usd=cents(f.model_switch_usd),
                                adaptation_usd=cents(f.adaptation_usd), saving_usd=cents(f.saving_usd))
    rows = [_row(r, w.accuracy_target_pct, w.monthly_budget_usd, speed) for r in results]
    return PathsSection(
        paths=rows, recommended_path=chosen.id, recommended_meets_target=meets,
        recommended_within_budget=None if w.monthly_budget_usd is None else fits,
        decomposition=Decomposition(current_path=d.current, recommended_path=d.recommended, via_path=d.via,
                                    model_switch_usd=cents(d.model_switch_usd), adaptation_usd=cents(d.adaptation_usd),
                                    saving_usd=cents(d.saving_usd)),
        fine_tuning_split=split,
    )


def latency_of(r: PathResult, speed: float) -> str:
    """Say whether a path meets the latency target: GPU fleets are sized for it, per-token hosts are not measured."""
    if not r.available:
        return "n/a"
    if r.hosting in ("dedicated", "owned"):
        return f"sized for {speed:g} tok/s a user" if speed > 0 else "no target set"
    return "host's speed, not measured"


def _row(r: PathResult, target: float, budget: float | None, speed: float) -> PathRow:
    a = r.accuracy
    priced = r.available
    return PathRow(
        id=r.id, adaptation=r.adaptation, model=r.model, hosting=r.hosting, label=r.label, available=priced,
        reason=r.reason, current=r.current, option=r.option,
        total_usd=cents(r.total) if priced else None,
        present_value_usd=cents(r.value) if priced else None,
        monthly_p50_usd=cents(r.monthly_percentile(50)) if priced else None,
        monthly_p90_usd=cents(r.monthly_percentile(90)) if priced else None,
        accuracy_pct=a.pct, accuracy_low_pct=a.low_pct, accuracy_high_pct=a.high_pct, accuracy_measured=a.measured,
        accuracy_source=a.source, meets_accuracy_target=a.can_meet(target),
        within_budget=within_budget(r, budget) if priced and budget is not None else None,
        latency=latency_of(r, speed), source=r.source,
    )
