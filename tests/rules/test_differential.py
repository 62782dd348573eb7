"""durable_rules and the reference evaluator fire the same rules, in the same order.

A seeded generator builds a house pack of random conditions (every operator,
nested all/any/not, facts that may be absent, text with quotes and accents)
on top of the built-in packs, and 10,000 random fact sets; both engines must
return identical fired keys, rules and gates, in identical order.
"""

from __future__ import annotations

import random

import pytest

from tests.rules import generated
from tests.rules.generated import SEED, random_facts
from tune_or_prompt.rules import ReferenceEngine, RuleSet

pytestmark = pytest.mark.durable_rules
durable_engine = pytest.importorskip("tune_or_prompt.rules.durable_engine",
                                     reason="durable_rules does not import on this Python")
SCENARIOS = 10_000


@pytest.fixture(scope="module")
def random_ruleset(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    return generated.random_ruleset(tmp_path_factory.mktemp("packs"))


def test_engines_agree_on_generated_scenarios(random_ruleset: RuleSet) -> None:
    assert len(random_ruleset.compiled.chunks) > 1  # the 64-alternative split is exercised
    durable = durable_engine.DurableEngine()
    reference = ReferenceEngine()
    rng = random.Random(SEED + 1)
    fired_somewhere = 0
    for n in range(SCENARIOS):
        facts = random_facts(rng)
        expected = reference.run(random_ruleset.compiled, facts)
        actual = durable.run(random_ruleset.compiled, facts)
        assert actual == expected, f"scenario {n}: {facts}"
        fired_somewhere += bool(expected)
    assert fired_somewhere > SCENARIOS * 0.9  # the generator is not vacuous
