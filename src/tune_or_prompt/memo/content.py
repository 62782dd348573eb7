"""The memo's fixed wording: labels, hidden costs, side-by-side factors, validation steps.

The facts come from the article the tool started from (its validation steps,
hidden costs and side-by-side table), restated in our own words; each group
names its source (:data:`FACTORS_SOURCE`, :data:`HIDDEN_COSTS_SOURCE`,
:data:`STEPS_SOURCE`) for the memo's list of sources. Each hidden cost carries
a predicate over the :class:`~tune_or_prompt.advice.Advice` so the memo marks
the ones that apply to this workload instead of listing all five as
boilerplate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tune_or_prompt.decision import VERDICT_LABELS as DECISION_LABELS
from tune_or_prompt.decision import paths_in_play as paths_in_play
from tune_or_prompt.sources import article

if TYPE_CHECKING:
    from tune_or_prompt.advice import Advice
    from tune_or_prompt.tco import TcoReport

PE, FT = "prompt_engineering", "fine_tuning"

# The memo names verdicts by their titles (the table: :data:`tune_or_prompt.decision.VERDICT_LABELS`).
VERDICT_LABELS: dict[str, str] = {k: v.title for k, v in DECISION_LABELS.items()}

FACTORS_SOURCE = article("its side-by-side comparison of the two paths")
HIDDEN_COSTS_SOURCE = article("its hidden costs and pitfalls, with the figures it gives")
STEPS_SOURCE = article("its validation steps before fine-tuning and when prompting")


@dataclass(frozen=True)
class FixedSources:
    """The sources of the memo's fixed figures, as templates cite them."""

    factors: str = FACTORS_SOURCE
    hidden_costs: str = HIDDEN_COSTS_SOURCE
    steps: str = STEPS_SOURCE




def assumption(tco: TcoReport, name: str) -> float | str | None:
    """Return the value of the named assumption row, or ``None`` when absent (or a list)."""
    for row in tco.assumptions:
        if row.name == name:
            return None if isinstance(row.value, list) else row.value
    return None


@dataclass(frozen=True)
class HiddenCost:
    """One of the article's hidden costs, with the test of whether it bites here.

    Attributes:
        title: Short name.
        path: The path it belongs to.
        text: What goes wrong, with the article's figures.
        check: Returns why it applies to this workload, or ``None`` when it does not.
        deployment: ``cloud_ok`` for a cost only an external API has; ``any`` otherwise.
            A cost that cannot arise in this deployment is left out of the memo.

    """

    title: str
    path: str
    text: str
    check: Callable[[Advice], str | None]
    deployment: str = "any"


@dataclass(frozen=True)
class HiddenCostItem:
    """A hidden cost as the memo shows it: applies or not, and why."""

    title: str
    path: str
    text: str
    applies: bool
    why: str


def _retraining(a: Advice) -> str | None:
    cost = a.tco.fine_tuning.breakdown.get("retraining", 0.0)
    if cost <= 0:
        return None
    share = cost / a.tco.fine_tuning.total_usd if a.tco.fine_tuning.total_usd else 0.0
    return (f"retraining is {share:.0%} of fine-tuning's {a.tco.horizon_months}-month cost; "
            "check the cycle estimate against your own data-collection and labelling effort")


def _idle_gpus(a: Advice) -> str | None:
    ft = a.tco.fine_tuning
    if a.tco.ft_mode == "flat":
        return "the fine-tuned model runs on dedicated infrastructure billed every hour of the month"
    if a.tco.ft_mode != "dedicated" or not ft.gpus_per_month or ft.average_utilisation_pct is None:
        return None
    busy = ft.average_utilisation_pct
    billed = {"autoscaled": "billed hour by hour as they scale", "owned": "owned and paid for around the clock"}.get(
        a.tco.fleet or "", "billed around the clock")
    return (f"the fine-tuned model's GPUs ({billed}) are busy {busy:.1f}% of the GPU-hours paid for "
            "on average, counting its shorter prompt")


def _prompt_drift(a: Advice) -> str | None:
    monitoring = assumption(a.tco, "pe_monitoring_usd_per_month")
    if monitoring == 0:
        return "no prompt-drift monitoring is budgeted"
    if a.answers.requirements_change == "weekly":
        return "requirements change weekly, so prompts will change often"
    if a.answers.privacy == "on_premise":
        return "prompts in production degrade silently when the model they run on is upgraded"
    return "prompts in production degrade silently as the provider updates its models"


def _api_charges(a: Advice) -> str | None:
    if a.answers.privacy == "on_premise":
        return None
    overhead = a.tco.prompt_engineering.breakdown.get("api_overhead", 0.0)
    pct = assumption(a.tco, "api_overhead_pct")
    if overhead > 0 and isinstance(pct, (int, float)):
        return f"the estimate budgets {pct:g}% of the API bill for them"
    return "the estimate budgets no overhead for failed and retried calls"


