"""House packs: overrides replace or disable built-in rules, and house rules show in the trace."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tune_or_prompt.errors import UserError
from tune_or_prompt.rules import evaluate, load_packs

from .conftest import ASSETS


def test_house_pack_from_a_folder_changes_the_verdict_and_is_named(
    tmp_path: Path, example_facts: dict[str, Any]
) -> None:
    (tmp_path / "acme.yaml").write_text((ASSETS / "good_acme_policy.yaml").read_text())
    ruleset = load_packs([tmp_path])
    assert [p.name for p in ruleset.packs][-1] == "acme-policy"
    without = evaluate({**example_facts, "handles_pii": False}, ruleset)
    with_pii = evaluate({**example_facts, "handles_pii": True}, ruleset)
    assert without.verdict == "prompt_engineering"
    assert with_pii.verdict == "prompt_engineering_first"  # required fine-tuning, gates unmet
    fired = {r.id: r for r in with_pii.fired}
    assert fired["pii-needs-on-premise"].pack == "acme-policy"
    assert fired["pii-needs-on-premise"].source == f"{tmp_path}/acme.yaml:9"
    assert fired["pii-needs-on-premise"].because == (
        "Personal data may not leave our network (250,000,000 tokens a month)."
    )
    assert fired["pii-needs-on-premise"].facts == {
        "handles_pii": True,
        "monthly_tokens": 250_000_000,
    }
    assert "acme-policy" in with_pii.packs


def test_disable_removes_a_builtin_rule(
    write_pack: Callable[[str, str], Path], example_facts: dict[str, Any]
) -> None:
    path = write_pack(
        "h.yaml", "pack: h\noverrides:\n  - id: volume-above-10m-tokens\n    disable: true\n"
    )
    ruleset = load_packs([path])
    assert "volume-above-10m-tokens" not in {r.id for r in ruleset.rules}
    d = evaluate(example_facts, ruleset)
    assert [r.id for r in d.fired] == ["tco-favours-prompting"]


def test_disable_a_gate(write_pack: Callable[[str, str], Path]) -> None:
    path = write_pack(
        "h.yaml", "pack: h\noverrides:\n  - id: production-evidence\n    disable: true\n"
    )
    assert "production-evidence" not in {s.id for s in load_packs([path]).steps}


def test_replace_changes_a_builtin_rule_and_the_trace_says_whose(
    write_pack: Callable[[str, str], Path], example_facts: dict[str, Any]
) -> None:
    path = write_pack(
        "h.yaml",
        """\
pack: house
overrides:
  - id: volume-above-10m-tokens
    replace:
      when: {monthly_tokens: {gt: 100000000}}
      verdict: fine_tuning
      strength: strong
      because: Above our 100M tokens a month ({monthly_tokens}).
""",
    )
    ruleset = load_packs([path])
    replaced = ruleset.rule("volume-above-10m-tokens")
    assert (replaced.pack, replaced.replaces) == ("house", "decision-tree")
    d = evaluate(example_facts, ruleset)
    fired = {r.id: r for r in d.fired}
    assert fired["volume-above-10m-tokens"].strength == "strong"
    assert fired["volume-above-10m-tokens"].pack == "house"
    assert d.scores == {"prompt_engineering": 3.0, "fine_tuning": 3.0}
    assert d.verdict == "prompt_engineering"  # the tie goes to prompting


def test_steps_cannot_be_replaced(write_pack: Callable[[str, str], Path]) -> None:
    path = write_pack(
        "h.yaml",
        """\
pack: h
overrides:
  - id: production-evidence
    replace:
      when: {monthly_tokens: {gt: 1}}
      verdict: fine_tuning
      strength: weak
      because: x
""",
    )
    with pytest.raises(UserError, match="problem") as info:
        load_packs([path])
    assert (
        "'production-evidence' is a step: steps can be disabled, not replaced"
        in info.value.render()
    )


def test_override_needs_exactly_one_action(write_pack: Callable[[str, str], Path]) -> None:
    path = write_pack("h.yaml", "pack: h\noverrides:\n  - id: budget-below-5k\n")
    with pytest.raises(UserError) as info:
        load_packs([path])
    assert (
        "h.yaml:3:5: overrides.0: give exactly one of disable: true or replace"
        in info.value.render()
    )


def test_no_builtin_rules_runs_house_packs_alone() -> None:
    ruleset = load_packs([ASSETS / "good_every_operator.yaml"], builtin=False)
    assert [p.name for p in ruleset.packs] == ["every-operator"]
    d = evaluate({"region": "eu", "latency_critical": False, "accuracy_target_pct": 90}, ruleset)
    assert [r.id for r in d.fired] == ["op-ne", "op-in", "op-not-in", "op-exists", "op-not-any"]
