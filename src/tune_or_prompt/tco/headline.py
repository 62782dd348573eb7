"""A comparison's headline figures, rounded once as the report states them: what the facts, batch and the grid read."""

from __future__ import annotations

from typing import Literal, NamedTuple

Cheaper = Literal["prompt_engineering", "fine_tuning", "tie"]


def cents(x: float) -> float:
    """Round USD to cents (and turn -0.0 into 0.0)."""
    return round(x, 2) + 0.0


class Headline(NamedTuple):
    """A comparison's headline figures, rounded as the report states them (what the facts read).

    Attributes:
        prompt_engineering_usd: Prompting's horizon total (present value when discounting), in cents.
        fine_tuning_usd: Fine-tuning's, likewise.
        savings_with_prompting_usd: Fine-tuning's total minus prompting's.
        cheaper: The cheaper path, or ``tie`` (savings under half a cent).
        cost_ratio: Dearer total / cheaper total, to 2 places (``None`` when the cheaper is 0).
        break_even_month: See :mod:`~tune_or_prompt.tco.outcomes`.
        break_even_queries_per_month: Month-1 volume where the totals are equal, to 0.1.
        p_fine_tuning_cheaper: Share of uncertainty draws where fine-tuning is cheaper.
        ft_option: The fine-tuning option the figures describe.

    """

    prompt_engineering_usd: float
    fine_tuning_usd: float
    savings_with_prompting_usd: float
    cheaper: Cheaper
    cost_ratio: float | None
    break_even_month: int | None
    break_even_queries_per_month: float | None
    p_fine_tuning_cheaper: float | None = None
    ft_option: str | None = None


def headline(pe_total: float, ft_total: float, month: int | None, queries: float | None,
             ft_option: str | None = None) -> Headline:
    """Round two unrounded horizon totals and a break-even into the report's headline figures."""
    pe, ft = cents(pe_total), cents(ft_total)
    savings = cents(ft - pe)
    cheaper: Cheaper = "tie" if abs(savings) < 0.005 else (
        "prompt_engineering" if savings > 0 else "fine_tuning"
    )
    lo, hi = (pe, ft) if pe <= ft else (ft, pe)
    return Headline(
        pe, ft, savings, cheaper, round(hi / lo, 2) if lo > 0 else None, month,
        None if queries is None else round(queries, 1), None, ft_option,
    )


__all__ = ["Cheaper", "Headline", "cents", "headline"]
