"""What would change the answer: thresholds found, and each one flips the verdict when fed back."""

from __future__ import annotations

import pytest

from tune_or_prompt.answers import Answers
from tune_or_prompt.pipeline import evaluate_workload
from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.rules import load_packs
from tune_or_prompt.tco import Assumptions
from tune_or_prompt.whatif import what_would_change


@pytest.fixture(scope="module")
def ruleset():  # type: ignore[no-untyped-def]
    return load_packs()


def _run(answers: Answers, ruleset, assumptions: Assumptions | None = None):  # type: ignore[no-untyped-def]
    a = assumptions or Assumptions()
    report, decision = evaluate_workload(answers, {}, assumptions=a, catalogue=Catalogue(), ruleset=ruleset)
    flips = what_would_change(answers, {}, report, decision, assumptions=a, catalogue=Catalogue(),
                              ruleset=ruleset)
    return decision.verdict, {f.parameter: f for f in flips}


def test_article_example(ruleset) -> None:  # type: ignore[no-untyped-def]
    verdict, flips = _run(Answers(), ruleset)
    assert verdict == "prompt_engineering"
    # accuracy-above-95 is a strict "greater than 95": the flip sits at 95.0.
    acc = flips["accuracy_target_pct"]
    assert (acc.current, acc.threshold) == (90.0, 95.0)
    assert acc.sentence.startswith("An accuracy target above 95.0% (now 90%) would change")
    assert _run(Answers(accuracy_target_pct=95.0), ruleset)[0] == "prompt_engineering"
    assert _run(Answers(accuracy_target_pct=95.1), ruleset)[0] != "prompt_engineering"
    # Near the cost break-even volume (an A100 fleet at about 6.39M queries a month) fine-tuning becomes
    # cheaper, and its unmet gates hold it back: prompt engineering first.
    vol = flips["queries_per_month"]
    assert vol.threshold == pytest.approx(6_388_093, rel=0.005)
    assert vol.sentence.endswith("would change the recommendation to prompt engineering first, fine-tuning once "
                                 "its gates are met.")
    assert flips["privacy"].threshold == "on_premise"


def test_volume_threshold_fed_back_flips(ruleset) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(api_model="gpt-4o", queries_per_month=2_000_000, accuracy_target_pct=97,
                      prompt_iterations=30, prompting_plateaued=True, production_data_months=8)
    verdict, flips = _run(answers, ruleset)
    assert verdict == "fine_tuning"
    vol = flips["queries_per_month"]
    assert vol.current == 2_000_000
    assert isinstance(vol.threshold, float)
    # Near the cost break-even volume for gpt-4o at these defaults.
    report, _ = evaluate_workload(answers, {}, assumptions=Assumptions(), catalogue=Catalogue(), ruleset=ruleset)
    assert report.break_even.queries_per_month is not None
    assert vol.threshold == pytest.approx(report.break_even.queries_per_month, rel=0.005)
    assert _run(answers.model_copy(update={"queries_per_month": vol.threshold * 1.01}), ruleset)[0] == verdict
    assert _run(answers.model_copy(update={"queries_per_month": vol.threshold * 0.99}), ruleset)[0] != verdict
    price = flips["api_price_change_pct"]
    assert isinstance(price.threshold, float) and price.threshold < 0  # cheaper APIs favour prompting


def test_no_flips_when_nothing_changes_the_verdict(ruleset, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pack = tmp_path / "always.yaml"
    pack.write_text(
        "pack: always\ndescription: Prompting, always.\nrules:\n"
        "  - id: always-prompt\n    when: {all: [{queries_per_month: {gte: 0}}]}\n"
        "    verdict: prompt_engineering\n    strength: required\n    because: House policy.\n"
    )
    verdict, flips = _run(Answers(), load_packs([pack], builtin=False))
    assert verdict == "prompt_engineering"
    assert flips == {}
