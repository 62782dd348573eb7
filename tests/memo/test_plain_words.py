"""Every memo counts in plain words: "1 GPU", "2 GPUs", never "GPU(s)", "1 GPUs" or "gPU".

Memos are rendered (Markdown, HTML, MADR) for one and for two of each thing
the memo counts: months of horizon, GPUs, tasks, prompt iterations, months of
production data, experiment runs, months between retrainings, draws, and
blocking gates holding fine-tuning back.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tune_or_prompt.advice import Advice
from tune_or_prompt.answers import Answers
from tune_or_prompt.memo import render
from tune_or_prompt.pipeline import build_advice
from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.rules import RuleSet, load_packs
from tune_or_prompt.tco import Assumptions

NOUNS = ("GPUs|months|tasks|iterations|hours|runs|training runs|draws|conditions|blocking gates|gates|"
         "queries|questions|rules|reasons|GPU-hours|tokens|examples|epochs|models")
# "1 GPUs" but not "$1 GPUs", "0.1 months", "11 months" or "1 to 2 GPUs".
ONE_PLURAL = re.compile(rf"(?<![\d.,$])1 (?:{NOUNS})\b")
LOWERED_ACRONYM = re.compile(r"\b(?!vLLM)[a-z][A-Z]{2,}")  # "gPU rental price", "aPI prices"; vLLM is its name

# The blocking gates a fine-tuning verdict waits for: one (break-even) or two (and production data).
FT_WINS = {"accuracy_target_pct": 97, "prompt_iterations": 30, "prompting_plateaued": True}
VARIANTS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    *((f"horizon {n}", {"horizon_months": n}, {}) for n in (1, 2)),
    *((f"{n} GPUs", {}, {"min_replicas": n}) for n in (1, 2)),
    *((f"{n} tasks", {"tasks_sharing_model": n}, {}) for n in (1, 2)),
    *((f"{n} iterations", {"prompt_iterations": n}, {}) for n in (1, 2)),
    *((f"{n} months of data", {"production_data_months": n}, {}) for n in (1, 2)),
    *((f"{n} experiment runs", {}, {"ft_experiment_runs": n}) for n in (1, 2)),
    *((f"retrain every {n}", {}, {"ft_retrain_every_months": n}) for n in (1, 2)),
    ("1 blocking gate", {**FT_WINS, "production_data_months": 8}, {}),
    ("2 blocking gates", FT_WINS, {}),
]


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return load_packs()


def advise(ruleset: RuleSet, answers: dict[str, Any], assumptions: dict[str, Any], draws: int = 2) -> Advice:
    return build_advice(Answers(**answers), {}, assumptions=Assumptions(**assumptions), catalogue=Catalogue(),
                        ruleset=ruleset, command="tune-or-prompt advise", uncertainty_draws=draws,
                        sensitivity=True)


def check(text: str) -> None:
    plain = re.sub(r"<[^>]+>", "", text)  # HTML: the words, without the tags between them
    assert "(s)" not in plain
    assert LOWERED_ACRONYM.findall(plain) == []
    assert ONE_PLURAL.findall(plain) == []


@pytest.mark.parametrize(("answers", "assumptions"), [(a, s) for _, a, s in VARIANTS],
                         ids=[name for name, _, _ in VARIANTS])
def test_memos_count_in_plain_words(ruleset: RuleSet, answers: dict[str, Any], assumptions: dict[str, Any]) -> None:
    advice = advise(ruleset, answers, assumptions)
    for fmt in ("md", "html", "madr"):
        check(render(advice, fmt))  # type: ignore[arg-type]


def test_the_gate_variants_hold_back_one_and_two_gates(ruleset: RuleSet) -> None:
    one = advise(ruleset, {**FT_WINS, "production_data_months": 8}, {})
    two = advise(ruleset, FT_WINS, {})
    assert one.decision.verdict == two.decision.verdict == "prompt_engineering_first"
    assert len(one.decision.must_be_true) == 1 and len(two.decision.must_be_true) == 2
    assert "1 blocking gate is not met" in one.decision.notes[-1]
    assert "2 blocking gates are not met" in two.decision.notes[-1]
    assert "once 1 condition is met" in render(one, "md")
    assert "once 2 conditions are met" in render(two, "md")


@pytest.mark.parametrize("draws", [1, 2])
def test_one_and_two_draws(ruleset: RuleSet, draws: int) -> None:
    md = render(advise(ruleset, {}, {}, draws=draws), "md")
    check(md)
    assert f"{draws} {'draw' if draws == 1 else 'draws'} (seed 0)" in md


def test_one_gpu_reads_as_one_gpu(ruleset: RuleSet) -> None:
    html = render(advise(ruleset, {}, {"min_replicas": 1}), "html")
    assert "1 GPU billed 24/7" in html or "1 GPU" in html
    assert "1 GPUs" not in html
