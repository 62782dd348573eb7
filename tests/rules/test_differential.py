"""durable_rules and the reference evaluator fire the same rules, in the same order.

A seeded generator builds a house pack of random conditions (every operator,
nested all/any/not, facts that may be absent, text with quotes and accents)
on top of the built-in packs, and 10,000 random fact sets; both engines must
return identical fired keys, rules and gates, in identical order.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from tune_or_prompt.facts import BUILTIN_FACTS
from tune_or_prompt.rules import ReferenceEngine, RuleSet, load_packs

durable_engine = pytest.importorskip("tune_or_prompt.rules.durable_engine")

SEED = 20241115
SCENARIOS = 10_000
NUMBERS = [-1, 0, 0.5, 1, 2, 5, 6, 20, 95, 95.5, 1e6, 1e7, 2.5e8]
TEXTS = ["eu", "us", "ü-ñ", 'say "hi"', "it's", "a b"]
HOUSE = {
    "h_flag": {"type": "bool"},
    "h_count": {"type": "int"},
    "h_ratio": {"type": "float"},
    "h_region": {"type": "choice", "choices": ["eu", "us", "ü-ñ"]},
    "h_note": {"type": "str"},
}


def _fact_kinds() -> dict[str, tuple[str, tuple[str, ...]]]:
    kinds = {n: (s.type, s.choices) for n, s in BUILTIN_FACTS.items()}
    for name, q in HOUSE.items():
        t = {"bool": "bool", "int": "number", "float": "number"}.get(q["type"], "str")
        kinds[name] = (t, tuple(q.get("choices", ())))
    return kinds


KINDS = _fact_kinds()


def _value(rng: random.Random, kind: str, choices: tuple[str, ...]) -> Any:
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "number":
        return rng.choice(NUMBERS)
    return rng.choice(choices or tuple(TEXTS))


def _comparison(rng: random.Random) -> dict[str, Any]:
    name = rng.choice(list(KINDS))
    kind, choices = KINDS[name]
    ops = ["eq", "ne", "in", "not_in", "exists"] + (
        ["lt", "lte", "gt", "gte"] * 2 if kind == "number" else []
    )
    op = rng.choice(ops)
    if op == "exists":
        arg: Any = rng.random() < 0.5
    elif op in ("in", "not_in"):
        arg = [_value(rng, kind, choices) for _ in range(rng.randint(1, 3))]
    else:
        arg = _value(rng, kind, choices)
    return {name: {op: arg}}


def _condition(rng: random.Random, depth: int = 0) -> dict[str, Any]:
    roll = rng.random()
    if depth >= 2 or roll < 0.45:
        return _comparison(rng)
    if roll < 0.65:
        return {"not": _condition(rng, depth + 1)}
    key = "all" if roll < 0.85 else "any"
    return {key: [_condition(rng, depth + 1) for _ in range(rng.randint(2, 3))]}


def _pack(rng: random.Random, n_rules: int) -> dict[str, Any]:
    questions = [{"id": k, "prompt": k, **v} for k, v in HOUSE.items()]
    rules = [
        {
            "id": f"random-{i}",
            "when": _condition(rng),
            "priority": rng.randint(0, 120),
            "verdict": rng.choice(["prompt_engineering", "fine_tuning"]),
            "strength": rng.choice(["weak", "moderate", "strong"]),
            "because": "r",
        }
        for i in range(n_rules)
    ]
    steps = [
        {"id": f"gate-{i}", "path": "fine_tuning", "title": "g", "met_when": _condition(rng)}
        for i in range(5)
    ]
    return {"pack": "random", "questions": questions, "rules": rules, "steps": steps}


def _facts(rng: random.Random) -> dict[str, Any]:
    facts = {}
    for name, (kind, choices) in KINDS.items():
        if rng.random() < 0.85:  # sometimes absent
            facts[name] = _value(rng, kind, choices)
    return facts


@pytest.fixture(scope="module")
def random_ruleset(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    rng = random.Random(SEED)
    path: Path = tmp_path_factory.mktemp("packs") / "random.json"
    path.write_text(json.dumps(_pack(rng, 60), ensure_ascii=False), encoding="utf-8")
    return load_packs([path])


def test_engines_agree_on_generated_scenarios(random_ruleset: RuleSet) -> None:
    assert len(random_ruleset.compiled.chunks) > 1  # the 64-alternative split is exercised
    durable = durable_engine.DurableEngine()
    reference = ReferenceEngine()
    rng = random.Random(SEED + 1)
    fired_somewhere = 0
    for n in range(SCENARIOS):
        facts = _facts(rng)
        expected = reference.run(random_ruleset.compiled, facts)
        actual = durable.run(random_ruleset.compiled, facts)
        assert actual == expected, f"scenario {n}: {facts}"
        fired_somewhere += bool(expected)
    assert fired_somewhere > SCENARIOS * 0.9  # the generator is not vacuous
