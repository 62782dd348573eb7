"""The price of accuracy: wrong answers as a cost category of both paths."""

from __future__ import annotations

import pytest

from tune_or_prompt.answers import Answers
from tune_or_prompt.pipeline import evaluate_workload, workload_of
from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.rules import load_packs
from tune_or_prompt.tco import Assumptions, Workload, compute_tco


def test_errors_are_priced_month_by_month() -> None:
    # 1M queries a month, $2 a wrong answer, 88% right prompted, 96% fine-tuned:
    #   prompting: 1,000,000 x 12% x $2 = 240,000 a month; 36 months = 8,640,000
    #   fine-tuning: months 1-2 still prompted, 2 x 240,000 = 480,000; then 34 x 1,000,000 x 4% x $2
    #   = 34 x 80,000 = 2,720,000; total 3,200,000
    w = Workload(queries_per_month=1e6, cost_per_error_usd=2, accuracy_prompting_pct=88, accuracy_fine_tuned_pct=96)
    r = compute_tco(w, Assumptions())
    assert r.prompt_engineering.breakdown["errors"] == 8_640_000.0
    assert r.fine_tuning.breakdown["errors"] == 3_200_000.0
    assert r.prompt_engineering.groups["errors"] == 8_640_000.0
    assert r.fine_tuning.monthly_usd[2] < r.fine_tuning.monthly_usd[1]  # errors fall at go-live...
    assert r.cheaper == "fine_tuning"  # ...and the comparison turns
    plain = compute_tco(Workload(queries_per_month=1e6), Assumptions())
    assert plain.cheaper == "prompt_engineering" and "errors" not in plain.prompt_engineering.breakdown


def test_typical_accuracies_are_ranged_when_none_was_measured() -> None:
    # Unmeasured: 88.5% and 95% (the article's 85-92% and 92-98%), drawn by the uncertainty analysis.
    r = compute_tco(Workload(cost_per_error_usd=1), Assumptions(), uncertainty_draws=500)
    rows = {row.name: row for row in r.assumptions}
    assert (rows["typical_accuracy_prompting_pct"].low, rows["typical_accuracy_prompting_pct"].high) == (85, 92)
    assert r.uncertainty is not None and "typical_accuracy_fine_tuned_pct" in r.uncertainty.varied
    # 100,000 x 11.5% x $1 x 36 = 414,000.
    assert r.prompt_engineering.breakdown["errors"] == pytest.approx(414_000.0)
    # Measured on the named model, the typical figure still prices the other prompting paths' assumed
    # accuracies (gpt-4.1-nano, the open models), so it stays; with every path measured it goes.
    measured = compute_tco(Workload(cost_per_error_usd=1, accuracy_prompting_pct=90), Assumptions())
    names = {row.name for row in measured.assumptions}
    assert "accuracy_prompting_pct" in names and "typical_accuracy_prompting_pct" in names
    alone = compute_tco(Workload(cost_per_error_usd=1, accuracy_prompting_pct=90),
                        Assumptions(candidates="gpt-4o-mini", input_price_usd_per_mtok=0.15))
    assert [p.id for p in alone.paths if p.adaptation == "prompt"] == ["prompt:gpt-4o-mini@api"]
    assert "typical_accuracy_prompting_pct" not in {row.name for row in alone.assumptions}


def test_pricing_errors_flips_the_verdict() -> None:
    ruleset = load_packs()
    base = Answers(queries_per_month=1_000_000, accuracy_prompting_pct=88, accuracy_fine_tuned_pct=96)
    priced = base.model_copy(update={"cost_per_error_usd": 2.0})
    _, before = evaluate_workload(base, {}, assumptions=Assumptions(), catalogue=Catalogue(), ruleset=ruleset)
    _, after = evaluate_workload(priced, {}, assumptions=Assumptions(), catalogue=Catalogue(), ruleset=ruleset)
    assert before.verdict == "prompt_engineering"
    # Fine-tuning is now 2.6x cheaper; its unmet gates hold it back.
    assert after.verdict == "prompt_engineering_first"
    assert workload_of(priced).cost_per_error_usd == 2.0


def test_an_empty_answer_leaves_the_fact_absent() -> None:
    from tune_or_prompt.facts import build_facts

    facts = build_facts(Answers(), compute_tco(Workload(), Assumptions()))
    assert "cost_per_error_usd" not in facts and "accuracy_prompting_pct" not in facts
