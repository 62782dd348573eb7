"""The memo's key sentences, written once for the Markdown and the HTML memo.

They carry figures straight from the TCO report, formatted by the same
:func:`~tune_or_prompt.memo.filters.usd` the templates use, and no user text,
so they need no escaping in either format.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tune_or_prompt.advice import Advice
from tune_or_prompt.memo.content import VERDICT_LABELS
from tune_or_prompt.memo.filters import num, pct, usd
from tune_or_prompt.words import count


@dataclass(frozen=True)
class Sentences:
    """The one-line findings the memo leads its sections with."""

    recommendation: str
    costs: str
    break_even_month: str
    break_even_volume: str


def recommendation(advice: Advice) -> str:
    """Return the recommendation in one sentence, with its confidence."""
    d = advice.decision
    if d.verdict == "undecided":
        return (f"Undecided: the rules do not settle it ({pct(d.confidence)} confidence); "
                "run the validation checklist below and decide on its results.")
    return f"Recommendation: {VERDICT_LABELS[d.verdict]}, with {pct(d.confidence)} confidence."


def costs(advice: Advice) -> str:
    """Say which path costs less over the horizon, and by how much."""
    t = advice.tco
    h = t.horizon_months
    pe, ft = t.prompt_engineering.total_usd, t.fine_tuning.total_usd
    both = f"Over {count(h, 'month')} prompt engineering costs {usd(pe)} and fine-tuning {usd(ft)}"
    if t.cheaper == "tie":
        return f"{both}: the two cost the same."
    saving = abs(t.savings_with_prompting_usd)
    ratio = f" ({num(t.cost_ratio)} times as much)" if t.cost_ratio is not None else ""
    if t.cheaper == "prompt_engineering":
        return f"{both}: prompting saves {usd(saving)}; fine-tuning costs more{ratio}."
    return f"{both}: fine-tuning saves {usd(saving)}; prompting costs more{ratio}."


def break_even_month(advice: Advice) -> str:
    """Say from which month fine-tuning's cumulative cost stays below prompting's, or never."""
    t = advice.tco
    month = t.break_even.month
    if month is None:
        return (f"Fine-tuning does not break even within {count(t.horizon_months, 'month')}: its "
                "cumulative cost is still above prompting's at the end of the horizon.")
    if month == 1:
        if t.horizon_months == 1:
            return "Fine-tuning is cheaper in the one month priced."
        return f"Fine-tuning is cheaper from month 1 and stays cheaper for all {t.horizon_months} months."
    return (f"Fine-tuning breaks even in month {month}: from then on its cumulative cost stays "
            f"below prompting's to month {t.horizon_months}.")


def break_even_volume(advice: Advice) -> str:
    """Say above which monthly volume fine-tuning is the cheaper path, or that none is."""
    t = advice.tco
    q = t.break_even.queries_per_month
    h = t.horizon_months
    now = advice.answers.queries_per_month
    if q is None:
        return (f"No query volume makes fine-tuning cheaper over {count(h, 'month')} at these prices "
                "(its cost per query is not lower than prompting's).")
    if q == 0:
        return f"Fine-tuning is cheaper over {count(h, 'month')} at any volume at these prices."
    line = f"Fine-tuning pays off above {num(math.ceil(q), 0)} queries/month (month-1 volume) at these prices"
    if now >= q:
        return f"{line}; this workload starts at {num(now)}, above that line."
    if now > 0:
        return (f"{line}; this workload starts at {num(now)}, so its volume would have to grow "
                f"{num(q / now, 1)} times.")
    return f"{line}."


def sentences(advice: Advice) -> Sentences:
    """Return all the key sentences of ``advice``."""
    return Sentences(recommendation(advice), costs(advice), break_even_month(advice),
                     break_even_volume(advice))
