"""What the rules engine decides, and why: the Decision stage of the pipeline.

The engine fills these models; the memo, the ``decide`` JSON and the batch
output read them. Field names are part of the JSON contract.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tune_or_prompt.verdicts import VERDICT_LABELS as VERDICT_LABELS
from tune_or_prompt.verdicts import VERDICT_WORDS as VERDICT_WORDS
from tune_or_prompt.verdicts import Path as Path
from tune_or_prompt.verdicts import Strength as Strength
from tune_or_prompt.verdicts import Verdict as Verdict
from tune_or_prompt.verdicts import VerdictLabel as VerdictLabel

# to_do: an advice-only step (no condition to check), listed as something to do.
GateStatus = Literal["met", "unmet", "unknown", "to_do"]
# draws: the share of the uncertainty draws giving the verdict; rules: the rule score (no draws run).
ConfidenceBasis = Literal["draws", "rules"]


class FiredRule(BaseModel):
    """One rule that fired, with the facts it read (in firing order in :class:`Decision`)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    pack: str
    verdict: Path
    strength: Strength
    weight: float = Field(description="The strength's weight in the score.")
    because: str = Field(description="The rule's reason with the facts filled in.")
    facts: dict[str, Any] = Field(description="Every fact the condition read, with its value.")
    source: str = Field("", description="file:line where the rule is defined.")


class GateResult(BaseModel):
    """A validation step evaluated against the answers."""

    model_config = ConfigDict(extra="forbid")

    id: str
    pack: str
    path: Path
    title: str
    status: GateStatus
    blocking: bool
    detail: str = Field("", description="What was checked, or what must become true.")
    facts: dict[str, Any] = Field(default_factory=dict)


class FailedComparison(BaseModel):
    """The comparison that kept a rule from firing, with the fact's value."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fact: str
    operator: str = Field(description="eq, ne, lt, lte, gt, gte, in, not_in or exists.")
    expected: Any = Field(description="The value the condition compares with.")
    actual: Any = Field(description="The fact's value; null when the fact is absent.")
    or_absent: bool = Field(
        False, description="The comparison also holds when the fact is absent (it sits under a not)."
    )


class NotFired(BaseModel):
    """A rule that did not fire, and the first comparison of its condition that failed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    pack: str
    source: str = Field("", description="file:line where the rule is defined.")
    failed: FailedComparison
    reason: str = Field(description="The failure in words, e.g. 'accuracy_target_pct = 90, needs > 95'.")


class Decision(BaseModel):
    """The verdict, its confidence, and the trace that explains it."""

    model_config = ConfigDict(extra="forbid")

    verdict: Verdict
    confidence: float = Field(ge=0, le=1, description=(
        "How sure the verdict is, 0-1. Basis draws: the share of the uncertainty draws in which the "
        "whole decision (costs, rules, gates, policy) gives this verdict. Basis rules: the rule score."))
    confidence_basis: ConfidenceBasis = Field("rules", description="What the confidence is a share of.")
    confidence_draws: int | None = Field(None, description="Basis draws: how many draws were decided.")
    verdict_shares: dict[Verdict, float] = Field(
        default_factory=dict, description="Basis draws: the share of the draws giving each verdict.")
    rule_score: float = Field(ge=0, le=1, description=(
        "(W - L) / (W + L + 1) over the winning and losing rule weights (1 for a required rule, 0 when "
        "required rules contradict); for prompt_engineering_first, the fine-tuning vote its gates hold back."))
    scores: dict[str, float] = Field(description="Weighted sum of strengths per path.")
    fired: list[FiredRule]
    gates: list[GateResult]
    notes: list[str] = Field(
        default_factory=list,
        description="Plain-language remarks: conflicts, a cost rule outweighing the tree, etc.",
    )
    must_be_true: list[str] = Field(
        default_factory=list,
        description="For prompt_engineering_first: what must hold before fine-tuning.",
    )
    not_fired: list[NotFired] = Field(
        default_factory=list,
        description="Every rule in effect that did not fire, in firing order, with why not.",
    )
    engine: str = Field(description="Which engine evaluated the rules, with its version.")
    packs: list[str] = Field(default_factory=list, description="Rule packs in effect, in load order.")


def paths_in_play(verdict: str) -> tuple[Path, ...]:
    """Return the paths a verdict asks the team to run or prepare for, in order.

    ``prompt_engineering_first`` and ``undecided`` keep both in play.
    """
    if verdict == "prompt_engineering":
        return ("prompt_engineering",)
    if verdict == "fine_tuning":
        return ("fine_tuning",)
    return ("prompt_engineering", "fine_tuning")
