"""The memo's numbered list of sources, and the number each figure points at.

Built from whatever the figures say their source is: the cost assumptions'
rows (in table order), then the answers' questions, then the memo's own fixed
figures (the article's side-by-side table, hidden costs and validation steps).
Each distinct source text is listed once, numbered in order of first use, so
the assumptions table shows "[3]" where the source text used to stand and the
list at the end spells it out. Nothing here knows what a source says: when the
cost model's sources change, the list follows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tune_or_prompt.advice import Advice
from tune_or_prompt.answers import Answers, question_meta
from tune_or_prompt.memo import content


@dataclass(frozen=True)
class Citations:
    """Every source the memo relies on, numbered from 1."""

    entries: list[str] = field(default_factory=list)

    @property
    def numbers(self) -> dict[str, int]:
        """Each source's 1-based number, by its text (what templates read)."""
        return {source: i for i, source in enumerate(self.entries, start=1)}

    def number(self, source: str) -> int:
        """Return the 1-based number of ``source`` in the list."""
        return self.entries.index(source) + 1

    def answer_number(self, name: str) -> int | None:
        """Return the number of a built-in answer's source, or ``None`` for a house question."""
        source = answer_source(name)
        return self.number(source) if source else None


def answer_source(name: str) -> str:
    """Return the source a built-in question names for its default ("" when it names none)."""
    if name not in Answers.model_fields:
        return ""
    return str(question_meta(name).get("source", ""))


def _distinct(texts: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for text in texts:
        if text and text not in seen:
            seen[text] = None
    return list(seen)


def citations(advice: Advice) -> Citations:
    """Return the numbered sources of the assumptions, the answers and the memo's fixed figures."""
    return Citations(_distinct([
        *(row.source for row in advice.tco.assumptions),
        *(answer_source(name) for name in Answers.model_fields),
        content.FACTORS_SOURCE,
        content.HIDDEN_COSTS_SOURCE,
        content.STEPS_SOURCE,
    ]))
