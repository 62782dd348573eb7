"""Question specs: read off the Answers model and the packs, with their types, ranges and conditions."""

from __future__ import annotations

import pytest

from tune_or_prompt.answers import Answers
from tune_or_prompt.errors import UserError
from tune_or_prompt.questionnaire import Condition, Questionnaire


def test_every_answers_field_is_a_question_in_model_order_with_its_prompt_and_default() -> None:
    q = Questionnaire.build()
    assert q.ids() == list(Answers.model_fields)
    volume = q.get("queries_per_month")
    assert volume.prompt == "How many queries a month?"
    assert (volume.kind, volume.unit, volume.default, volume.minimum) == ("float", "queries/month", 100_000, 0)
    assert volume.help.startswith("Requests to the model")
    assert q.get("horizon_months").kind == "int"
    assert (q.get("horizon_months").minimum, q.get("horizon_months").maximum) == (1, 240)
    assert q.get("privacy").choices == ("cloud_ok", "on_premise")
    assert q.get("latency_critical").kind == "bool"
    assert q.get("workload").max_length == 200


def test_defaults_are_the_articles_example() -> None:
    q = Questionnaire.build()
    filled = q.fill_defaults({})
    assert Answers.model_validate(filled) == Answers()
    assert "prompting_plateaued" not in filled  # conditional: not asked at 0 iterations


def test_house_questions_follow_the_builtins(acme: Questionnaire, every_operator: Questionnaire) -> None:
    assert acme.ids()[-1] == "handles_pii"
    pii = acme.get("handles_pii")
    assert (pii.kind, pii.default, pii.house) == ("bool", False, True)
    region, team = every_operator.get("region"), every_operator.get("team_size")
    assert (region.kind, region.choices, region.default) == ("choice", ("eu", "us", "apac"), "eu")
    assert (team.kind, team.minimum, team.maximum, team.default) == ("int", 1, 500, None)


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("queries_per_month", "250,000", 250_000.0),
        ("queries_per_month", "250_000", 250_000.0),
        ("queries_per_month", "2.5e5", 250_000.0),
        # Amounts as the questions' help writes them ("below $5K"): k and M suffixes, $ on USD amounts.
        ("monthly_budget_usd", "$20k", 20_000.0),
        ("monthly_budget_usd", "$5K", 5_000.0),
        ("monthly_budget_usd", "$20,000", 20_000.0),
        ("cost_per_error_usd", "$2.50", 2.5),
        ("queries_per_month", "250k", 250_000.0),
        ("queries_per_month", "1.5M", 1_500_000.0),
        ("queries_per_month", "0.3k", 300.0),  # exactly, not 300.00000000000006
        ("tasks_sharing_model", "2k", 2_000),
        ("horizon_months", " 24 ", 24),
        ("latency_critical", "yes", True),
        ("latency_critical", "N", False),
        ("latency_critical", "false", False),
        ("privacy", "on_premise", "on_premise"),
        ("workload", "Invoice triage", "Invoice triage"),
    ],
)
def test_typed_text_becomes_a_typed_answer(question: str, text: str, expected: object) -> None:
    value = Questionnaire.build().get(question).parse(text)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("question", "text", "reason"),
    [
        ("queries_per_month", "lots", "enter a number, e.g. 100000"),
        ("queries_per_month", "$5", "enter a number, e.g. 100000"),  # $ only on an amount in USD
        ("queries_per_month", "k", "enter a number, e.g. 100000"),
        ("queries_per_month", "2kk", "enter a number, e.g. 100000"),
        ("monthly_budget_usd", "-$5", "enter a number, e.g. 5000"),
        ("horizon_months", "0.0125k", "enter a whole number"),
        ("queries_per_month", "-5", "must be at least 0 queries/month"),
        ("accuracy_target_pct", "120", "must be at most 100%"),
        ("growth_pct_per_month", "-100", "must be at least -99% per month"),
        ("horizon_months", "12.5", "enter a whole number"),
        ("horizon_months", "300", "must be at most 240 months"),
        ("queries_per_month", "nan", "enter a finite number"),
        ("latency_critical", "maybe", "answer yes or no (true/false)"),
        ("privacy", "cloud", "choose one of cloud_ok, on_premise"),
        ("workload", "   ", "must not be empty"),
        ("workload", "x" * 201, "must be at most 200 characters"),
    ],
)
def test_bad_text_is_refused_with_the_reason(question: str, text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=f"^{reason}$".replace("(", r"\(").replace(")", r"\)")):
        Questionnaire.build().get(question).parse(text)


