"""The memo's "Paths compared": every path in one table, and the sentences that read it.

The sentences say how much of the recommended path's saving is the model
switch and how much the adaptation, which paths fit the monthly budget, what
"prompt now, fine-tune later" costs, and which accuracies were measured.
They carry figures from the report only (no user text).
"""

from __future__ import annotations

from dataclasses import dataclass

from tune_or_prompt.answers import Answers
from tune_or_prompt.memo.filters import num, usd
from tune_or_prompt.tco import TcoReport
from tune_or_prompt.tco.path_report import PathRow
from tune_or_prompt.tco.quality import tier_of

ADAPTATION_WORDS = {"prompt": "prompting", "fine_tune": "fine-tuning",
                    "prompt_then_fine_tune": "prompt, then fine-tune"}
HOSTING_WORDS = {"api": "provider API", "serverless": "serverless host", "dedicated": "rented GPUs",
                 "owned": "own GPUs"}


@dataclass(frozen=True)
class PathLine:
    """One row of the paths table, in words and figures."""

    label: str
    id: str
    model: str
    adaptation: str
    hosting: str
    accuracy: str
    total: str
    monthly: str
    meets: str
    latency: str
    budget: str
    recommended: bool
    headline: bool
    reason: str


@dataclass(frozen=True)
class PathsView:
    """What the "Paths compared" section shows."""

    lines: list[PathLine]
    split: str
    budget: str | None
    then_fine_tune: str | None
    accuracy_note: str
    sources: list[str]  # where the other models' prices and tiers come from


def _hosting(r: PathRow, on_premise: bool) -> str:
    return HOSTING_WORDS.get(r.hosting, r.hosting)


def _accuracy(r: PathRow) -> str:
    if r.accuracy_measured:
        return f"{num(r.accuracy_pct, 1)}% (measured)"
    return f"{num(r.accuracy_pct, 1)}% (assumed {num(r.accuracy_low_pct, 0)}-{num(r.accuracy_high_pct, 0)}%)"


def _meets(r: PathRow, target: float) -> str:
    if not r.meets_accuracy_target:
        return "no"
    if r.accuracy_measured or r.accuracy_low_pct >= target:
        return "yes"
    return "possibly (range spans the target)"


