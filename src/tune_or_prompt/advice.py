"""The Advice: everything the memo says, as the one object templates see.

The pipeline's last model. It bundles the answers, the TCO report and the
rules' decision with the run's provenance (date, tool version, engine, the
command that regenerates it) so a memo is a pure function of one Advice, and
the JSON memo is simply this model serialised.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tune_or_prompt import __version__
from tune_or_prompt.answers import Answers
from tune_or_prompt.decision import Decision
from tune_or_prompt.tco import TcoReport
from tune_or_prompt.tco.grid import WhatIfGrid
from tune_or_prompt.workload.model import MeasuredWorkload


class Flip(BaseModel):
    """One input whose change would flip the verdict, and where the flip happens.

    Attributes:
        parameter: The answer or assumption name (e.g. ``queries_per_month``).
        label: How the memo names it ("Query volume").
        current: Its value in this run.
        threshold: The value at which the verdict changes; ``None`` when no
            value within the model's range does.
        unit: The unit both values are in.
        low: The low end of the input's plausible range (``None`` for a choice).
        high: The high end of its plausible range (``None`` for a choice).
        within_range: Whether the flip lies within the plausible range; the
            memo lists only those and names the others in one line.
        distance: How far the flip is from today's value, as a share of the
            plausible range (0 today, 1 the whole range; a changed choice is 1).
        sentence: The finding in one plain sentence, ready to print.

    """

    model_config = ConfigDict(extra="forbid")

    parameter: str
    label: str
    current: float | str | None
    threshold: float | str | None
    unit: str = ""
    low: float | None = None
    high: float | None = None
    within_range: bool = True
    distance: float = 0.0
    sentence: str


YOUR_ANSWER = "your answer"  # typed, in an answers file, or given with --set
YOUR_LOGS = "your usage logs"  # measured by advise --from-logs


class Advice(BaseModel):
    """The whole advice for one workload: inputs, costs, decision and provenance.

    Attributes:
        answers: The built-in answers the run used.
        house_answers: Answers to questions added by rule packs, by fact name.
        tco: Both paths priced over the horizon.
        decision: The verdict, its confidence and the rules that fired.
        what_would_change: Thresholds that would flip the verdict.
        generated_on: ISO date the advice was produced.
        tool_version: tune-or-prompt's version.
        engine: The rules engine that ran, with its version.
        command: The exact command line that regenerates this memo.
        packs: Rule packs in effect, in load order.
        whatif_grid: The volume x API-price grid the HTML what-if panel reads.
        workload: The workload as measured from usage logs (``advise --from-logs``), if any.
        answered: Where each answer the user gave came from (:data:`YOUR_ANSWER`,
            :data:`YOUR_LOGS`); an answer not named here is its question's default.

    """

    model_config = ConfigDict(extra="forbid")

    answers: Answers
    house_answers: dict[str, Any] = Field(default_factory=dict)
    tco: TcoReport
    decision: Decision
    what_would_change: list[Flip] = Field(default_factory=list)
    generated_on: str = Field(default_factory=lambda: date.today().isoformat())
    tool_version: str = __version__
    engine: str
    command: str
    packs: list[str] = Field(default_factory=list)
    whatif_grid: WhatIfGrid | None = Field(
        None, description="Engine figures for the HTML memo's what-if sliders (HTML runs only)."
    )
    workload: MeasuredWorkload | None = Field(
        None, description="The workload measured from usage logs, when the answers came from them."
    )
    answered: dict[str, str] = Field(
        default_factory=dict,
        description="Where each answer the user gave came from ('your answer', 'your usage logs'); "
        "the others are their question's default, cited to its source.",
    )
