"""Both engines agree on every finite number, and durable_rules takes every one of them.

durable_rules' JSON reader refuses an exponent without a fraction (``2e+16``,
``5e-05``: Python's own spelling of 2e16 and 0.00005); the engine module
writes every float with one. Here the facts range over all finite floats
(subnormals, the largest double, both zeros, exponent forms) and integers up
to 2**53, against thresholds written in every one of those forms, with every
numeric operator: both engines must fire the same rules, and neither may fail.
"""

from __future__ import annotations

import functools
import json
import math
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tune_or_prompt.rules import ReferenceEngine, RuleSet, load_packs

pytestmark = pytest.mark.durable_rules
durable_engine = pytest.importorskip("tune_or_prompt.rules.durable_engine",
                                     reason="durable_rules does not import on this Python")

THRESHOLDS = [
    0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, 1e-7, 0.00002, 5e-05, 1e-4, 0.0001000001,
    0.5, 1, 3, -1, 1e15, 2**53, 1e16, 1.5e16, 2e16, 1e20, 1e300, sys.float_info.max, -sys.float_info.max,
]
OPERATORS = ["lt", "lte", "gt", "gte", "eq", "ne"]
FACTS = ("h_float", "h_int")


def _pack() -> dict[str, object]:
    questions = [{"id": "h_float", "prompt": "a float", "type": "float"},
                 {"id": "h_int", "prompt": "an int", "type": "int"}]
    rules = [
        {"id": f"n-{i}-{j}-{fact}", "when": {fact: {op: t}}, "verdict": "fine_tuning", "strength": "weak",
         "because": "x"}
        for i, t in enumerate(THRESHOLDS) for j, op in enumerate(OPERATORS) for fact in FACTS
    ]
    return {"pack": "numbers", "questions": questions, "rules": rules}


@functools.cache
def _ruleset() -> RuleSet:
    folder = Path(tempfile.mkdtemp(prefix="numbers-"))
    (folder / "numbers.json").write_text(json.dumps(_pack()), encoding="utf-8")
    return load_packs([folder / "numbers.json"], builtin=False)


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return _ruleset()


def _near(x: float) -> list[float]:
    return [v for v in (math.nextafter(x, -math.inf), x, math.nextafter(x, math.inf)) if math.isfinite(v)]


ANY_FLOAT = st.floats(allow_nan=False, allow_infinity=False)
NEAR_THRESHOLDS = st.sampled_from([v for t in THRESHOLDS for v in _near(float(t))])
EXACT_INTS = st.integers(min_value=-(2**53), max_value=2**53)
NUMBERS = st.one_of(ANY_FLOAT, NEAR_THRESHOLDS, EXACT_INTS, st.sampled_from([int(t) for t in THRESHOLDS
                                                                             if abs(t) <= 2**53]))


@settings(max_examples=400, deadline=None)
@given(value=NUMBERS, other=NUMBERS, present=st.sampled_from([(True, True), (True, False), (False, True)]))
def test_engines_agree_over_the_whole_float_range(value: float, other: float, present: tuple[bool, bool]) -> None:
    ruleset = _ruleset()
    facts = {name: v for name, v, here in zip(FACTS, (value, other), present, strict=True) if here}
    # The house int fact takes the integer-valued numbers; a float goes to the float fact.
    if "h_int" in facts and not isinstance(facts["h_int"], int):
        facts["h_float"] = facts.pop("h_int")
    expected = REFERENCE.run(ruleset.compiled, facts)
    actual = DURABLE.run(ruleset.compiled, facts)  # raises EngineError if durable_rules refuses a number
    assert actual == expected, facts


DURABLE = durable_engine.DurableEngine()
REFERENCE = ReferenceEngine()


@pytest.mark.parametrize("value", [2e16, 5e-05, 0.00002, 1e-300, 1.7976931348623157e308, 5e-324, 10**18])
def test_exponent_forms_fire_the_rules_they_should(ruleset: RuleSet, value: float) -> None:
    fired = {ruleset.rules[ruleset.compiled.by_key[k].index].id for k in DURABLE.run(ruleset.compiled,
                                                                                      {"h_float": value})}
    # Worked by hand: v > 0 holds for every positive v, and v == v for the threshold equal to it.
    assert "n-0-2-h_float" in fired  # h_float gt 0.0
    if value in THRESHOLDS:
        assert f"n-{THRESHOLDS.index(value)}-4-h_float" in fired  # h_float eq value


def test_the_writer_spells_every_float_with_a_fraction() -> None:
    text = durable_engine.engine_json({"a": [2e16, 5e-05, 1.5e16, 1, 10**20, True, None, "é"]})
    assert text == '{"a":[2.0e+16,5.0e-05,1.5e+16,1,1.0e+20,true,null,"é"]}'
    assert json.loads(text) == {"a": [2e16, 5e-05, 1.5e16, 1, 1e20, True, None, "é"]}
    with pytest.raises(ValueError, match="no JSON form"):
        durable_engine.engine_json(math.inf)
