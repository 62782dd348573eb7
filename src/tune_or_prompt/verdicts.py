"""The verdicts and paths the rules argue for, and how every output names them.

Plain types and labels, apart from the :mod:`~tune_or_prompt.decision` models,
so that what only lists or checks rules (``rules list``, the pack schema)
needs no decision model built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Path = Literal["prompt_engineering", "fine_tuning"]
Verdict = Literal["prompt_engineering", "fine_tuning", "prompt_engineering_first", "undecided"]


@dataclass(frozen=True)
class VerdictLabel:
    """How every output names one verdict (or the cheaper path, or a tie).

    Attributes:
        words: In a sentence: "... would change the recommendation to {words}".
        title: As a memo heading or label.
        banner: The verdict line of a terminal run (``decide``, ``rules explain``).

    """

    words: str
    title: str
    banner: str


# The one table of verdict labels; the memo, the terminal tables and the rules' reasons read it.
VERDICT_LABELS: dict[str, VerdictLabel] = {
    "prompt_engineering": VerdictLabel("prompt engineering", "Prompt engineering", "PROMPT ENGINEERING"),
    "fine_tuning": VerdictLabel("fine-tuning", "Fine-tuning", "FINE-TUNING"),
    "prompt_engineering_first": VerdictLabel(
        "prompt engineering first, fine-tuning once its gates are met",
        "Prompt engineering first (fine-tuning later, once its gates are met)",
        "PROMPT ENGINEERING FIRST (fine-tuning later)"),
    "undecided": VerdictLabel("undecided", "Undecided", "UNDECIDED"),
    "tie": VerdictLabel("neither (a tie)", "Neither (a tie)", "NEITHER (a tie)"),
}
# How a sentence names each verdict ("... would change the recommendation to {words}").
VERDICT_WORDS: dict[str, str] = {k: v.words for k, v in VERDICT_LABELS.items() if k != "tie"}
Strength = Literal["required", "strong", "moderate", "weak"]