def test_house_question_checks_use_the_packs_rule(every_operator: Questionnaire) -> None:
    team = every_operator.get("team_size")
    assert team.parse("12") == 12
    with pytest.raises(ValueError, match=r"^must be at most 500$"):
        team.parse("600")
    with pytest.raises(ValueError, match="choose one of eu, us, apac"):
        every_operator.get("region").parse("mars")


def test_file_values_are_checked_strictly() -> None:
    q = Questionnaire.build()
    with pytest.raises(ValueError):
        q.get("latency_critical").check("yes")  # a YAML string is not a boolean
    assert q.get("queries_per_month").check(5) == 5.0


def test_conditional_question_applies_only_after_some_iterations() -> None:
    plateau = Questionnaire.build().get("prompting_plateaued")
    assert plateau.ask_if == Condition("prompt_iterations", ">", 0)
    assert plateau.applies({"prompt_iterations": 0}) is False
    assert plateau.applies({"prompt_iterations": 3}) is True
    assert plateau.applies({}) is None  # not known until the earlier question is answered


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a >= 2", Condition("a", ">=", 2)), ("b!=0", Condition("b", "!=", 0)), ("c < 1.5", Condition("c", "<", 1.5)),
     ("privacy == cloud_ok", Condition("privacy", "==", "cloud_ok")), ("p!=x", Condition("p", "!=", "x"))],
)
def test_condition_parsing(text: str, expected: Condition) -> None:
    assert Condition.parse(text) == expected
    assert Condition.parse(str(expected)) == expected


@pytest.mark.parametrize("text", ["privacy > cloud_ok", "a == two words", "no operator"])
def test_condition_parsing_refuses_what_it_cannot_compare(text: str) -> None:
    with pytest.raises(ValueError, match="ask_if"):
        Condition.parse(text)


def test_privacy_comes_before_the_api_model_which_only_a_cloud_api_needs() -> None:
    q = Questionnaire.build()
    assert q.ids().index("privacy") < q.ids().index("api_model")
    model = q.get("api_model")
    assert str(model.ask_if) == "privacy == cloud_ok"
    assert model.applies({"privacy": "cloud_ok"}) is True
    assert model.applies({"privacy": "on_premise"}) is False
    # Every other built-in question applies whatever the privacy answer.
    others = [s.id for s in q if s.id != "api_model" and s.applies({"privacy": "on_premise"}) is False]
    assert others == []
    # An on-premise run with --defaults leaves the model unanswered (the model's default is never used).
    filled = q.fill_defaults({"privacy": "on_premise"})
    assert "api_model" not in filled and filled["privacy"] == "on_premise"


def test_unknown_question_suggests_a_close_id() -> None:
    q = Questionnaire.build()
    with pytest.raises(UserError, match="did you mean 'queries_per_month'"):
        q.get("queries_per_mont")
    with pytest.raises(UserError, match="did you mean 'queries_per_month'"):
        q.get("queries")
    with pytest.raises(UserError, match="`tune-or-prompt questions` lists them"):
        q.get("zzz")


def test_range_text_in_words() -> None:
    q = Questionnaire.build()
    assert q.get("accuracy_target_pct").range_text() == "number, 0 to 100"
    assert q.get("tasks_sharing_model").range_text() == "whole number, 1 to 1,000,000"
    assert q.get("requirements_change").range_text() == "one of weekly, monthly, quarterly, rarely"
    assert q.get("latency_critical").range_text() == "yes or no"
