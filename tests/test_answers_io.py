"""Answers files: positions on every error, house answers by id, and the built-in/house split."""

from __future__ import annotations

from pathlib import Path

import pytest

from tune_or_prompt.answers_io import answers_from_values, load_answers_file
from tune_or_prompt.errors import UserError
from tune_or_prompt.rules import load_packs

ACME = Path(__file__).parent / "assets" / "packs" / "good_acme_policy.yaml"


def test_good_file_with_a_house_answer(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("queries_per_month: 5000\nhandles_pii: true\n")
    ruleset = load_packs([ACME])
    values = load_answers_file(path, ruleset)
    answers, house = answers_from_values(values, ruleset)
    assert answers.queries_per_month == 5000
    assert house == {"handles_pii": True}


def test_unknown_key_out_of_range_and_bad_house_value_all_reported(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("queries_per_mont: 5\naccuracy_target_pct: 120\nhandles_pii: maybe\n")
    with pytest.raises(UserError) as info:
        load_answers_file(path, load_packs([ACME]))
    text = info.value.render()
    assert f"{path}:1:1: unknown answer 'queries_per_mont'" in text
    assert "did you mean 'queries_per_month'?" in text
    assert f"{path}:2:1: accuracy_target_pct: Input should be less than or equal to 100" in text
    assert f"{path}:3:1: handles_pii: expected true or false, got 'maybe'" in text


def test_house_id_is_unknown_without_its_pack(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("handles_pii: true\n")
    with pytest.raises(UserError, match="1 error"):
        load_answers_file(path)


def test_values_split_defaults_and_errors() -> None:
    ruleset = load_packs([ACME])
    answers, house = answers_from_values({}, ruleset)
    assert answers.queries_per_month == 100_000
    assert house == {"handles_pii": False}  # the question's default
    with pytest.raises(UserError, match="unknown answer 'handles_pi'; did you mean 'handles_pii'"):
        answers_from_values({"handles_pi": True}, ruleset)
    with pytest.raises(UserError) as info:
        answers_from_values({"handles_pii": 3}, ruleset)
    assert "house question handles_pii: expected true or false, got 3" in info.value.render()


def test_cost_assumptions_load_beside_the_answers_and_split_off(tmp_path: Path) -> None:
    from tune_or_prompt.answers_io import split_assumptions

    path = tmp_path / "answers.yaml"
    path.write_text("queries_per_month: 5000\ncandidates: +gpt-4o\nstart_month: 2026-06\n")
    answers, costs = split_assumptions(load_answers_file(path))
    assert answers == {"queries_per_month": 5000}
    assert costs == {"candidates": "+gpt-4o", "start_month": "2026-06"}


def test_cost_assumptions_are_checked_as_their_flags_with_positions(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("start_month: 2026-6\ncandidates: 12\ncandidate: x\n")
    with pytest.raises(UserError) as info:
        load_answers_file(path)
    text = info.value.render()
    assert f"{path}:1:1: start_month: String should match pattern" in text
    assert f"{path}:2:1: candidates: Input should be a valid string" in text
    assert f"{path}:3:1: unknown answer 'candidate'" in text and "did you mean 'candidates'?" in text


def test_only_answers_files_take_cost_assumptions(tmp_path: Path) -> None:
    from tune_or_prompt.answers_io import answer_problems
    from tune_or_prompt.yamlfile import parse_yaml

    doc = parse_yaml("candidates: gpt-4.1-nano\n", tmp_path / "case.yaml", "rule tests")
    assert [p.message for p in answer_problems(doc, doc.data)] == ["unknown answer 'candidates'"]
    assert answer_problems(doc, doc.data, assumptions=True) == []
