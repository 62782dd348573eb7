"""What the rules engine decides, and why: the Decision stage of the pipeline.

The engine fills these models; the memo, the ``decide`` JSON and the batch
output read them. Field names are part of the JSON contract.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Path = Literal["prompt_engineering", "fine_tuning"]
Verdict = Literal["prompt_engineering", "fine_tuning", "prompt_engineering_first", "undecided"]
Strength = Literal["required", "strong", "moderate", "weak"]
# to_do: an advice-only step (no condition to check), listed as something to do.
GateStatus = Literal["met", "unmet", "unknown", "to_do"]


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


class Decision(BaseModel):
    """The verdict, its confidence, and the trace that explains it."""

    model_config = ConfigDict(extra="forbid")

    verdict: Verdict
    confidence: float = Field(ge=0, le=1)
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
    engine: str = Field(description="Which engine evaluated the rules, with its version.")
    packs: list[str] = Field(default_factory=list, description="Rule packs in effect, in load order.")
