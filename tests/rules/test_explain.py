"""Why a rule did not fire: the first failing comparison, in words and as data.

On the article's example every built-in rule that does not fire is named with
its failing comparison; the explanation agrees with the engine on random
rule sets and facts; ``decide --format json`` carries ``not_fired``; the HTML
memo lists the rules that did not fire, collapsed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.rules import generated
from tests.rules.generated import SEED, random_facts
from tune_or_prompt.rules import ReferenceEngine, RuleSet, evaluate
from tune_or_prompt.rules.conditions import All, AnyOf, Cmp, Not
from tune_or_prompt.rules.explain import (
    failure_words,
    first_failure,
    holds,
    meet_words,
    nnf,
    to_meet,
)

RunCli = Callable[..., tuple[int, str, str]]
RULES = Path(__file__).resolve().parents[2] / "rules"


def where(pack_file: str, entry: str) -> str:
    """``rules/FILE:LINE`` of an entry of a built-in pack (its ``- id: ...`` line)."""
    lines = (RULES / pack_file).read_text(encoding="utf-8").splitlines()
    return f"rules/{pack_file}:{lines.index(f'  - id: {entry}') + 1}"


# The article's example: 250,000,000 tokens a month, 90% accuracy, monthly
# changes, a $5,000 budget, cloud_ok, one task, and prompting cheaper.
EXAMPLE_NOT_FIRED = {
    "volume-below-1m-tokens": "monthly_tokens = 250,000,000, needs < 1,000,000",
    "accuracy-above-95": "accuracy_target_pct = 90, needs > 95",
    "weekly-requirement-changes": "requirements_change = monthly, needs weekly",
    "budget-below-5k": "monthly_budget_usd = 5,000, needs < 5,000",
    "latency-critical": "latency_critical = false, needs true",
    "consistency-critical": "consistency_critical = false, needs true",
    "many-tasks-one-model": "tasks_sharing_model = 1, needs ≥ 2",
    "tco-favours-fine-tuning": "tco_cheaper = prompt_engineering, needs fine_tuning",
    # 100,000 queries against the 6,388,093 at which an A100 fleet breaks even.
    "volume-near-break-even": "volume_vs_break_even = 0.0136, needs ≥ 0.8",
}


def test_article_example_names_the_failing_comparison_of_every_rule_not_fired(
    builtin: RuleSet, example_facts: dict[str, Any]
) -> None:
    decision = evaluate(example_facts, builtin)
    assert {r.id: r.reason for r in decision.not_fired} == EXAMPLE_NOT_FIRED
    accuracy = next(r for r in decision.not_fired if r.id == "accuracy-above-95")
    assert accuracy.failed.model_dump() == {
        "fact": "accuracy_target_pct", "operator": "gt", "expected": 95, "actual": 90, "or_absent": False
    }
    assert accuracy.source == where("10-decision-tree.yaml", "accuracy-above-95")


def test_rules_explain_on_the_article_example(run_cli: RunCli) -> None:
    code, out, err = run_cli("rules", "explain")
    assert code == 0
    assert "explaining the article's example workload" in err
    for rule_id, reason in EXAMPLE_NOT_FIRED.items():
        assert f"rule {rule_id} (" in out and f"): not fired: {reason}\n" in out
    assert (f"rule tco-favours-prompting (costs, {where('30-costs.yaml', 'tco-favours-prompting')}): fired "
            "(strong, for prompt engineering)") in out
    gate_at = where("40-validation-steps.yaml", "prompt-limits-validated")
    assert (
        f"gate prompt-limits-validated (validation-steps, {gate_at}"
        "): unmet; "
        "to meet it: prompt_iterations ≥ 20 (now 0), prompting_plateaued = true (now false)"
    ) in out
    assert "to meet it: break_even_month known (now never within the horizon)" in out
    advice_at = where("40-validation-steps.yaml", "plan-retraining")
    assert f"advice plan-retraining (validation-steps, {advice_at}): to do" in out


def test_rules_explain_one_rule_as_json(run_cli: RunCli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("accuracy_target_pct: 97\nproduction_data_months: 3\n", encoding="utf-8")
    code, out, _ = run_cli("rules", "explain", "--answers", str(answers), "--rule", "production-evidence",
                           "--format", "json")
    assert code == 0
    assert json.loads(out) == [{
        "id": "production-evidence",
        "kind": "gate",
        "pack": "validation-steps",
        "source": where("40-validation-steps.yaml", "production-evidence"),
        "outcome": "unmet",
        "condition": "production_data_months ≥ 6",
        "failed": None,
        "reason": None,
        "to_meet": ["production_data_months ≥ 6 (now 3)"],
    }]
    code, _, err = run_cli("rules", "explain", "--rule", "accuracy-abve-95")
    assert code == 2
    assert "no rule or step 'accuracy-abve-95' in effect; did you mean 'accuracy-above-95'?" in err


def c(fact: str, op: str, value: Any) -> Cmp:
    return Cmp(fact, op, value, ())


def test_not_reports_the_negated_comparison_and_that_absence_would_do() -> None:
    form = nnf(Not(c("x", "lt", 5)))
    found = first_failure(form, {"x": 3})
    assert found is not None
    assert (found.operator, found.expected, found.actual, found.or_absent) == ("gte", 5, 3, True)
    assert failure_words(found) == "x = 3, needs ≥ 5 (or absent)"
    assert first_failure(form, {}) is None  # not (x < 5) holds when x is absent


def test_absent_facts_and_exists() -> None:
    found = first_failure(nnf(c("break_even_month", "lte", 12)), {})
    assert found is not None
    assert failure_words(found) == "break_even_month is absent (never within the horizon), needs ≤ 12"
    found = first_failure(nnf(Not(c("x", "exists", True))), {"x": 1})
    assert found is not None
    assert failure_words(found) == "x = 1, needs to be absent"


def test_all_reports_its_first_failure_and_any_its_first_alternative() -> None:
    facts = {"a": 1, "b": 2}
    both = All((c("a", "gt", 5), c("b", "gt", 5)))
    assert failure_words(first_failure(nnf(both), facts)) == "a = 1, needs > 5"  # type: ignore[arg-type]
    either = AnyOf((c("a", "in", [7, 8]), c("b", "not_in", [2])))
    assert failure_words(first_failure(nnf(either), facts)) == "a = 1, needs one of {7, 8}"  # type: ignore[arg-type]


def test_to_meet_lists_every_failing_part_of_all_and_the_cheapest_alternative_of_any() -> None:
    facts = {"a": 1, "b": 2, "c": 3}
    cond = AnyOf((All((c("a", "gt", 5), c("b", "gt", 5))), c("c", "eq", 4)))
    assert [meet_words(f) for f in to_meet(nnf(cond), facts)] == ["c = 4 (now 3)"]
    cond = All((c("a", "gt", 5), c("b", "lt", 5), c("c", "gte", 9)))
    assert [meet_words(f) for f in to_meet(nnf(cond), facts)] == ["a > 5 (now 1)", "c ≥ 9 (now 3)"]


@pytest.fixture(scope="module")
def random_ruleset(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    return generated.random_ruleset(tmp_path_factory.mktemp("packs"))


def test_explanation_agrees_with_the_engine_on_random_rules(random_ruleset: RuleSet) -> None:
    engine = ReferenceEngine()
    rng = random.Random(SEED + 7)
    explained = 0
    for _ in range(500):
        facts = random_facts(rng)
        decision = evaluate(facts, random_ruleset, engine=engine)
        fired = {r.id for r in decision.fired}
        assert {r.id for r in decision.not_fired} == {r.id for r in random_ruleset.rules} - fired
        for rule in random_ruleset.rules:
            assert holds(nnf(rule.when), facts) == (rule.id in fired)
        for item in decision.not_fired:
            # Worked afresh (no cache), the first failure is the one reported, on these facts' values.
            fresh = first_failure(nnf(random_ruleset.rule(item.id).when), facts)
            assert fresh is not None
            assert item.failed.model_dump() == fresh.as_dict()
            assert item.failed.actual == facts.get(item.failed.fact)
            assert item.reason == failure_words(fresh)
            explained += 1
    assert explained > 2_500  # about 60 rules, most silent, on each of 500 fact sets


def test_decide_json_carries_not_fired(run_cli: RunCli) -> None:
    code, out, _ = run_cli("decide", "--format", "json")
    assert code == 0
    not_fired = json.loads(out)["not_fired"]
    assert [r["id"] for r in not_fired] == list(EXAMPLE_NOT_FIRED)
    assert not_fired[1] == {
        "id": "accuracy-above-95",
        "pack": "decision-tree",
        "source": where("10-decision-tree.yaml", "accuracy-above-95"),
        "failed": {"fact": "accuracy_target_pct", "operator": "gt", "expected": 95, "actual": 90,
                   "or_absent": False},
        "reason": "accuracy_target_pct = 90, needs > 95",
    }


def test_html_memo_lists_the_rules_that_did_not_fire_collapsed(run_cli: RunCli, tmp_path: Path) -> None:
    memo = tmp_path / "memo.html"
    code, _, _ = run_cli("advise", "--defaults", "--draws", "0", "--no-sensitivity", "-o", str(memo))
    assert code == 0
    html = memo.read_text(encoding="utf-8")
    assert '<details class="not-fired">' in html and "<details class=\"not-fired\" open" not in html
    assert "<summary>Did not fire (9 rules)</summary>" in html
    assert "<li><code>accuracy-above-95</code> (decision-tree): accuracy_target_pct = 90, needs &gt; 95</li>" in html
