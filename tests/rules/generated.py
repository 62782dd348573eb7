"""Random rule packs and fact sets over every operator, for tests that compare evaluators.

A seeded generator builds a house pack of random conditions (every operator,
nested all/any/not, facts that may be absent, text with quotes and accents)
to load on top of the built-in packs, and random fact sets for it.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from tune_or_prompt.facts import BUILTIN_FACTS
from tune_or_prompt.rules import RuleSet, load_packs

SEED = 20241115
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


def _pack(rng: random.Random, n_rules: int, strengths: tuple[str, ...]) -> dict[str, Any]:
    questions = [{"id": k, "prompt": k, **v} for k, v in HOUSE.items()]
    rules = [
        {
            "id": f"random-{i}",
            "when": _condition(rng),
            "priority": rng.randint(0, 120),
            "verdict": rng.choice(["prompt_engineering", "fine_tuning"]),
            "strength": rng.choice(strengths),
            "because": "r",
        }
        for i in range(n_rules)
    ]
    steps = [
        {"id": f"gate-{i}", "path": "fine_tuning", "title": "g", "met_when": _condition(rng)}
        for i in range(5)
    ]
    return {"pack": "random", "questions": questions, "rules": rules, "steps": steps}


def random_facts(rng: random.Random) -> dict[str, Any]:
    facts = {}
    for name, (kind, choices) in KINDS.items():
        if rng.random() < 0.85:  # sometimes absent
            facts[name] = _value(rng, kind, choices)
    return facts



def random_ruleset(
    folder: Path, seed: int = SEED, n_rules: int = 60, strengths: tuple[str, ...] = ("weak", "moderate", "strong")
) -> RuleSet:
    """Load the built-in packs plus a random pack of ``n_rules`` rules (and 5 blocking gates)."""
    path = folder / "random.json"
    path.write_text(json.dumps(_pack(random.Random(seed), n_rules, strengths), ensure_ascii=False), encoding="utf-8")
    return load_packs([path])