def _over_optimising(a: Advice) -> str | None:
    hours = assumption(a.tco, "pe_prompt_hours")
    if a.answers.prompt_iterations > 30:
        return (f"{a.answers.prompt_iterations} prompt iterations so far, past the 20-30 where "
                "accuracy usually plateaus")
    if isinstance(hours, (int, float)) and hours >= 100:
        return f"{hours:g} hours of prompt work are budgeted"
    return None


HIDDEN_COSTS: tuple[HiddenCost, ...] = (
    HiddenCost("Retraining underestimated", FT,
               "Every retraining cycle costs 30-50% of the original training: new data to "
               "collect, label and evaluate.", _retraining),
    HiddenCost("Idle infrastructure", FT,
               "Dedicated GPUs bill around the clock; an instance idle 60% of the time costs "
               "2.5 times as much per useful query.", _idle_gpus),
    HiddenCost("Prompt drift", PE,
               "Unmonitored prompts degrade as models update; one team lost 15% accuracy in six "
               "months and spent $50K on manual corrections.", _prompt_drift),
    HiddenCost("Hidden API charges", PE,
               "Failed requests still consume tokens; timeouts, content-filter rejections and "
               "rate-limit retries add 5-15% to the bill.", _api_charges, deployment="cloud_ok"),
    HiddenCost("Over-optimising prompts", PE,
               "A hundred hours or more polishing prompts where a small code change would do.",
               _over_optimising),
)


def hidden_costs(advice: Advice) -> list[HiddenCostItem]:
    """Return the hidden costs this deployment can have, those on a path in play that apply here first."""
    in_play = paths_in_play(advice.decision.verdict)
    items = []
    for cost in HIDDEN_COSTS:
        if not applies_to(cost.deployment, advice):
            continue
        why = cost.check(advice) if cost.path in in_play else None
        items.append(HiddenCostItem(cost.title, cost.path, cost.text, why is not None,
                                    why or _not_applicable(cost.path, in_play)))
    return sorted(items, key=lambda item: not item.applies)


def applies_to(deployment: str, advice: Advice) -> bool:
    """Whether something meant for ``deployment`` (``any``, ``cloud_ok``, ``on_premise``) fits this workload."""
    return deployment in ("any", advice.answers.privacy)


def _not_applicable(path: str, in_play: tuple[str, ...]) -> str:
    if path not in in_play:
        return f"only on the {VERDICT_LABELS[path].lower()} path, which is not recommended"
    return "nothing in this workload points to it; keep an eye on it"


@dataclass(frozen=True)
class Factor:
    """One row of the article's side-by-side comparison."""

    factor: str
    prompt_engineering: str
    fine_tuning: str


FACTORS: tuple[Factor, ...] = (
    Factor("Initial cost (typical)", "$8K-16K of engineer time", "$5K-15K of compute and data"),
    Factor("Monthly cost at 100K queries (typical)", "$180-500", "$2K-4K"),
    Factor("Time to deploy", "1-2 weeks", "4-8 weeks"),
    Factor("Flexibility", "High: change the prompt daily", "Low: every change needs retraining"),
    Factor("Accuracy ceiling", "85-92%", "92-98%"),
    Factor("Best for", "Evolving requirements, many tasks on one model",
           "Stable requirements, high volume"),
)


@dataclass(frozen=True)
class Step:
    """One of the article's validation steps and what it involves."""

    title: str
    actions: tuple[str, ...]
    deployment: str = "any"  # "cloud_ok": only where prompting calls an external API


VALIDATION_STEPS: dict[str, tuple[Step, ...]] = {
    PE: (
        Step("Build a prompt library", (
            "Keep prompts under version control.",
            "Assemble an evaluation benchmark of 100-500 cases.",
            "A/B test prompt changes before rolling them out.",
            "Monitor for prompt drift.",
        )),
        Step("Cut the API bill", (
            "Cache common responses.",
            "Route simple queries to a smaller model.",
            "Batch requests that can wait.",
            "Cap the tokens per request.",
        ), deployment="cloud_ok"),
        Step("Keep the way to fine-tuning open", (
            "Put the prompt layer behind an interface so a fine-tuned model can replace it "
            "without touching application logic.",
        )),
    ),
    FT: (
        Step("Prove prompting has hit its limit", (
            "Try 3-5 strong few-shot examples.",
            "Add retrieval for context.",
            "Try chain-of-thought and self-consistency.",
            "Measure the accuracy plateau over 20-30 prompt iterations.",
        )),
        Step("Confirm the break-even", (
            "Check that training plus infrastructure over the horizon costs less than the API "
            "over the same months (section 5 of this memo).",
        )),
        Step("Plan retraining", (
            "Budget a cycle every quarter at 30-50% of the initial training cost.",
            "Build a pipeline that keeps collecting production examples.",
        )),
    ),
}
