"""Uncertainty: how likely fine-tuning is to be cheaper, given every parameter's range.

Every ranged parameter is drawn from its distribution and the one model
prices every listed fine-tuning option in each draw (:mod:`.draws`: how the
draws are made, chunk by chunk and seeded, and priced); the fine-tuning path
of a draw is its cheapest option. The result is a handful of percentiles
rather than the draws themselves, so it fits in the report, the ``decide``
JSON and the memo.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tune_or_prompt.tco.analyses import DEFAULT_DRAWS, DEFAULT_SEED, BreakEvenSpread, Spread, Uncertainty
from tune_or_prompt.tco.distributions import percentiles
from tune_or_prompt.tco.draws import price_draws
from tune_or_prompt.tco.fleet import FloatArray
from tune_or_prompt.tco.portfolio import Figures
from tune_or_prompt.tco.ranges import Baseline, Comparison

TIE_USD = 0.005  # as the report: totals within half a cent are a tie, not "cheaper"


def summarise(outcomes: Comparison, *, seed: int, varied: list[str],
              prompting: dict[str, float] | None = None) -> Uncertainty:
    """Reduce priced draws to the percentiles the report carries (and the share of each prompting path)."""
    pe, ft = outcomes.pe_value, outcomes.ft_value
    savings = outcomes.savings_with_prompting
    months = outcomes.break_even_month.astype(np.float64)
    months[months == 0] = np.inf
    m10, m50, m90 = np.percentile(months, [10, 50, 90], method="inverted_cdf")
    return Uncertainty(
        draws=len(pe),
        random_seed=seed,
        varied=varied,
        prompt_engineering=_spread(pe),
        fine_tuning=_spread(ft),
        savings_with_prompting=_spread(savings),
        p_fine_tuning_cheaper=float(np.mean(savings < -TIE_USD)),
        prompting_paths=prompting or {},
        break_even_month=BreakEvenSpread(
            never_share=float(np.mean(np.isinf(months))),
            p10_month=_month(m10), p50_month=_month(m50), p90_month=_month(m90),
        ),
    )


def _spread(x: FloatArray) -> Spread:
    p10, p50, p90 = percentiles(x, (10, 50, 90))
    return Spread(p10_usd=_cents(p10), p50_usd=_cents(p50), p90_usd=_cents(p90))


def _cents(x: Any) -> float:
    return round(float(x), 2) + 0.0


def _month(x: Any) -> int | None:
    return None if np.isinf(x) else int(x)


def run_uncertainty(base: Baseline, draws: int = DEFAULT_DRAWS, *, seed: int = DEFAULT_SEED) -> Uncertainty:
    """Draw ``draws`` scenarios around ``base`` and summarise them (same seed, same figures)."""
    found = price_draws(base, draws, seed, None, consume=_discard)
    return summarise(found.comparison, seed=seed, varied=found.varied, prompting=found.prompting)


def _discard(figures: Figures) -> None:
    """Keep no draw's headline figures: the summary reads only the comparison."""


__all__ = ["DEFAULT_DRAWS", "DEFAULT_SEED", "Uncertainty", "run_uncertainty", "summarise"]
