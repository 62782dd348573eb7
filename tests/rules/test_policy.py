"""The verdict policy on crafted conflicts, the confidence formula, and the gates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tune_or_prompt.rules import RuleSet, evaluate, load_packs

FACTS = {"monthly_tokens": 100.0, "accuracy_target_pct": 90.0, "privacy": "cloud_ok"}


def rule(rule_id: str, verdict: str, strength: str, when: str = "monthly_tokens: {gt: 0}") -> str:
    return (
        f"  - id: {rule_id}\n    when: {{{when}}}\n    verdict: {verdict}\n"
        f"    strength: {strength}\n    because: {rule_id} fired.\n"
    )


@pytest.fixture
def pack_of(write_pack: Callable[[str, str], Path]) -> Callable[..., RuleSet]:
    """Load a house-only rule set made of the given rules (and extra YAML)."""

    def make(*rules: str, extra: str = "") -> RuleSet:
        text = "pack: crafted\nrules:\n" + "".join(rules) + extra
        return load_packs([write_pack("crafted.yaml", text)], builtin=False)

    return make


def test_two_contradicting_required_rules_are_undecided_naming_both(
    pack_of: Callable[..., RuleSet],
) -> None:
    rs = pack_of(
        rule("must-prompt", "prompt_engineering", "required"),
        rule("must-tune", "fine_tuning", "required"),
        rule("cheap", "prompt_engineering", "strong"),
    )
    d = evaluate(FACTS, rs)
    assert d.verdict == "undecided"
    assert d.confidence == 0
    assert "must-prompt (crafted) requires prompt engineering" in d.notes[0]
    assert "must-tune (crafted) requires fine-tuning" in d.notes[0]


def test_one_required_rule_outweighs_any_sum(pack_of: Callable[..., RuleSet]) -> None:
    rs = pack_of(
        rule("must-tune", "fine_tuning", "required"),
        *(rule(f"s{i}", "prompt_engineering", "strong") for i in range(5)),
    )
    d = evaluate(FACTS, rs)
    assert (d.verdict, d.confidence) == ("fine_tuning", 1.0)
    assert d.scores == {"prompt_engineering": 15.0, "fine_tuning": 10.0}


@pytest.mark.parametrize(
    ("strengths", "verdict", "confidence"),
    [
        (
            (("fine_tuning", "strong"), ("prompt_engineering", "weak")),
            "fine_tuning",
            0.4,
        ),  # (3-1)/(3+1+1)
        ((("fine_tuning", "weak"),), "fine_tuning", 0.5),
        ((("prompt_engineering", "strong"),), "prompt_engineering", 0.75),
        (
            (("fine_tuning", "moderate"), ("prompt_engineering", "moderate")),
            "prompt_engineering",
            0.0,
        ),
        (
            (
                ("fine_tuning", "moderate"),
                ("fine_tuning", "weak"),
                ("prompt_engineering", "strong"),
            ),
            "prompt_engineering",
            0.0,
        ),
    ],
)
def test_weighted_sum_and_confidence(
    pack_of: Callable[..., RuleSet],
    strengths: tuple[tuple[str, str], ...],
    verdict: str,
    confidence: float,
) -> None:
    rs = pack_of(*(rule(f"r{i}", v, s) for i, (v, s) in enumerate(strengths)))
    d = evaluate(FACTS, rs)
    assert (d.verdict, d.confidence) == (verdict, confidence)


def test_tie_goes_to_prompting_and_says_so(pack_of: Callable[..., RuleSet]) -> None:
    rs = pack_of(rule("a", "fine_tuning", "moderate"), rule("b", "prompt_engineering", "moderate"))
    d = evaluate(FACTS, rs)
    assert d.verdict == "prompt_engineering"
    assert any("tie" in n and "strategic default" in n for n in d.notes)


def test_nothing_fired_is_prompting_with_zero_confidence(pack_of: Callable[..., RuleSet]) -> None:
    rs = pack_of(rule("never", "fine_tuning", "strong", "monthly_tokens: {lt: 0}"))
    d = evaluate(FACTS, rs)
    assert (d.verdict, d.confidence, d.fired) == ("prompt_engineering", 0.0, [])
    assert d.notes == ["No rule fired; prompt engineering is the strategic default."]


GATES = """
questions:
  - id: sign_off
    prompt: Has the platform team signed off?
    type: bool
