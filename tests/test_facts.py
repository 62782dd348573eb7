"""build_facts: answers, derived figures and TCO figures as one flat dict."""

from __future__ import annotations

import pytest

from tune_or_prompt.answers import Answers
from tune_or_prompt.facts import BUILTIN_FACTS, build_facts
from tune_or_prompt.tco import Assumptions, Workload, compute_tco


def test_article_example_facts() -> None:
    facts = build_facts(Answers(), compute_tco(Workload(), Assumptions()))
    assert facts["monthly_tokens"] == 250_000_000
    assert facts["daily_tokens"] == pytest.approx(250_000_000 / 30)
    assert facts["tco_prompt_engineering_usd"] == 49_776.0
    assert facts["tco_fine_tuning_usd"] == 256_750.8
    assert facts["tco_savings_with_prompting_usd"] == 206_974.8
    assert facts["tco_cheaper"] == "prompt_engineering"
    assert facts["tco_cost_ratio"] == 5.16
    assert "break_even_month" not in facts  # never within the horizon: absent, not None
    assert "break_even_queries_per_month" not in facts
    assert set(facts) <= set(BUILTIN_FACTS)


def test_break_even_month_present_when_fine_tuning_pays_off() -> None:
    dear_api = Assumptions(input_price_usd_per_mtok=10, output_price_usd_per_mtok=30)
    tco = compute_tco(Workload(queries_per_month=1_000_000), dear_api)
    facts = build_facts(Answers(queries_per_month=1_000_000), tco)
    assert facts["tco_cheaper"] == "fine_tuning"
    assert facts["break_even_month"] == 1
    assert facts["break_even_queries_per_month"] == tco.break_even.queries_per_month


def test_house_facts_join_and_unanswered_stay_absent() -> None:
    tco = compute_tco(Workload(), Assumptions())
    facts = build_facts(Answers(), tco, {"handles_pii": True, "team": None})
    assert facts["handles_pii"] is True
    assert "team" not in facts
    with pytest.raises(ValueError, match="clashes with a built-in fact"):
        build_facts(Answers(), tco, {"privacy": "on_premise"})


def test_vocabulary_types_follow_the_answers_model() -> None:
    assert BUILTIN_FACTS["latency_critical"].type == "bool"
    assert BUILTIN_FACTS["tasks_sharing_model"].type == "number"
    assert BUILTIN_FACTS["requirements_change"].choices == (
        "weekly",
        "monthly",
        "quarterly",
        "rarely",
    )
    assert BUILTIN_FACTS["tco_cheaper"].origin == "tco"
