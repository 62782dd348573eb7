"""``rules lint``: each check on a pack written to trigger it, nothing on the built-ins.

Fixtures are under ``tests/assets/lint/``. The witness of two contradictory
required rules is checked end to end: written as an answers file and fed to
``decide``, it must give ``undecided`` with both rules fired.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tune_or_prompt.ruletools.lint import lint

ASSETS = Path(__file__).parent.parent / "assets" / "lint"
RunCli = Callable[..., tuple[int, str, str]]


def findings(*names: str) -> list[tuple[str, str, str, int | None, int | None]]:
    report = lint([ASSETS / n for n in names])
    return [
        (
            f.code,
            f.severity,
            f.subject,
            f.problem.location.line if f.problem.location else None,
            f.problem.location.column if f.problem.location else None,
        )
        for f in report.findings
    ]


def test_builtin_packs_lint_clean(run_cli: RunCli) -> None:
    assert lint([]).findings == []
    code, out, _ = run_cli("rules", "lint", "--strict")
    assert (code, out) == (0, "rules lint: no findings.\n")


def test_flawed_pack_findings(run_cli: RunCli) -> None:
    assert findings("flawed.yaml") == [
        # monthly_tokens > 10,000,000 and < 5,000,000: points at the second comparison.
        ("never-holds", "error", "rule volume-window", 18, 28),
        # accuracy_target_pct is 0 to 100, so > 950 never holds.
        ("out-of-range", "error", "rule near-perfect-accuracy", 24, 29),
        ("required-conflict", "error", "rule small-budget-prompting", 40, 5),
        # handles_phi: no question provides it (the pack asks handles_pii).
        ("unknown-fact", "error", "", 44, 7),
        # security_tier is an integer question from 1 to 3: >= 1 holds whenever it is answered.
        ("always-holds", "warning", "rule any-tier", 50, 23),
        # production_data_months >= 12 and < 6 on a gate.
        ("gate-never-met", "error", "step impossible-gate", 61, 36),
    ]
    path = ASSETS / "flawed.yaml"
    code, out, _ = run_cli("rules", "lint", str(path))
    assert code == 2
    assert (
        f"{path}:24:29: error [out-of-range] rule near-perfect-accuracy: accuracy_target_pct > 950 never "
        "holds: accuracy_target_pct is 0 to 100 (the answer's allowed range)\n"
        "        accuracy_target_pct: {gt: 950}\n"
        "                              ^^\n"
        "  help: use a threshold within 0 to 100; check the unit (a percentage is 0 to 100)\n"
    ) in out
    assert f"{path}:44:7: error [unknown-fact] unknown fact 'handles_phi'" in out
    assert "help: did you mean 'handles_pii'?" in out
    assert out.endswith("rules lint: 5 errors, 1 warning.\n")


def witness_of(run_cli: RunCli, *packs: Path) -> dict[str, Any]:
    code, out, _ = run_cli("rules", "lint", *map(str, packs), "--format", "json")
    assert code == 2
    (conflict,) = [f for f in json.loads(out) if f["code"] == "required-conflict"]
    assert "and the verdict is undecided" in conflict["message"]
    witness: dict[str, Any] = conflict["witness"]
    return witness


@pytest.mark.parametrize("linted", ["flawed.yaml", "required_conflict.yaml"])
def test_required_conflict_witness_gives_undecided_in_decide(
    run_cli: RunCli, tmp_path: Path, linted: str
) -> None:
    witness = witness_of(run_cli, ASSETS / linted)
    # handles_pii and more than 1M tokens a month (401 queries x 2,500 tokens);
    # the default budget, $5,000, is under the other rule's $10,000.
    assert witness == {"handles_pii": True, "queries_per_month": 401}
    answers = tmp_path / "witness.json"  # JSON is YAML: an answers file either way
    answers.write_text(json.dumps(witness), encoding="utf-8")
    code, out, _ = run_cli(
        "decide", "--answers", str(answers), "--rules", str(ASSETS / "required_conflict.yaml"), "--format", "json"
    )
    assert code == 0
    decision = json.loads(out)
    assert decision["verdict"] == "undecided"
    assert {"pii-needs-fine-tuning", "small-budget-prompting"} <= {r["id"] for r in decision["fired"]}


def test_required_rules_that_exclude_each_other_are_fine() -> None:
    assert findings("exclusive_required.yaml") == []


def test_required_rules_on_costs_get_a_witness_from_the_volume_ladder(tmp_path: Path) -> None:
    pack = tmp_path / "costly.yaml"
    pack.write_text(
        """\