steps:
  - id: signed-off
    path: fine_tuning
    title: Platform sign-off
    detail: "Signed off: {sign_off}."
    met_when: {sign_off: {eq: true}}
    blocking: true
  - id: has-volume
    path: fine_tuning
    title: Volume
    met_when: {monthly_tokens: {gt: 1000}}
  - id: write-guidelines
    path: prompt_engineering
    title: Write prompt guidelines
"""


@pytest.mark.parametrize(
    ("sign_off", "status", "verdict"),
    [
        (True, "met", "fine_tuning"),
        (False, "unmet", "prompt_engineering_first"),
        (None, "unknown", "prompt_engineering_first"),
    ],
)
def test_blocking_gate_met_unmet_unknown(
    pack_of: Callable[..., RuleSet], sign_off: bool | None, status: str, verdict: str
) -> None:
    rs = pack_of(rule("tune", "fine_tuning", "strong"), extra=GATES)
    facts: dict[str, Any] = dict(FACTS) if sign_off is None else {**FACTS, "sign_off": sign_off}
    d = evaluate(facts, rs)
    gates = {g.id: g for g in d.gates}
    assert gates["signed-off"].status == status
    assert gates["signed-off"].blocking
    assert gates["has-volume"].status == "unmet" and not gates["has-volume"].blocking
    # A step without a condition is advice: something to do, not a gate.
    assert gates["write-guidelines"].status == "to_do" and not gates["write-guidelines"].blocking
    assert d.verdict == verdict
    if verdict == "prompt_engineering_first":
        assert d.must_be_true == [
            f"Platform sign-off: Signed off: {'no' if sign_off is False else 'unknown'}."
        ]
        assert d.notes[-1] == ("The rules favour fine-tuning, but 1 blocking gate is not met (platform sign-off); "
                                  "start with prompt engineering until it is.")


def test_gates_do_not_touch_a_prompting_verdict(pack_of: Callable[..., RuleSet]) -> None:
    rs = pack_of(rule("prompt", "prompt_engineering", "weak"), extra=GATES)
    d = evaluate(FACTS, rs)
    assert d.verdict == "prompt_engineering"
    assert d.must_be_true == []


def test_cost_rule_outweighed_is_said_plainly(
    builtin: RuleSet, example_facts: dict[str, Any]
) -> None:
    facts = {
        **example_facts,
        "accuracy_target_pct": 99,
        "latency_critical": True,
        "prompt_iterations": 30,
        "prompting_plateaued": True,
        "production_data_months": 12,
        "break_even_month": 20,
    }
    d = evaluate(facts, builtin)
    assert d.verdict == "fine_tuning"  # 1 + 3 + 2 against the cost rule's 3, every gate met
    assert (
        "The computed 36-month costs favour prompt engineering 2.5x (tco-favours-prompting), "
        "but volume-above-10m-tokens, accuracy-above-95, latency-critical outweighed them."
    ) in d.notes


def test_builtin_fine_tuning_case_is_held_back_by_gates(
    builtin: RuleSet, example_facts: dict[str, Any]
) -> None:
    facts = {**example_facts, "accuracy_target_pct": 99, "latency_critical": True}
    d = evaluate(facts, builtin)
    assert d.verdict == "prompt_engineering_first"
    assert [m.split(":")[0] for m in d.must_be_true] == [
        "Prompt limits validated",
        "Production evidence",
        "Break-even within the horizon",
    ]


def test_outcome_gives_the_verdict_and_confidence_of_decision(tmp_path: Path) -> None:
    # Random packs with every strength, required included, over the built-in
    # packs (whose cost rules' strength scales with tco_cost_ratio) and five
    # blocking fine-tuning gates: outcome() must agree with the full decision.
    import random

    from tests.rules import generated
    from tune_or_prompt.rules import ReferenceEngine
    from tune_or_prompt.rules.policy import decision, outcome

    engine = ReferenceEngine()
    seen: set[str] = set()
    for seed, strengths in enumerate([("weak", "moderate", "strong"), ("weak", "strong", "required")]):
        folder = tmp_path / str(seed)
        folder.mkdir()
        ruleset = generated.random_ruleset(folder, seed=seed, n_rules=12, strengths=strengths)
        rng = random.Random(seed)
        for n in range(1500):
            facts = generated.random_facts(rng)
            fired = engine.run(ruleset.compiled, facts)
            d = decision(ruleset, facts, fired, engine.name)
            assert outcome(ruleset, facts, fired) == (d.verdict, d.confidence), f"seed {seed}, fact set {n}"
            seen.add(d.verdict)
    assert seen == {"prompt_engineering", "fine_tuning", "prompt_engineering_first", "undecided"}
