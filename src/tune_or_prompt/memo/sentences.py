"""The memo's key sentences, written once for the Markdown and the HTML memo.

They carry figures straight from the TCO report, formatted by the same
:func:`~tune_or_prompt.memo.filters.usd` the templates use, and no user text,
so they need no escaping in either format.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tune_or_prompt.advice import Advice
from tune_or_prompt.decision import VERDICT_WORDS
from tune_or_prompt.memo.content import VERDICT_LABELS
from tune_or_prompt.memo.filters import num, pct, usd
from tune_or_prompt.pricing.capacity import PRECISION_LABELS
from tune_or_prompt.words import count, share


@dataclass(frozen=True)
class Sentences:
    """The one-line findings the memo leads its sections with."""

    recommendation: str
    confidence: str
    costs: str
    break_even_month: str
    break_even_volume: str
    fine_tuning_path: str
    errors: str


def recommendation(advice: Advice) -> str:
    """Return the recommendation in one sentence (its confidence is :func:`confidence`'s)."""
    d = advice.decision
    if d.verdict == "undecided":
        return "Undecided: the rules do not settle it; run the validation checklist below and decide on its results."
    return f"Recommendation: {VERDICT_LABELS[d.verdict]}."




def confidence(advice: Advice) -> str:
    """Say how sure the recommendation is: in how many of the draws it holds, or that only the rule score is known."""
    d = advice.decision
    if d.confidence_basis == "draws" and d.confidence_draws:
        n = d.confidence_draws
        counts = {v: round(share * n) for v, share in d.verdict_shares.items()}
        own = counts.get(d.verdict, 0)
        said = (f"Confidence {share(d.confidence)}: in {own:,} of {count(n, 'draw')} over the assumptions' "
                f"ranges, the whole decision (costs, rules and gates) still recommends {VERDICT_WORDS[d.verdict]}")
        others = [f"in {c:,} it recommends {VERDICT_WORDS[v]}" for v, c in counts.items() if v != d.verdict and c]
        return said + ("; " + "; ".join(others) if others else "") + "."
    score = ("the fine-tuning vote its gates hold back" if d.verdict == "prompt_engineering_first"
             else "the rules' vote")
    return (f"No uncertainty draws were run, so there is no confidence from them; the rule score of "
            f"{score} is {pct(d.rule_score)} (how one-sided the vote was, not how likely the "
            "recommendation is to hold).")


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
    if t.break_even.label and t.break_even.option != t.fine_tuning.option:
        line += f", fine-tuned as {t.break_even.label}"
    if now >= q:
        return f"{line}; this workload starts at {num(now)}, above that line."
    if now > 0:
        return (f"{line}; this workload starts at {num(now)}, so its volume would have to grow "
                f"{num(q / now, 1)} times.")
    return f"{line}."


def fine_tuning_path(advice: Advice) -> str:
    """Say which way to fine-tune the figures describe, and how it serves."""
    t = advice.tco
    options = t.fine_tuning_options
    chosen = next((o for o in options if o.id == t.fine_tuning.option), None)
    if chosen is None:
        return ""
    feasible = sum(o.feasible for o in options)
    others = len(options) - feasible
    line = f"Fine-tuning is priced as {chosen.label}"
    if feasible > 1:
        line += f", the cheapest of the {feasible} ways to fine-tune that can be bought for this workload"
    elif others:
        line += ", the only way to fine-tune that can be bought for this workload"
    line += "."
    if chosen.kind == "dedicated" and t.fine_tuning.gpus_per_month:
        gpus = max(t.fine_tuning.gpus_per_month)
        util = t.fine_tuning.average_utilisation_pct
        fleet = {"autoscaled": "an autoscaled fleet", "owned": "a fixed fleet of owned GPUs, sized for the peak"}.get(
            t.fleet or "", "a fixed fleet billed around the clock")
        line += (f" It serves on {fleet} of at most {num(gpus, 0)} GPU{'s' if gpus != 1 else ''}, busy "
                 f"{num(util or 0, 1)}% of the GPU-hours billed on average.")
        if chosen.precision and chosen.sequences_per_replica and chosen.user_output_tokens_per_s is not None:
            line += (f" Each replica serves with {PRECISION_LABELS[chosen.precision]}, up to "
                     f"{num(chosen.sequences_per_replica, 0)} requests at once, so each user sees about "
                     f"{num(chosen.user_output_tokens_per_s, 1)} output tokens a second.")
    if chosen.training_data == "distilled":
        line += (f" Its training data is distilled: {_teacher(advice)} writes the examples and people "
                 "review them.")
    elif chosen.training_data == "labelled":
        line += " Its training data is labelled by people."
    if t.present_value is not None:
        line += (f" Totals compared are present values at {num(t.present_value.discount_rate_pct, 1)}% a year.")
    return line


def _teacher(advice: Advice) -> str:
    """Name the model that writes distilled examples: the API model, or on premise the open model prompting runs on."""
    from tune_or_prompt.pricing.hardware import hardware
    from tune_or_prompt.tco.options import teacher_name

    rows = {r.name: r.value for r in advice.tco.assumptions}
    size = str(rows.get("pe_open_model_size") or rows.get("model_size") or "")  # unset: prompting runs model_size
    a = advice.answers
    return teacher_name(a.privacy, a.api_model, size, hardware()) if size else a.api_model


def errors(advice: Advice) -> str:
    """Say what wrong answers cost each path and how much of the difference they explain (empty when unpriced)."""
    t = advice.tco
    pe, ft = t.prompt_engineering.breakdown.get("errors"), t.fine_tuning.breakdown.get("errors")
    if pe is None or ft is None:
        return ""
    rows = {row.name: row.value for row in t.assumptions}
    acc_pe = rows.get("accuracy_prompting_pct", rows.get("typical_accuracy_prompting_pct"))
    acc_ft = rows.get("accuracy_fine_tuned_pct", rows.get("typical_accuracy_fine_tuned_pct"))
    per = usd(float(t.workload.cost_per_error_usd))
    line = (f"Wrong answers, at {per} each, cost prompting {usd(pe)} ({num(acc_pe, 1)}% right) and fine-tuning "
            f"{usd(ft)} ({num(acc_ft, 1)}% right) over {t.horizon_months} months")
    gap = t.fine_tuning.total_usd - t.prompt_engineering.total_usd
    without = gap - (ft - pe)
    if (gap > 0) != (without > 0) and abs(without) >= 0.005:
        cheaper = "prompting" if without > 0 else "fine-tuning"
        return f"{line}: without them {cheaper} would be the cheaper path, by {usd(abs(without))}."
    return f"{line}: {usd(abs(ft - pe))} of the {usd(abs(gap))} difference."


def sentences(advice: Advice) -> Sentences:
    """Return all the key sentences of ``advice``."""
    return Sentences(recommendation(advice), confidence(advice), costs(advice), break_even_month(advice),
                     break_even_volume(advice), fine_tuning_path(advice), errors(advice))
