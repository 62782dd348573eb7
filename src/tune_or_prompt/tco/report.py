"""The TCO report: both paths' cash flows, break-even and provenance, as one model.

:func:`compute_tco` is the stage the pipeline calls; its result serialises to
the JSON the ``tco`` command prints and is what the rules and the memo read.
Money is kept as float USD inside the engine and rounded to cents here, once.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.tco.analyses import DEFAULT_SEED, Sensitivity, Uncertainty
from tune_or_prompt.tco.assumptions import Assumptions, Workload
from tune_or_prompt.tco.breakeven import break_even_month, break_even_queries
from tune_or_prompt.tco.full import (
    CATEGORY_GROUP,
    GROUPS,
    PathCosts,
    fine_tuning,
    prompt_engineering,
)
from tune_or_prompt.tco.inputs import AssumptionRow, Inputs, resolve

Cheaper = Literal["prompt_engineering", "fine_tuning", "tie"]


def cents(x: float) -> float:
    """Round USD to cents (and turn -0.0 into 0.0)."""
    return round(x, 2) + 0.0


class Headline(NamedTuple):
    """A comparison's headline figures, rounded as the report states them (what the facts read).

    Attributes:
        prompt_engineering_usd: Prompting's horizon total, in cents.
        fine_tuning_usd: Fine-tuning's horizon total, in cents.
        savings_with_prompting_usd: Fine-tuning's total minus prompting's.
        cheaper: The cheaper path, or ``tie`` (savings under half a cent).
        cost_ratio: Dearer total / cheaper total, to 2 places (``None`` when the cheaper is 0).
        break_even_month: See :func:`~tune_or_prompt.tco.breakeven.break_even_month`.
        break_even_queries_per_month: Month-1 volume where the totals are equal, to 0.1.
        p_fine_tuning_cheaper: Share of uncertainty draws where fine-tuning is cheaper.

    """

    prompt_engineering_usd: float
    fine_tuning_usd: float
    savings_with_prompting_usd: float
    cheaper: Cheaper
    cost_ratio: float | None
    break_even_month: int | None
    break_even_queries_per_month: float | None
    p_fine_tuning_cheaper: float | None = None


def headline(pe_total: float, ft_total: float, month: int | None, queries: float | None) -> Headline:
    """Round two unrounded horizon totals and a break-even into the report's headline figures."""
    pe, ft = cents(pe_total), cents(ft_total)
    savings = cents(ft - pe)
    cheaper: Cheaper = "tie" if abs(savings) < 0.005 else (
        "prompt_engineering" if savings > 0 else "fine_tuning"
    )
    lo, hi = (pe, ft) if pe <= ft else (ft, pe)
    return Headline(
        pe, ft, savings, cheaper, round(hi / lo, 2) if lo > 0 else None, month,
        None if queries is None else round(queries, 1),
    )


class PathReport(BaseModel):
    """One path over the horizon."""

    model_config = ConfigDict(extra="forbid")

    total_usd: float
    monthly_usd: list[float]
    cumulative_usd: list[float]
    breakdown: dict[str, float]
    groups: dict[str, float]
    gpus_per_month: list[int] | None = None


class BreakEven(BaseModel):
    """When and at what volume fine-tuning stops costing more than prompting."""

    model_config = ConfigDict(extra="forbid")

    month: int | None
    queries_per_month: float | None


class TcoReport(BaseModel):
    """The full profile's result."""

    model_config = ConfigDict(extra="forbid")

    profile: Literal["full"] = "full"
    horizon_months: int
    workload: Workload
    ft_mode: str
    prompt_engineering: PathReport
    fine_tuning: PathReport
    savings_with_prompting_usd: float
    cheaper: Cheaper
    cost_ratio: float | None
    break_even: BreakEven
    assumptions: list[AssumptionRow]
    uncertainty: Uncertainty | None = None
    sensitivity: Sensitivity | None = None

    def headline(self) -> Headline:
        """Return the headline figures (those the rules read as facts)."""
        return Headline(
            self.prompt_engineering.total_usd,
            self.fine_tuning.total_usd,
            self.savings_with_prompting_usd,
            self.cheaper,
            self.cost_ratio,
            self.break_even.month,
            self.break_even.queries_per_month,
            self.uncertainty.p_fine_tuning_cheaper if self.uncertainty else None,
        )


