"""Non-interactive runs: --set, --defaults, --no-input, and the answers files written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tune_or_prompt.answers_io import answers_from_values, load_answers_file
from tune_or_prompt.errors import UserError
from tune_or_prompt.questionnaire import (
    Questionnaire,
    answers_text,
    gather,
    parse_set_options,
    save_answers,
    template_text,
    write_template,
)
from tune_or_prompt.rules import load_packs

from .conftest import ACME, EVERY_OPERATOR


def test_set_values_are_parsed_to_each_questions_type(acme: Questionnaire) -> None:
    values = parse_set_options(
        ["queries_per_month=1,000,000", "horizon_months=12", "latency_critical=yes",
         "privacy=on_premise", "workload=Triage = fast", "handles_pii=true"], acme)
    assert values == {"queries_per_month": 1_000_000.0, "horizon_months": 12, "latency_critical": True,
                      "privacy": "on_premise", "workload": "Triage = fast", "handles_pii": True}


def test_bad_set_options_are_all_reported_naming_the_key() -> None:
    with pytest.raises(UserError) as info:
        parse_set_options(["queries_per_mont=5", "horizon_months=1000", "latency_critical=perhaps",
                           "no-equals-sign"], Questionnaire.build())
    text = info.value.render()
    assert "--set queries_per_mont=5: unknown question 'queries_per_mont'; did you mean 'queries_per_month'?" in text
    assert "--set horizon_months=1000: horizon_months must be at most 240 months" in text
    assert "--set latency_critical=perhaps: latency_critical answer yes or no (true/false)" in text
    assert "--set 'no-equals-sign': expected id=value" in text
    assert info.value.message == "4 bad --set options"


def test_no_input_with_a_missing_answer_names_the_question() -> None:
    q = Questionnaire.build()
    given = q.fill_defaults({})
    del given["monthly_budget_usd"]
    with pytest.raises(UserError) as info:
        gather(q, given, interactive=False)
    text = info.value.render()
    assert "question 'monthly_budget_usd' is required: Monthly budget for this feature?" in text
    assert "(e.g. --set monthly_budget_usd=5000)" in text
    assert "1 question unanswered and --no-input was given" in text


def test_many_missing_answers_are_listed_compactly() -> None:
    with pytest.raises(UserError) as info:
        gather(Questionnaire.build(), {}, interactive=False, why_not_interactive="no terminal")
    text = info.value.render()
    assert text.count("is required") == 5
    # The model question waits for the privacy answer: 15 now, 16 once privacy is cloud_ok (the cost
    # of errors may stay empty, so it is never required).
    assert "and 11 more: horizon_months, privacy, accuracy_target_pct," in text
    assert "16 questions unanswered and no terminal" in text


def test_defaults_fill_only_what_is_missing() -> None:
    got = gather(Questionnaire.build(), {"queries_per_month": 7}, use_defaults=True, interactive=False)
    answers, _ = answers_from_values(got.values)
    assert answers.queries_per_month == 7 and answers.horizon_months == 36
    assert got.asked == [] and got.saved_to is None


def test_defaults_with_a_terminal_ask_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # where an answers file would be saved by default
    got = gather(Questionnaire.build(), {}, use_defaults=True, interactive=True)
    assert got.asked == [] and got.saved_to is None
    assert list(tmp_path.iterdir()) == []  # nothing asked, so no answers file written


def test_house_question_without_default_is_required_unless_defaults() -> None:
    q = Questionnaire.build(load_packs([EVERY_OPERATOR]))
    builtins = Questionnaire.build().fill_defaults({})
    with pytest.raises(UserError) as info:
        gather(q, builtins, interactive=False)
    assert "question 'team_size' is required: How many engineers" in info.value.render()
    got = gather(q, builtins, use_defaults=True, interactive=False)
    assert got.values["region"] == "eu" and "team_size" not in got.values  # the fact stays absent


def test_conditional_question_is_required_only_when_it_applies() -> None:
    q = Questionnaire.build()
    given = q.fill_defaults({})
    gather(q, given, interactive=False)  # 0 iterations: the plateau question does not apply
    with pytest.raises(UserError) as info:
        gather(q, {**given, "prompt_iterations": 30}, interactive=False)
    assert "'prompting_plateaued' is required" in info.value.render()


def test_given_values_are_checked() -> None:
    with pytest.raises(UserError) as info:
        gather(Questionnaire.build(), {"horizon_months": 999}, use_defaults=True, interactive=False)
    assert "horizon_months must be at most 240 months" in info.value.render()


def test_non_interactive_run_saves_only_when_asked_to(tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    got = gather(Questionnaire.build(), {"workload": "Triage"}, use_defaults=True, interactive=False,
                 save_to=saved)
    assert got.saved_to == saved
    assert load_answers_file(saved) == got.values


def test_saved_file_replays_exactly_with_a_header(tmp_path: Path) -> None:
    q = Questionnaire.build(load_packs([ACME]))
    values = {**q.fill_defaults({}), "workload": "yes", "queries_per_month": 123_456.5,
              "api_model": "ft:gpt-4o-mini: # odd", "handles_pii": True}
    path = tmp_path / "answers.yaml"
    save_answers(path, q, values, command="tune-or-prompt advise --answers answers.yaml")
    text = path.read_text()
    assert text.startswith("# tune-or-prompt answers")
    assert "# Replay the run with: tune-or-prompt advise --answers answers.yaml\n" in text
    assert "# How many queries a month? [queries/month]\nqueries_per_month: 123456.5\n" in text
    assert 'workload: "yes"' in text  # quoted: YAML 1.1 tools would read a boolean
    assert load_answers_file(path, load_packs([ACME])) == values


def test_answers_text_notes_what_is_still_unanswered() -> None:
    text = answers_text(Questionnaire.build(), {"workload": "x"}, command="c")
    assert "# 16 questions still unanswered; the same command asks them." in text  # 18 - 1 - the model


def test_template_lists_every_question_commented_and_loads_back(tmp_path: Path) -> None:
    q = Questionnaire.build(load_packs([EVERY_OPERATOR]))
    path = tmp_path / "template.yaml"
    write_template(path, q)
    text = path.read_text()
    assert text == template_text(q)
    for spec in q:
        assert f"\n# {spec.id}:" in text
    assert "# How many queries a month? [queries/month]\n#   Requests to the model" in text
    assert "#   (number, 0 to 1,000,000,000,000)\n# queries_per_month: 100000\n" in text
    assert "#   (yes or no; asked only when prompt_iterations > 0)" in text
    assert "#   (whole number, 1 to 500; no default)\n# team_size:\n" in text
    assert load_answers_file(path, load_packs([EVERY_OPERATOR])) == {}
    # Uncommenting every line that has a value gives the defaults back.
    filled = tmp_path / "filled.yaml"
    filled.write_text("\n".join(
        line[2:] if line.startswith("# ") and ": " in line and not line.startswith("#  ")
        and line[2:].split(":")[0] in q.ids() else line
        for line in text.splitlines()))
    assert load_answers_file(filled, load_packs([EVERY_OPERATOR])) == {
        k: v for k, v in q.fill_defaults({}).items()} | {"prompting_plateaued": False}


def test_acme_fixture_path_exists() -> None:
    assert ACME.is_file()
