"""What would change the answer: the thresholds at which the verdict flips."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tune_or_prompt.advice import Flip
from tune_or_prompt.answers import Answers
from tune_or_prompt.decision import Decision
from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.rules import RuleSet
from tune_or_prompt.tco import Assumptions, TcoReport


def what_would_change(
    answers: Answers,
    house: Mapping[str, Any],
    report: TcoReport,
    decision: Decision,
    *,
    assumptions: Assumptions,
    catalogue: Catalogue,
    ruleset: RuleSet,
) -> list[Flip]:
    """Return the inputs whose change flips the verdict, with the flip point of each."""
    return []
