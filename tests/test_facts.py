"""build_facts: answers, derived figures and TCO figures as one flat dict."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tune_or_prompt.answers import Answers
from tune_or_prompt.facts import BUILTIN_FACTS, build_facts, facts_from
from tune_or_prompt.printable import CONTROLS
from tune_or_prompt.tco import Assumptions, Workload, compute_tco
from tune_or_prompt.tco.report import headline


def test_article_example_facts() -> None:
    facts = build_facts(Answers(), compute_tco(Workload(), Assumptions()))
    assert facts["monthly_tokens"] == 250_000_000
    assert facts["daily_tokens"] == pytest.approx(250_000_000 / 30)
    assert facts["tco_prompt_engineering_usd"] == 49_604.93
    assert facts["tco_fine_tuning_usd"] == 123_151.24
    assert facts["tco_savings_with_prompting_usd"] == 73_546.31
    assert facts["tco_cheaper"] == "prompt_engineering"
    assert facts["tco_cost_ratio"] == 2.48
    assert facts["ft_option"] == "serverless_lora:llama-3.1-8b" and facts["ft_option_kind"] == "serverless_lora"
    assert "break_even_month" not in facts  # never within the horizon: absent, not None
    # The serverless LoRA would break even at about 7.4M queries a month (tests/tco/test_breakeven.py).
    assert facts["break_even_queries_per_month"] == pytest.approx(7_361_739, abs=5)
    assert set(facts) <= set(BUILTIN_FACTS)


def test_break_even_month_present_when_fine_tuning_pays_off() -> None:
    dear_api = Assumptions(input_price_usd_per_mtok=10, output_price_usd_per_mtok=30)
    tco = compute_tco(Workload(queries_per_month=1_000_000), dear_api)
    facts = build_facts(Answers(queries_per_month=1_000_000), tco)
    assert facts["tco_cheaper"] == "fine_tuning"
    # Month 1 carries fine-tuning's one-off work, months 1-2 the dear API as prompting's: it pays off in month 3.
    assert facts["break_even_month"] == 3
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


CSV_ANSWERS = st.fixed_dictionaries(
    {},
    optional={
        "queries_per_month": st.sampled_from(["1e5", "250000", "0", "7.5"]),
        "input_tokens": st.integers(1, 10_000),
        "horizon_months": st.sampled_from(["12", "36.0", 60]),
        "privacy": st.sampled_from(["cloud_ok", "on_premise"]),
        "latency_critical": st.sampled_from(["yes", "false", "1", True]),
        "requirements_change": st.sampled_from(["weekly", "rarely"]),
        # Answers refuse control characters (tests/test_robustness.py); any other text is a name.
        "workload": st.text(min_size=1, max_size=20).filter(lambda t: t.strip() and not CONTROLS.search(t)),
    },
)


@given(CSV_ANSWERS)
def test_answer_facts_are_the_models_dump(values: dict[str, Any]) -> None:
    # facts_from copies the model's fields rather than serialising them: the
    # same values of the same types, whatever form the answers came in.
    answers = Answers.model_validate(values)
    facts = facts_from(answers, headline(1.0, 2.0, None, None))
    dumped = {k: v for k, v in answers.model_dump().items() if v is not None}  # an empty answer is no fact
    assert {k: facts[k] for k in dumped} == dumped
    assert all(type(facts[k]) is type(v) for k, v in dumped.items())


def test_figures_that_are_not_finite_are_refused() -> None:
    with pytest.raises(ValueError, match="fact 'tco_fine_tuning_usd' is not a finite number: inf"):
        facts_from(Answers(), headline(1.0, math.inf, None, None))
    with pytest.raises(ValueError, match="fact 'h_ratio' is not a finite number: nan"):
        facts_from(Answers(), headline(1.0, 2.0, None, None), {"h_ratio": math.nan})


def test_headline_rounds_as_the_report_states() -> None:
    # 2.675 is stored as 2.67499999999999982...: rounded to cents, 2.67 (not 2.68).
    # 1999.999 -> 2000.0. Savings 2000.0 - 2.67 = 1997.33; ratio 2000 / 2.67 =
    # 749.0636... -> 749.06; the volume to 0.1 query: 15000.04999 -> 15000.0.
    h = headline(2.675, 1999.999, 3, 15_000.04999)
    assert h == (2.67, 2000.0, 1997.33, "prompt_engineering", 749.06, 3, 15_000.0, None, None)
    assert headline(10.001, 10.004, None, None).cheaper == "tie"  # both 10.0: under half a cent apart
    assert headline(0.0, 5.0, None, None).cost_ratio is None  # the cheaper path costs nothing
    report = compute_tco(Workload(), Assumptions())
    assert report.headline() == (49_604.93, 123_151.24, 73_546.31, "prompt_engineering", 2.48, None,
                                 report.break_even.queries_per_month, None, "serverless_lora:llama-3.1-8b")


def test_an_answer_that_skipped_validation_is_still_checked_finite() -> None:
    # model_copy(update=...) does not validate: the facts stage still refuses inf.
    answers = Answers().model_copy(update={"accuracy_target_pct": math.inf})
    with pytest.raises(ValueError, match="fact 'accuracy_target_pct' is not a finite number: inf"):
        facts_from(answers, headline(1.0, 2.0, None, None))


def test_a_sum_that_overflows_from_finite_facts_is_not_an_error() -> None:
    facts = facts_from(Answers(), headline(1.7e308, 1.7e308, None, None))
    assert facts["tco_prompt_engineering_usd"] == 1.7e308
