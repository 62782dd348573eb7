"""Each built-in rule fires on its pass case and stays silent on its fail case.

The cases start from the article's example facts and change only what the
case names, so each row reads as "with these facts, this rule does / does not fire".
"""

from __future__ import annotations

from typing import Any

import pytest

from tune_or_prompt.answers import Answers
from tune_or_prompt.facts import build_facts
from tune_or_prompt.pipeline import workload_of
from tune_or_prompt.rules import RuleSet, evaluate
from tune_or_prompt.tco import Assumptions, compute_tco

# (rule id, fact changes, fires?, strength when it fires)
CASES: list[tuple[str, dict[str, Any], bool, str | None]] = [
    ("volume-below-1m-tokens", {"monthly_tokens": 999_999}, True, "weak"),
    ("volume-below-1m-tokens", {"monthly_tokens": 1_000_000}, False, None),
    ("volume-above-10m-tokens", {"monthly_tokens": 10_000_001}, True, "weak"),
    ("volume-above-10m-tokens", {"monthly_tokens": 10_000_000}, False, None),
    ("accuracy-above-95", {"accuracy_target_pct": 95.5}, True, "strong"),
    ("accuracy-above-95", {"accuracy_target_pct": 95}, False, None),
    ("weekly-requirement-changes", {"requirements_change": "weekly"}, True, "strong"),
    ("weekly-requirement-changes", {"requirements_change": "monthly"}, False, None),
    ("budget-below-5k", {"monthly_budget_usd": 4_999.99}, True, "moderate"),
    ("budget-below-5k", {"monthly_budget_usd": 5_000}, False, None),
    ("volume-near-break-even", {"volume_vs_break_even": 0.8}, True, "moderate"),
    ("volume-near-break-even", {"volume_vs_break_even": 0.79}, False, None),
    ("latency-critical", {"latency_critical": True}, True, "moderate"),
    ("latency-critical", {"latency_critical": False}, False, None),
    ("consistency-critical", {"consistency_critical": True}, True, "moderate"),
    ("consistency-critical", {"consistency_critical": False}, False, None),
    ("many-tasks-one-model", {"tasks_sharing_model": 2}, True, "moderate"),
    ("many-tasks-one-model", {"tasks_sharing_model": 1}, False, None),
    (
        "tco-favours-prompting",
        {"tco_cheaper": "prompt_engineering", "tco_cost_ratio": 1.1},
        True,
        "weak",
    ),
    (
        "tco-favours-prompting",
        {"tco_cheaper": "prompt_engineering", "tco_cost_ratio": 1.2},
        True,
        "moderate",
    ),
    (
        "tco-favours-prompting",
        {"tco_cheaper": "prompt_engineering", "tco_cost_ratio": 5.16},
        True,
        "strong",
    ),
    ("tco-favours-prompting", {"tco_cheaper": "fine_tuning"}, False, None),
    ("tco-favours-prompting", {"tco_cheaper": "tie", "tco_cost_ratio": 1.0}, False, None),
    (
        "tco-favours-fine-tuning",
        {"tco_cheaper": "fine_tuning", "tco_cost_ratio": 1.19},
        True,
        "weak",
    ),
    (
        "tco-favours-fine-tuning",
        {"tco_cheaper": "fine_tuning", "tco_cost_ratio": 2},
        True,
        "strong",
    ),
    ("tco-favours-fine-tuning", {"tco_cheaper": "prompt_engineering"}, False, None),
]


@pytest.mark.parametrize(
    ("rule_id", "changes", "fires", "strength"),
    CASES,
    ids=[f"{c[0]}-{'fires' if c[2] else 'silent'}-{i}" for i, c in enumerate(CASES)],
)
def test_builtin_rule(
    builtin: RuleSet,
    example_facts: dict[str, Any],
    rule_id: str,
    changes: dict[str, Any],
    fires: bool,
    strength: str | None,
) -> None:
    decision = evaluate({**example_facts, **changes}, builtin)
    fired = {r.id: r for r in decision.fired}
    assert (rule_id in fired) is fires
    if fires:
        assert fired[rule_id].strength == strength
        assert fired[rule_id].source.startswith("rules/")
        assert "{" not in fired[rule_id].because


def test_every_builtin_rule_has_cases(builtin: RuleSet) -> None:
    covered = {(c[0], c[2]) for c in CASES}
    for rule in builtin.rules:
        assert (rule.id, True) in covered and (rule.id, False) in covered, rule.id


def test_builtin_rule_ids_are_the_issues(builtin: RuleSet) -> None:
    assert [r.id for r in builtin.rules if r.pack == "decision-tree"] == [
        "volume-below-1m-tokens",
        "volume-above-10m-tokens",
        "accuracy-above-95",
        "weekly-requirement-changes",
        "budget-below-5k",
    ]
    assert {r.id for r in builtin.rules if r.pack == "fit-signals"} == {
        "latency-critical",
        "consistency-critical",
        "many-tasks-one-model",
    }
    assert {r.id for r in builtin.rules if r.pack == "costs"} == {
        "tco-favours-prompting",
        "tco-favours-fine-tuning",
        "volume-near-break-even",
    }
    gates = {s.id for s in builtin.steps if s.blocking}
    assert gates == {"prompt-limits-validated", "production-evidence", "break-even-within-horizon"}


def test_article_example_explains_tree_signal_and_cost_rule(
    builtin: RuleSet, example_facts: dict[str, Any]
) -> None:
    decision = evaluate(example_facts, builtin)
    assert [r.id for r in decision.fired] == ["volume-above-10m-tokens", "tco-favours-prompting"]
    assert decision.verdict == "prompt_engineering"
    assert decision.scores == {"prompt_engineering": 3.0, "fine_tuning": 1.0}
    assert decision.confidence == 0.4
    assert decision.fired[0].facts == {"monthly_tokens": 250_000_000}
    assert "250,000,000 tokens a month" in decision.fired[0].because
    assert "$49,605 against $123,151" in decision.fired[1].because
    assert decision.notes == [
        "Rule volume-above-10m-tokens (pack decision-tree) suggests fine-tuning, but the computed "
        "36-month costs favour prompt engineering 2.5x; the cost rule tco-favours-prompting "
        "prevailed."
    ]


def test_the_cost_note_says_when_wrong_answers_are_priced(builtin: RuleSet) -> None:
    # A 97% target fires the accuracy signal for fine-tuning; with wrong answers at $0.05 each the
    # costs still favour prompting, and the note says the costs include the wrong answers.
    answers = Answers(accuracy_target_pct=97, cost_per_error_usd=0.05)
    report = compute_tco(workload_of(answers), Assumptions())
    assert report.prompt_engineering.breakdown["errors"] > report.fine_tuning.breakdown["errors"] > 0
    decision = evaluate(build_facts(answers, report), builtin)
    assert "accuracy-above-95" in [r.id for r in decision.fired]
    assert any("computed 36-month costs (wrong answers priced at $0.05 each) favour prompt engineering" in note
               for note in decision.notes), decision.notes
