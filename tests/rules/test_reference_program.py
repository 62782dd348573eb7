"""The reference evaluator's generated program evaluates every test as the per-test closures do."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from tests.rules import generated
from tune_or_prompt.rules.reference import compile_program, compile_test


def test_program_fires_what_the_closures_fire_on_generated_packs(tmp_path: Path) -> None:
    ruleset = generated.random_ruleset(tmp_path, seed=generated.SEED + 7)
    entries = [(e.key, e.test) for e in ruleset.compiled.entries]
    program = compile_program(entries)
    closures = [(key, compile_test(test)) for key, test in entries]
    rng = random.Random(3)
    fired_counts = set()
    for n in range(3000):
        facts = {**generated.random_facts(rng), "kind": "scenario"}
        expected = [key for key, holds in closures if holds(facts)]
        assert program(facts) == expected, f"fact set {n}: {facts}"
        fired_counts.add(len(expected))
    assert len(fired_counts) > 5  # the fact sets fire varied subsets, not always none or all


def test_odd_fact_names_and_values_are_literals_or_bound_names() -> None:
    name = "it's \"quoted\" ü\n"
    program = compile_program([
        ("text", {name: 'say "hi"\\'}),
        ("below-infinity", {"$lt": {"x": math.inf}}),
        ("nan-is-never-equal", {"x": math.nan}),
        ("absent", {"$nex": {name: 1}}),
    ])
    assert program({name: 'say "hi"\\', "x": 5}) == ["text", "below-infinity"]
    assert program({"x": 7.5}) == ["below-infinity", "absent"]
    assert program({}) == ["absent"]


def test_a_test_too_deep_for_the_parser_runs_as_closures() -> None:
    deep: dict = {"$gt": {"x": 1}}
    for level in range(220):  # Python's parser allows 200 nested parentheses
        deep = {"$and": [deep]} if level % 2 else {"$or": [deep, {"$ex": {"never": 1}}]}
    program = compile_program([("shallow", {"x": 2}), ("deep", deep)])
    assert "_p1" in program.__globals__  # entry 1 is bound as a closure, entry 0 generated
    assert "_p0" not in program.__globals__
    assert program({"x": 2}) == ["shallow", "deep"]
    assert program({"x": 1}) == []
    assert program({"never": True, "x": 0}) == ["deep"]


@pytest.mark.parametrize(("test", "facts", "holds"), [
    ({"$and": []}, {}, True),
    ({"$or": []}, {}, False),
    ({"$lte": {"x": 2}}, {"x": 2}, True),
    ({"$gte": {"x": 2}}, {"x": 1.5}, False),
    ({"$neq": {"x": 2}}, {}, False),  # a comparison on an absent fact is false
    ({"$neq": {"x": 2}}, {"x": 3}, True),
])
def test_each_operator_form(test: dict, facts: dict, holds: bool) -> None:
    assert compile_program([("k", test)])(facts) == (["k"] if holds else [])
    assert compile_test(test)(facts) is holds
