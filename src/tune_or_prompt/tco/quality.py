"""Quality per path: each model's quality tier, and the accuracy a path is expected to reach.

A tier is a band of the public LMArena (Chatbot Arena) text leaderboard's Elo
score, read from snapshots of 2024-2025 taken under the same method (the
leaderboard changed its method in January 2026, so later scores are not
mixed in): tier 4 from 1300, tier 3 from 1260, tier 2 from 1200, tier 1
below. A model with no published score carries a tier that is this tool's
estimate, with the reason.

A path's accuracy is the user's measured figure where given
(``accuracy_by_path``, or the workload's measured prompting and fine-tuned
accuracies), else a default with a range:

* prompting a model of the current model's tier or above: the article's
  prompting range (85-92%); the tool never assumes a model prompts better
  than the one the user named;
* prompting a model one tier below: 70-89% (an estimate); two or more tiers
  below: 60-85% (an estimate);
* fine-tuning any model: the article's 92-98%, which published comparisons
  of small fine-tuned models against prompted frontier models support on
  narrow tasks.

A path *can meet* the accuracy target when its measured accuracy reaches it,
or, assumed, when the top of its range does: an assumed range that spans the
target does not rule a path out; a measured figure below it does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from tune_or_prompt.sources import article, estimate

if TYPE_CHECKING:
    from tune_or_prompt.tco.options import Option

Adaptation = Literal["prompt", "fine_tune", "prompt_then_fine_tune"]
ARENA = "LMArena (Chatbot Arena) text leaderboard, Elo {elo} in the {date} snapshot (mirror https://openlm.ai/chatbot-arena/)"


@dataclass(frozen=True)
class Tier:
    """A model's quality tier and where it comes from."""

    tier: int
    source: str


def _arena(tier: int, elo: int, date: str) -> Tier:
    return Tier(tier, ARENA.format(elo=elo, date=date))


# Catalogue names (API models) and open model ids (hardware catalogue).
TIERS: dict[str, Tier] = {
    "gpt-4.1": _arena(4, 1367, "2025-05-05"),
    "gpt-4.1-mini": _arena(4, 1323, "2025-05-05"),
    "gpt-4o": _arena(4, 1316, "2024-09-05"),
    "gemini-2.5-pro": _arena(4, 1473, "2025-07-01"),
    "gemini-2.5-flash": _arena(4, 1418, "2025-07-01"),
    "gpt-4o-mini": _arena(3, 1274, "2024-09-05"),
    "llama-3.3-70b": _arena(2, 1255, "2025-02-17"),
    "gpt-4.1-nano": Tier(2, estimate("no arena score published; OpenAI's smallest GPT-4.1 model, placed two bands "
                                     "below gpt-4.1-mini")),
    "llama-3.1-8b": _arena(1, 1168, "2024-09-05"),
    "qwen2.5-14b": Tier(1, estimate("listed on the arena without a score (2024-11-13); a 14B model placed in the "
                                    "8B model's band")),
}
UNKNOWN_TIER = Tier(4, estimate("no arena score for this model: taken as a frontier model, so no other model is "
                                "assumed to prompt as well unless measured"))

FINE_TUNED_SOURCE = article("fine-tuning reaches 92-98%") + (
    "; small fine-tuned models beat prompted GPT-4 on narrow tasks by about 10 points on average "
    "(Predibase, \"LoRA Land\", arXiv 2405.00732, 2024-04-29)")
PROMPTED_SAME = article("prompting's accuracy ceiling is 85-92%")
PROMPTED_ONE_BELOW = (70.0, 80.0, 89.0, estimate(
    "a model one arena band below answers fewer questions right; base models prompted scored about 34 points "
    "below their fine-tuned adapters on narrow tasks (LoRA Land, arXiv 2405.00732), so the range is wide"))
PROMPTED_FURTHER_BELOW = (60.0, 72.0, 85.0, estimate(
    "two or more arena bands below the current model; a wide range, to be measured"))


def tier_of(model: str) -> Tier:
    """Return a model's quality tier (API catalogue name or open model id)."""
    return TIERS.get(model.lower(), UNKNOWN_TIER)


@dataclass(frozen=True)
class Accuracy:
    """A path's expected accuracy (% of answers right), its range, and whether it was measured."""

    pct: float
    low_pct: float
    high_pct: float
    measured: bool
    source: str

    def can_meet(self, target_pct: float) -> bool:
        """Whether the path can reach ``target_pct``: measured at or above it, or its assumed range reaches it."""
        return (self.pct if self.measured else self.high_pct) >= target_pct - 1e-9


def measured(pct: float, source: str = "measured (set by the user)") -> Accuracy:
    """Return a measured accuracy: no range."""
    return Accuracy(pct, pct, pct, True, source)


def default_accuracy(adaptation: Adaptation, model: str, current: str, *, prompting: tuple[float, float, float],
                     fine_tuned: tuple[float, float, float]) -> Accuracy:
    """Return the assumed accuracy of adapting ``model`` when the current setup prompts ``current``.

    ``prompting`` and ``fine_tuned`` are the (low, typical, high) figures of the
    cost assumptions (the article's ranges unless the user changed them).
    """
    if adaptation != "prompt":
        low, pct, high = fine_tuned
        return Accuracy(pct, low, high, False, FINE_TUNED_SOURCE)
    below = tier_of(current).tier - tier_of(model).tier
    if below <= 0:
        low, pct, high = prompting
        return Accuracy(pct, low, high, False, PROMPTED_SAME)
    low, pct, high, source = PROMPTED_ONE_BELOW if below == 1 else PROMPTED_FURTHER_BELOW
    return Accuracy(pct, low, high, False, source)


def path_id(adaptation: Adaptation, model: str, hosting: str) -> str:
    """Return a path's id: ``<adaptation>:<model>@<hosting>``."""
    return f"{adaptation}:{model}@{hosting}"


FT_HOSTING = {"provider": "api", "serverless_lora": "serverless", "dedicated": "dedicated", "flat": "dedicated"}


def ft_hosting(option: Option, owned: bool) -> str:
    """Return where a fine-tuning option serves: ``owned`` for a dedicated fleet of bought GPUs."""
    return "owned" if owned and option.kind == "dedicated" else FT_HOSTING[option.kind]


def ft_model(option: Option) -> str:
    """Return the model a fine-tuning option adapts (``flat``: the article's unnamed model)."""
    if option.model is not None:
        return option.model.id
    return option.student or ("flat" if option.kind == "flat" else option.id.split(":", 1)[-1])


def ft_path_keys(option: Option, adaptation: Adaptation = "fine_tune", owned: bool = False) -> tuple[str, str]:
    """Return the keys a fine-tuning option's measured accuracy may be given by: path id, then adaptation:model."""
    model = ft_model(option)
    return path_id(adaptation, model, ft_hosting(option, owned)), f"{adaptation}:{model}"


def measured_accuracy(given: Mapping[str, float] | None, keys: Sequence[str]) -> float | None:
    """Return the first of ``keys`` the user measured (``accuracy_by_path``), or None."""
    if not given:
        return None
    for key in keys:
        if key in given:
            return given[key]
    return None