def paths_view(t: TcoReport, answers: Answers, *, options_listed: bool = True) -> PathsView:
    """Return the section's table and sentences.

    ``options_listed`` says the page also lists the ways to fine-tune with the
    reason each one cannot be bought (the memo does): an unavailable
    fine-tuning path then points there instead of repeating the reason.
    """
    on_prem = answers.privacy == "on_premise"
    target = answers.accuracy_target_pct
    headline = {t.prompt_engineering.option, next((p.id for p in t.paths if p.option == t.fine_tuning.option
                                                    and p.adaptation == "fine_tune"), None)}
    lines = [
        PathLine(
            label=r.label, id=r.id, model=r.model, adaptation=ADAPTATION_WORDS.get(r.adaptation, r.adaptation),
            hosting=_hosting(r, on_prem), accuracy=_accuracy(r),
            total=usd(r.total_usd) if r.total_usd is not None else "—",
            monthly=usd(r.monthly_p50_usd) if r.monthly_p50_usd is not None else "—",
            meets=_meets(r, target), latency=r.latency,
            budget=("—" if r.within_budget is None else "fits" if r.within_budget else "over"),
            recommended=r.id == t.recommended_path, headline=r.id in headline,
            reason=("see the list under Ways to fine-tune"
                    if options_listed and r.reason and r.option and r.adaptation == "fine_tune" else r.reason),
        )
        for r in t.paths
    ]
    seen: dict[str, None] = {}
    for r in t.paths:
        if r.available and r.adaptation == "prompt" and not r.current:
            for source in (r.source, tier_of(r.model).source, r.accuracy_source):
                if source and not source.startswith("measured"):
                    seen.setdefault(source, None)
    return PathsView(lines, split_sentence(t, answers), budget_sentence(t), then_fine_tune_sentence(t),
                     accuracy_note(t), list(seen))


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def split_sentence(t: TcoReport, answers: Answers) -> str:
    """Say how much of the recommended path's saving is the model switch and how much the adaptation."""
    d = t.decomposition
    if d is None:
        return ""
    paths = {p.id: p for p in t.paths}
    current, chosen = paths[d.current_path], paths[d.recommended_path]
    target = answers.accuracy_target_pct
    reach = "can meet" if t.recommended_meets_target else "comes closest to"
    head = (f"Recommended path: {chosen.label} (`{chosen.id}`), the cheapest that {reach} the {num(target, 0)}% "
            "accuracy target")
    if t.workload.cost_per_error_usd > 0:
        head = (f"Recommended path: {chosen.label} (`{chosen.id}`), the cheapest with wrong answers priced at "
                f"{usd(t.workload.cost_per_error_usd)} each")
    if d.current_path == d.recommended_path:
        return f"{head}: it is the current setup, so there is no saving to split.{fine_tuning_sentence(t)}"
    if d.saving_usd <= 0:
        more = f"{head}; it costs {usd(-d.saving_usd)} more than the current setup, {_lower(current.label)}"
        if chosen.adaptation == "prompt":
            return f"{more}.{fine_tuning_sentence(t)}"
        if d.via_path is None or d.via_path == d.current_path:
            return f"{more}."
        return f"{more}. {_like_for_like(chosen, paths[d.via_path], d.model_switch_usd, d.adaptation_usd)}"
    if chosen.adaptation == "prompt":
        return (f"{head}. Against the current setup, {_lower(current.label)} ({usd(current.total_usd or 0)}), it "
                f"saves {usd(d.saving_usd)}, all of it the model switch: it prompts another model and fine-tunes "
                f"nothing.{fine_tuning_sentence(t)}")
    words = (f"{head}. Against the current setup, {_lower(current.label)} ({usd(current.total_usd or 0)}), it saves "
             f"{usd(d.saving_usd)}: {usd(d.model_switch_usd)} of it is the model switch")
    if d.via_path is not None and d.via_path != d.recommended_path:
        via = paths[d.via_path]
        words += f" ({_lower(via.label)}, {usd(via.total_usd or 0)})"
    if d.adaptation_usd >= 0:
        words += (f" and {usd(d.adaptation_usd)} the adaptation ({ADAPTATION_WORDS[chosen.adaptation]} that model "
                  "against prompting it).")
    else:
        words += (f"; the adaptation costs {usd(-d.adaptation_usd)} more than prompting that model, which is what "
                  f"the accuracy costs ({num(chosen.accuracy_pct, 1)}% against "
                  f"{num(paths[d.via_path].accuracy_pct, 1) if d.via_path else '?'}%).")
    if d.model_switch_usd > d.adaptation_usd:
        words += (" Most of the saving is the model switch, which needs no fine-tuning: do not credit it to "
                  "fine-tuning.")
    elif d.adaptation_usd > 0:
        words += " Most of the saving is the adaptation itself."
    return words


def fine_tuning_sentence(t: TcoReport) -> str:
    """Say, like for like, what fine-tuning adds when the recommendation fine-tunes nothing (else "").

    The headline's fine-tuning path is set against the current setup as the
    recommended path would be: how much of the difference is the switch to its
    model (prompting that model instead) and how much fine-tuning that model
    (against prompting it). Starts with a space, to follow a sentence.
    """
    f = t.fine_tuning_split
    if f is None:
        return ""
    paths = {p.id: p for p in t.paths}
    ft, current = paths[f.path], next(p for p in t.paths if p.current)
    total = usd(ft.total_usd or 0)
    if f.saving_usd >= 0:
        head = (f" Fine-tuning's cheapest path, {_lower(ft.label)} ({total}), would save {usd(f.saving_usd)} "
                "against the current setup")
    else:
        head = (f" Fine-tuning's cheapest path, {_lower(ft.label)} ({total}), would cost {usd(-f.saving_usd)} "
                "more than the current setup")
    if f.via_path is None:
        return f"{head}; no priced path prompts {ft.model}, so that difference is not split."
    via = paths[f.via_path]
    if f.via_path == current.id:
        return f"{head}: it fine-tunes the current model, and {_adaptation(ft, via, f.adaptation_usd)}."
    return f"{head}. {_like_for_like(ft, via, f.model_switch_usd, f.adaptation_usd)}"


