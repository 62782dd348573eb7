"""The plain-words opening of "Why", and which figure to budget.

"Why" opens with two or three sentences a manager can forward: what to do,
what it costs against the other path, and what argued the other way. Rule
ids, packs, files and fact values stay in the collapsed trace below them.
The sentences carry figures from the TCO report formatted by the memo's own
filters and the rules' reasons (pack text, not user input), so they need no
escaping beyond what the templates apply to every string.
"""

from __future__ import annotations

from tune_or_prompt.advice import Advice
from tune_or_prompt.decision import FiredRule
from tune_or_prompt.memo.content import FT, PE, VERDICT_LABELS
from tune_or_prompt.memo.filters import usd
from tune_or_prompt.words import count, lower_first, plural

_STRENGTH_ORDER = {"required": 0, "strong": 1, "moderate": 2, "weak": 3}


def _strongest(rules: list[FiredRule]) -> FiredRule | None:
    ranked = sorted(rules, key=lambda r: (-r.weight, _STRENGTH_ORDER.get(r.strength, 9)))
    return ranked[0] if ranked else None


def _what_to_do(advice: Advice) -> str:
    d = advice.decision
    if d.verdict in (PE, FT):
        return f"Recommended: {VERDICT_LABELS[d.verdict].lower()}."
    if d.verdict == "prompt_engineering_first":
        held = [g for g in d.gates if g.blocking and g.path == FT and g.status != "met"]
        titles = "; ".join(lower_first(g.title) for g in held)
        return (f"Recommended: start with prompt engineering, and move to fine-tuning once "
                f"{count(len(held), 'condition')} {plural('is', len(held))} met ({titles}).")
    return ("The rules do not settle it: rules that must be obeyed point to different paths, so the "
            "validation checklist below decides.")


def _what_it_costs(advice: Advice) -> str:
    t = advice.tco
    months = count(t.horizon_months, "month")
    totals = {PE: t.prompt_engineering.total_usd, FT: t.fine_tuning.total_usd}
    if t.cheaper == "tie":
        return f"Over {months} both paths cost {usd(totals[PE])}."
    if advice.decision.verdict == "undecided":
        return f"Over {months} prompt engineering costs {usd(totals[PE])} and fine-tuning {usd(totals[FT])}."
    side = FT if advice.decision.verdict == FT else PE
    other = FT if side == PE else PE
    gap = usd(abs(totals[FT] - totals[PE]))
    if t.cheaper == side:
        return (f"Over {months} it costs {usd(totals[side])} against {usd(totals[other])} for "
                f"{VERDICT_LABELS[other].lower()}, a saving of {gap}.")
    return (f"Over {months} it costs {usd(totals[side])}, {gap} more than {VERDICT_LABELS[other].lower()} "
            f"({usd(totals[other])}): the reasons for it outweigh the difference.")


def _what_argued_against(advice: Advice) -> str | None:
    d = advice.decision
    if d.verdict not in (PE, FT, "prompt_engineering_first"):
        return None
    side = FT if d.verdict == FT else PE
    if not d.fired:
        return "No rule applied to this workload; prompt engineering is the default the article recommends."
    against = [r for r in d.fired if r.verdict != side]
    strongest = _strongest(against)
    if strongest is None:
        return f"Every rule that applied points to {VERDICT_LABELS[side].lower()}."
    others = len(against) - 1
    more = f" (and {count(others, 'more reason')} in the trace)" if others else ""
    return f"What argued the other way{more}: {lower_first(strongest.because)}"


def why_sentences(advice: Advice) -> list[str]:
    """Return the two or three plain sentences "Why" opens with."""
    lines = [_what_to_do(advice), _what_it_costs(advice), _what_argued_against(advice)]
    return [line for line in lines if line]


def budget_sentence(advice: Advice) -> str | None:
    """Say which figure to budget for the path to run now: the P50, with the P90 as the ceiling.

    The point estimate takes every assumption at its most likely value; the
    P50 is the middle of the draws over the assumptions' ranges, which moves
    away from the point estimate when the ranges reach further on one side.
    """
    u = advice.tco.uncertainty
    if u is None:
        return None
    path = FT if advice.decision.verdict == FT else PE
    spread = u.fine_tuning if path == FT else u.prompt_engineering
    total = (advice.tco.fine_tuning if path == FT else advice.tco.prompt_engineering).total_usd
    label = VERDICT_LABELS[path].lower()
    head = (f"To budget {label}, plan on the P50 of {usd(spread.p50_usd)} and hold the P90 of "
            f"{usd(spread.p90_usd)} as the ceiling")
    if total <= 0 or abs(spread.p50_usd - total) / total < 0.01:
        return f"{head}; the point estimate of {usd(total)} agrees with the P50 within 1%."
    gap = abs(spread.p50_usd - total) / total
    if spread.p50_usd > total:
        why = "the assumptions' ranges reach further above their likely values than below them"
        side = "below"
    else:
        why = "the assumptions' ranges reach further below their likely values than above them"
        side = "above"
    return (f"{head}: the point estimate of {usd(total)} takes every assumption at its likely value and "
            f"sits {gap:.0%} {side} the P50, because {why}.")
