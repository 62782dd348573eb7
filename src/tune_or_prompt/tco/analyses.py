"""The results of the uncertainty and sensitivity analyses, as pydantic models.

Kept apart from the analyses themselves so that the TCO report, which carries
these results, can be imported without numpy.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from tune_or_prompt.analysis_defaults import DEFAULT_DRAWS as DEFAULT_DRAWS  # re-exported
from tune_or_prompt.analysis_defaults import DEFAULT_SEED as DEFAULT_SEED
from tune_or_prompt.words import count, unit_for

Path = Literal["prompt_engineering", "fine_tuning"]


class Spread(BaseModel):
    """Percentiles of one money figure across the draws (USD, rounded to cents)."""

    model_config = ConfigDict(extra="forbid")

    p10_usd: float
    p50_usd: float
    p90_usd: float


class BreakEvenSpread(BaseModel):
    """The break-even month across the draws.

    Attributes:
        never_share: Share of draws in which fine-tuning never breaks even
            within the horizon.
        p10_month: 10th percentile of the month, counting "never" as later
            than any month; ``None`` when that percentile falls on "never".
        p50_month: Median, likewise.
        p90_month: 90th percentile, likewise.

    """

    model_config = ConfigDict(extra="forbid")

    never_share: float
    p10_month: int | None
    p50_month: int | None
    p90_month: int | None


class Uncertainty(BaseModel):
    """What the draws say about both paths.

    Attributes:
        draws: Number of scenarios drawn.
        random_seed: The seed that reproduces them.
        varied: The parameters drawn, in draw order (fixed and zero-width ones are not).
        prompt_engineering: Prompting's horizon total.
        fine_tuning: Fine-tuning's horizon total.
        savings_with_prompting: Fine-tuning's total minus prompting's.
        p_fine_tuning_cheaper: Share of draws in which fine-tuning costs less.
        break_even_month: When fine-tuning breaks even, across the draws.
        prompting_paths: Share of draws that prompt on each path (the cheapest that can meet the
            accuracy target in that draw), largest first; only paths some draw chose.

    """

    model_config = ConfigDict(extra="forbid")

    draws: int
    random_seed: int
    varied: list[str]
    prompt_engineering: Spread
    fine_tuning: Spread
    savings_with_prompting: Spread
    p_fine_tuning_cheaper: float
    break_even_month: BreakEvenSpread
    prompting_paths: dict[str, float] = {}


class TornadoBar(BaseModel):
    """One parameter's effect on the savings, low to high.

    Attributes:
        parameter: The assumption's field name.
        label: How the memo names it.
        unit: The unit of ``value``, ``low`` and ``high``.
        value: Its value in this run.
        low: The low end of its range.
        high: The high end of its range.
        savings_at_low_usd: Fine-tuning minus prompting with the parameter at ``low``.
        savings_at_high_usd: Likewise at ``high``.
        swing_usd: ``|savings_at_high_usd - savings_at_low_usd|``.

    """

    model_config = ConfigDict(extra="forbid")

    parameter: str
    label: str
    unit: str
    value: float
    low: float
    high: float
    savings_at_low_usd: float
    savings_at_high_usd: float
    swing_usd: float


class CostFlip(BaseModel):
    """A value of one parameter at which the other path becomes the cheaper one.

    Attributes:
        parameter: The assumption's field name.
        label: How the memo names it.
        unit: The unit of the values.
        current: Its value in this run.
        threshold: The flip value: set to it (others unchanged), the other path is cheaper.
        direction: ``above`` when the parameter must rise to ``threshold``, else ``below``.
        low: The low end of its stated range.
        high: The high end of its stated range.
        within_range: Whether ``threshold`` lies within the stated range.
        cheaper_after: The path that is cheaper at ``threshold``.
        sentence: The finding in words, ready for the memo.

    """

    model_config = ConfigDict(extra="forbid")

    parameter: str
    label: str
    unit: str
    current: float
    threshold: float
    direction: Literal["above", "below"]
    low: float
    high: float
    within_range: bool
    cheaper_after: Path
    sentence: str


class Sensitivity(BaseModel):
    """The tornado and the flip points of one run.

    Attributes:
        savings_usd: Fine-tuning minus prompting at the point estimate.
        tornado: One bar per ranged parameter, largest swing first.
        flips: The parameters that alone can flip the comparison, nearest flip first.

    """

    model_config = ConfigDict(extra="forbid")

    savings_usd: float
    tornado: list[TornadoBar]
    flips: list[CostFlip]


def share_words(p: float) -> str:
    """Say a share in words that never round a rare event to 0% or a near-certain one to 100%."""
    if p <= 0:
        return "none"
    if p >= 1:
        return "all"
    if p < 0.01:
        return "fewer than 1%"
    if p > 0.99:
        return "more than 99%"
    return f"{round(p * 100)}%"


def cheaper_sentence(u: Uncertainty) -> str:
    """Say how often fine-tuning is cheaper: "Fine-tuning is cheaper in 7% of 10,000 draws."."""
    share = share_words(u.p_fine_tuning_cheaper)
    of = "of the" if share in ("none", "all") else "of"
    return f"Fine-tuning is cheaper in {share} {of} {count(u.draws, 'draw')}."


def break_even_sentence(u: Uncertainty, horizon_months: int) -> str:
    """Say when fine-tuning breaks even across the draws, or that it never does."""
    be = u.break_even_month
    within = 1 - be.never_share
    if within <= 0:
        return f"It breaks even within {count(horizon_months, 'month')} in none of them."
    line = f"It breaks even within {count(horizon_months, 'month')} in {share_words(within)} of them"
    if be.p10_month is None:
        return line + "."
    months = [f"by month {be.p10_month} in 10%"]
    if be.p50_month is not None:
        months.append(f"by month {be.p50_month} in half")
    if be.p90_month is not None:
        months.append(f"by month {be.p90_month} in 90%")
    return f"{line}: {', '.join(months)}."


def quantity(x: float, unit: str) -> str:
    """Format a value with its unit in words: ``$3.50 per GPU-hour``, ``40%``, ``12 GPU-hours``."""
    text = f"{x:,.2f}".rstrip("0").rstrip(".") if x != int(x) else f"{int(x):,}"
    if unit.startswith("USD"):
        money = f"${x:,.2f}" if x != int(x) else f"${int(x):,}"
        rest = unit[3:]
        return money + (rest if rest.startswith("/") else f" {rest.strip()}" if rest.strip() else "")
    if unit.startswith("%"):
        return f"{text}%"
    return f"{text} {unit_for(x, unit)}".strip()


def span(low: float, high: float, unit: str) -> str:
    """Format a range in words: ``$150/hour to $250/hour``, ``25% to 70%``, ``1 to 6 months``."""
    if unit.startswith(("USD", "%")) or not unit:
        return f"{quantity(low, unit)} to {quantity(high, unit)}"
    return f"{quantity(low, '')} to {quantity(high, unit)}"
