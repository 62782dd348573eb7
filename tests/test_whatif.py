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
    # From 80% of the break-even volume (the serverless LoRA at 7,361,739 queries a month), 5.89M, the rule
    # volume-near-break-even fires and fine-tuning wins the vote; its unmet gates hold it back.
    vol = flips["queries_per_month"]
    assert vol.threshold == pytest.approx(0.8 * 7_361_739, rel=0.001)
    # Fed back through the whole pipeline, the threshold is where the verdict changes.
    assert _run(Answers(queries_per_month=vol.threshold * 0.998), ruleset)[0] == "prompt_engineering"
    assert _run(Answers(queries_per_month=vol.threshold * 1.002), ruleset)[0] == "prompt_engineering_first"
    assert vol.sentence.endswith("would change the recommendation to prompt engineering first, fine-tuning once "
                                 "its gates are met.")
    # On premise, prompting runs the 8B that fine-tuning would adapt (like for like), which is still cheaper:
    # privacy no longer flips the answer (it did when a prompted 70B was weighed against a fine-tuned 8B).
    assert "privacy" not in flips
    # Only at about 29.2x today's API prices (every price of the model, cached and batch too) does the
    # break-even volume fall to 125% of today's volume: outside the 1/10x-10x range.
    price = flips["api_price_change_pct"]
    assert price.threshold == pytest.approx(2820, abs=1)
    assert (price.low, price.high, price.within_range) == (-90.0, 900.0, False)
    assert (acc.low, acc.high, acc.within_range) == (0.0, 100.0, True)
    assert acc.distance == pytest.approx(0.05, abs=1e-4)  # 5 points of a 0-100 range


def test_flips_come_within_range_first_and_nearest_first(ruleset) -> None:  # type: ignore[no-untyped-def]
    answers = Answers()
    a = Assumptions()
    report, decision = evaluate_workload(answers, {}, assumptions=a, catalogue=Catalogue(), ruleset=ruleset)
    flips = what_would_change(answers, {}, report, decision, assumptions=a, catalogue=Catalogue(),
                              ruleset=ruleset)
    # accuracy (0.05 of its range), volume (ln 51.1 / ln 10,000 = 0.43 of its log range), then the
    # implausible price flip.
    assert [f.parameter for f in flips] == ["accuracy_target_pct", "queries_per_month", "api_price_change_pct"]
    keys = [(not f.within_range, f.distance) for f in flips]
    assert keys == sorted(keys)


def test_volume_threshold_fed_back_flips(ruleset) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(api_model="gpt-4o", queries_per_month=2_000_000, accuracy_target_pct=97,
                      prompt_iterations=30, prompting_plateaued=True, production_data_months=8)
    # Prompting gpt-4o itself (no cheaper model of its tier): the volume sweep against one prompting model.
    a = Assumptions(candidates="gpt-4o")
    verdict, flips = _run(answers, ruleset, a)
    assert verdict == "fine_tuning"
    vol = flips["queries_per_month"]
    assert vol.current == 2_000_000
    assert vol.within_range and (vol.low, vol.high) == (20_000, 200_000_000)
    # ln(2,000,000 / 222,000) / ln(10,000): the flip is 24% of the log range away.
    assert vol.distance == pytest.approx(0.2387, abs=5e-4)
    assert isinstance(vol.threshold, float)
    # Near the cost break-even volume for gpt-4o at these defaults.
    report, _ = evaluate_workload(answers, {}, assumptions=a, catalogue=Catalogue(), ruleset=ruleset)
    assert report.break_even.queries_per_month is not None
    assert vol.threshold == pytest.approx(report.break_even.queries_per_month, rel=0.005)
    assert _run(answers.model_copy(update={"queries_per_month": vol.threshold * 1.01}), ruleset, a)[0] == verdict
    assert _run(answers.model_copy(update={"queries_per_month": vol.threshold * 0.99}), ruleset, a)[0] != verdict
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