def _adaptation(tuned: PathRow, via: PathRow, adaptation_usd: float, model: str = "it") -> str:
    """Say what fine-tuning ``model`` saves or costs against prompting it, and the accuracies on either side."""
    accuracy = f" ({num(tuned.accuracy_pct, 1)}% accuracy against {num(via.accuracy_pct, 1)}%)"
    if adaptation_usd >= 0:
        return f"fine-tuning {model} saves {usd(adaptation_usd)} against prompting it{accuracy}"
    return f"fine-tuning {model} costs {usd(-adaptation_usd)} more than prompting it{accuracy}"


def _like_for_like(tuned: PathRow, via: PathRow, switch_usd: float, adaptation_usd: float) -> str:
    """Say what prompting ``tuned``'s model instead of the current one changes, then what fine-tuning it does."""
    switch = (f"{_lower(via.label)} ({usd(via.total_usd or 0)}) would "
              + (f"save {usd(switch_usd)} against the current setup" if switch_usd >= 0 else
                 f"cost {usd(-switch_usd)} more than the current setup"))
    return f"Like for like: {switch}, and {_adaptation(tuned, via, adaptation_usd, 'that model')}."


def budget_sentence(t: TcoReport) -> str | None:
    """Say which available paths fit the monthly budget (their heavy month, P90 of the months, within it)."""
    budget = t.workload.monthly_budget_usd
    if budget is None:
        return None
    ok = [p for p in t.paths if p.available and p.within_budget]
    over = [p for p in t.paths if p.available and p.within_budget is False]
    tail = ("" if t.recommended_within_budget is not False
            else " No path that can meet the accuracy target fits it, so the recommendation is the cheapest over it.")
    if not over:
        return f"Every path fits the budget of {usd(budget)} a month (its heavy month, the P90 of its months)."
    if not ok:
        return (f"No path fits the budget of {usd(budget)} a month (its heavy month, the P90 of its months); "
                f"the cheapest heavy month is {usd(min(p.monthly_p90_usd or 0 for p in over))}.{tail}")
    return (f"Within the budget of {usd(budget)} a month (the heavy month, P90 of the months): "
            f"{', '.join(p.label for p in ok)}. Over it: {', '.join(p.label for p in over)}.{tail}")


def then_fine_tune_sentence(t: TcoReport) -> str | None:
    """Price "prompt now, fine-tune once the gates are met" (always when that is the verdict)."""
    ptf = next((p for p in t.paths if p.adaptation == "prompt_then_fine_tune"), None)
    if ptf is None:
        return None
    if not ptf.available:
        return f"Prompt now, fine-tune later: {ptf.reason}."
    current = next(p for p in t.paths if p.current)
    return (f"Prompt now, fine-tune once the gates are met: {ptf.label} costs {usd(ptf.total_usd or 0)} over "
            f"{t.horizon_months} months ({usd(ptf.monthly_p50_usd or 0)} in a typical month), against "
            f"{usd(current.total_usd or 0)} for {_lower(current.label)} throughout and "
            f"{usd(t.fine_tuning.total_usd)} for fine-tuning from the start.")


def accuracy_note(t: TcoReport) -> str:
    """Say which accuracies were measured and which are assumed."""
    rows = [p for p in t.paths if p.available]
    measured = [p.label for p in rows if p.accuracy_measured]
    if not measured:
        return ("Every accuracy above is assumed (by the model's quality tier and the adaptation, with its range); "
                "measure the candidates on your evaluation set and give them as accuracy_by_path.")
    return (f"Measured: {', '.join(measured)}; the others are assumed by quality tier and adaptation, with their "
            "ranges.")