def _path_report(costs: PathCosts) -> PathReport:
    monthly = [cents(x) for x in costs.monthly]
    cumulative: list[float] = []
    running = 0.0
    for x in costs.monthly:
        running += x
        cumulative.append(cents(running))
    groups = dict.fromkeys(GROUPS, 0.0)
    for category, usd in costs.breakdown.items():
        groups[CATEGORY_GROUP[category]] += usd
    return PathReport(
        total_usd=cents(costs.total),
        monthly_usd=monthly,
        cumulative_usd=cumulative,
        breakdown={k: cents(v) for k, v in costs.breakdown.items()},
        groups={k: cents(v) for k, v in groups.items()},
        gpus_per_month=costs.gpus or None,
    )


def report_from_inputs(
    inputs: Inputs, workload: Workload, rows: list[AssumptionRow], *, break_even_volume: bool = True
) -> TcoReport:
    """Run the model on resolved inputs and assemble the report.

    ``break_even_volume=False`` skips the volume search (most of the cost of a
    report) and leaves ``break_even.queries_per_month`` empty; for callers that
    re-price many variants and do not read it.
    """
    pe = prompt_engineering(inputs)
    ft = fine_tuning(inputs)
    h = headline(
        pe.total,
        ft.total,
        break_even_month(pe.monthly, ft.monthly),
        break_even_queries(inputs) if break_even_volume else None,
    )
    return TcoReport(
        horizon_months=inputs.months,
        workload=workload,
        ft_mode=inputs.ft_mode,
        prompt_engineering=_path_report(pe),
        fine_tuning=_path_report(ft),
        savings_with_prompting_usd=h.savings_with_prompting_usd,
        cheaper=h.cheaper,
        cost_ratio=h.cost_ratio,
        break_even=BreakEven(month=h.break_even_month, queries_per_month=h.break_even_queries_per_month),
        assumptions=rows,
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
    """Price both paths month by month over the workload's horizon.

    Args:
        workload: What the feature does each month, and the horizon.
        assumptions: The cost parameters.
        catalogue: API prices; defaults to the genai-prices catalogue.
        uncertainty_draws: When above 0, also draw that many scenarios from the
            parameters' ranges and report the spread (``report.uncertainty``).
        random_seed: The seed of those draws (same seed, same figures).
        sensitivity: Also compute the tornado and the cost flip points
            (``report.sensitivity``).
        break_even_volume: Search the break-even volume (see :func:`report_from_inputs`).

    """
    catalogue = catalogue or Catalogue()
    inputs, rows = resolve(workload, assumptions, catalogue)
    report = report_from_inputs(inputs, workload, rows, break_even_volume=break_even_volume)
    return _analyse(report, workload, assumptions, catalogue, inputs, rows, uncertainty_draws=uncertainty_draws,
                    random_seed=random_seed, sensitivity=sensitivity)


def _analyse(
    report: TcoReport, workload: Workload, assumptions: Assumptions, catalogue: Catalogue, inputs: Inputs,
    rows: list[AssumptionRow], *, uncertainty_draws: int, random_seed: int, sensitivity: bool,
) -> TcoReport:
    if uncertainty_draws > 0 or sensitivity:
        # Imported here: numpy loads only when an analysis is asked for.
        from tune_or_prompt.tco.ranges import baseline_from_resolved
        from tune_or_prompt.tco.sensitivity import run_sensitivity
        from tune_or_prompt.tco.uncertainty import run_uncertainty

        base = baseline_from_resolved(workload, assumptions, catalogue, inputs, rows)
        if uncertainty_draws > 0:
            report.uncertainty = run_uncertainty(base, uncertainty_draws, seed=random_seed)
        if sensitivity:
            report.sensitivity = run_sensitivity(base)
    return report
