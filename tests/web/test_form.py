"""The form asks what the terminal asks and refuses what the terminal refuses, with the same words."""

from __future__ import annotations

from pathlib import Path

import pytest

from tune_or_prompt.questionnaire import Questionnaire
from tune_or_prompt.rules import load_packs
from tune_or_prompt.web import form
from tune_or_prompt.web.setup import ServeSetup, load_setup

PACK = Path(__file__).parents[2] / "examples" / "acme-policy.yaml"


def _read(setup: ServeSetup, **texts: str) -> form.Reading:
    return form.read(setup.questionnaire, texts, {"api_model": setup.catalogue.check_model})


def test_an_untouched_form_holds_every_default(setup: ServeSetup) -> None:
    reading = _read(setup)
    assert reading.errors == {}
    assert reading.values == setup.questionnaire.fill_defaults({})


@pytest.mark.parametrize(("question", "text"), [
    ("queries_per_month", "lots"),
    ("queries_per_month", "-5"),
    ("horizon_months", "12.5"),
    ("accuracy_target_pct", "101"),
    ("privacy", "maybe"),
    ("latency_critical", "perhaps"),
])
def test_a_refusal_gives_the_terminal_reason(setup: ServeSetup, question: str, text: str) -> None:
    spec = setup.questionnaire.get(question)
    with pytest.raises(ValueError, match=r"\w") as terminal:
        spec.parse(text)
    reading = _read(setup, **{question: text})
    assert reading.errors == {question: str(terminal.value)}
    assert question not in reading.values


def test_numbers_take_thousands_separators_as_in_the_terminal(setup: ServeSetup) -> None:
    assert _read(setup, queries_per_month="2,500,000").values["queries_per_month"] == 2_500_000


def test_an_empty_required_answer_is_refused_and_an_empty_optional_one_left_out(setup: ServeSetup) -> None:
    reading = _read(setup, workload=" ", cost_per_error_usd="")
    assert reading.errors == {"workload": form.REQUIRED}
    assert "cost_per_error_usd" not in reading.values


def test_an_unknown_api_model_is_refused_with_a_close_match(setup: ServeSetup) -> None:
    reading = _read(setup, api_model="gpt-4o-minii")
    assert "gpt-4o-mini" in reading.errors["api_model"]


def test_on_premise_hides_and_skips_the_api_questions(setup: ServeSetup) -> None:
    cloud = _read(setup)
    premise = _read(setup, privacy="on_premise", api_model="no such model")
    hidden = set(cloud.shown) - set(premise.shown)
    assert "api_model" in hidden
    assert premise.errors == {}  # a hidden question is not judged
    assert hidden.isdisjoint(premise.values)
    assert hidden == {s.id for s in setup.questionnaire if s.ask_if is not None and s.ask_if.question == "privacy"}


def test_a_house_pack_adds_its_questions() -> None:
    setup = load_setup(rules=[PACK])
    ids = [f.id for f in form.field_views(setup.questionnaire, _read(setup))]
    assert ids == Questionnaire.build(load_packs([PACK])).ids()
    assert "handles_pii" in ids
    reading = _read(setup, handles_pii="yes")
    assert reading.values["handles_pii"] is True
    assert _read(setup, handles_pii="sometimes").errors == {"handles_pii": "answer yes or no (true/false)"}


def test_the_query_string_reopens_the_same_answers(setup: ServeSetup) -> None:
    from urllib.parse import parse_qsl

    reading = _read(setup, queries_per_month="777000", privacy="on_premise")
    again = _read(setup, **dict(parse_qsl(reading.query())))
    assert again.values == reading.values
    assert "api_model=" not in reading.query()  # a question that does not apply is not in the link


def test_a_text_longer_than_the_bound_is_refused(setup: ServeSetup) -> None:
    reading = _read(setup, workload="x" * (form.MAX_TEXT + 1))
    assert reading.errors == {"workload": f"must be at most {form.MAX_TEXT:,} characters"}


def test_the_start_answers_cost_assumptions_price_every_memo(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("queries_per_month: 250000\ncandidates: gpt-4.1-nano\nstart_month: 2026-06\n")
    setup = load_setup(rules=[], answers=answers)
    assert setup.start_values == {"queries_per_month": 250000}
    assert (setup.assumptions.candidates, setup.assumptions.start_month) == ("gpt-4.1-nano", "2026-06")