pack: costly
rules:
  - id: cheaper-fine-tuning-required
    when: {tco_cheaper: {eq: fine_tuning}}
    verdict: fine_tuning
    strength: required
    because: Cost.
  - id: weekly-changes-required
    when: {requirements_change: {eq: weekly}}
    verdict: prompt_engineering
    strength: required
    because: Change.
""",
        encoding="utf-8",
    )
    (conflict,) = lint([pack]).findings
    assert conflict.code == "required-conflict"
    assert conflict.witness is not None
    assert conflict.witness["requirements_change"] == "weekly"
    # At the example's 100,000 queries prompting is cheaper; the witness climbs the volume ladder
    # (gpt-4o-mini on rented GPUs breaks even near 6.4M queries a month).
    assert conflict.witness["queries_per_month"] > 6_000_000


def test_shadowed_rules_and_steps_of_house_packs() -> None:
    assert findings("house_a.yaml", "house_b.yaml") == [
        ("shadowed", "warning", "rule long-horizon", 3, 5),
        ("shadowed", "warning", "step legal-sign-off", 10, 5),
    ]


def test_override_of_a_rule_an_earlier_override_disabled(run_cli: RunCli) -> None:
    assert findings("house_a.yaml", "house_c.yaml") == [
        ("override-of-disabled", "error", "", 3, 5),
    ]
    code, _, err = run_cli("rules", "check", str(ASSETS / "house_a.yaml"), str(ASSETS / "house_c.yaml"))
    assert code == 2
    assert "override of 'budget-below-5k': it was already disabled by pack house-a" in err


def test_warnings_exit_0_or_1_with_strict(run_cli: RunCli) -> None:
    assert findings("warnings_only.yaml") == [
        ("always-holds", "warning", "rule any-volume", 6, 31),  # queries_per_month >= 0
        ("uncertainty-only", "warning", "rule any-volume", 7, 35),  # p_fine_tuning_cheaper
        ("always-holds", "warning", "rule tasks-or-not", 12, 5),  # >= 3 or < 3
    ]
    path = str(ASSETS / "warnings_only.yaml")
    assert run_cli("rules", "lint", path)[0] == 0
    assert run_cli("rules", "lint", path, "--strict")[0] == 1


def test_a_comparison_that_always_holds_does_not_hide_a_condition_that_never_does(tmp_path: Path) -> None:
    pack = tmp_path / "mixed.yaml"
    pack.write_text(
        """\
pack: mixed
rules:
  - id: odd
    when:
      all:
        - queries_per_month: {gte: 0}
        - requirements_change: {eq: weekly}
        - not: {requirements_change: {in: [weekly, monthly]}}
    verdict: prompt_engineering
    strength: weak
    because: Never.
""",
        encoding="utf-8",
    )
    report = lint([pack])
    assert [(f.code, f.problem.location.line if f.problem.location else None) for f in report.findings] == [
        ("always-holds", 6),  # queries_per_month >= 0
        ("never-holds", 8),  # weekly, and not weekly or monthly
    ]
    assert report.findings[1].problem.message == (
        "requirements_change = weekly and not (requirements_change in {weekly, monthly}) cannot both hold: "
        "the rule can never fire"
    )
