"""What would change the answer, as the memo lists it: only the flips a reader can act on.

The what-if search (:mod:`tune_or_prompt.whatif`) and the sensitivity analysis
find every flip they can reach, including ones no workload will meet ("API
prices above 88x today's"). The memo lists a flip only when it lies within the
input's plausible range, nearest to today's value first, and names the inputs
that flip only outside their ranges in one line. The JSON memo keeps them all,
each with ``within_range``.
"""

from __future__ import annotations

from dataclasses import dataclass

from tune_or_prompt.advice import Advice, Flip
from tune_or_prompt.tco.analyses import CostFlip
from tune_or_prompt.words import lower_first


@dataclass(frozen=True)
class Changes:
    """The memo's "What would change the answer".

    Attributes:
        flips: Inputs whose plausible change flips the verdict, nearest first.
        cost_flips: Cost assumptions that flip the cheaper path within their
            stated range, nearest first; ``None`` when sensitivity was not run.
        beyond_range: The inputs and assumptions that flip something only
            outside their plausible range, by name, nearest first.

    """

    flips: list[Flip]
    cost_flips: list[CostFlip] | None
    beyond_range: list[str]

    @property
    def beyond_range_sentence(self) -> str | None:
        """The one line naming them: "No change within the plausible range of: API prices, ..."."""
        if not self.beyond_range:
            return None
        return f"No change within the plausible range of: {', '.join(self.beyond_range)}."


def _cost_distance(flip: CostFlip) -> float:
    width = flip.high - flip.low
    return abs(flip.threshold - flip.current) / width if width > 0 else abs(flip.threshold - flip.current)


def changes(advice: Advice) -> Changes:
    """Split the advice's flips into those the memo lists and those it only names."""
    verdict = sorted(advice.what_would_change, key=lambda f: f.distance)
    sens = advice.tco.sensitivity
    cost = sorted(sens.flips, key=_cost_distance) if sens is not None else []
    beyond: list[str] = []
    for label in [f.label for f in verdict if not f.within_range] + [f.label for f in cost if not f.within_range]:
        name = lower_first(label)
        if name not in beyond:
            beyond.append(name)
    return Changes(
        flips=[f for f in verdict if f.within_range],
        cost_flips=[f for f in cost if f.within_range] if sens is not None else None,
        beyond_range=beyond,
    )
