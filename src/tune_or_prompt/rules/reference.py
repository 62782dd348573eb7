"""The reference evaluator: pure Python over the same compiled rules durable_rules runs.

It reads the compiled durable_rules JSON, not the pack, so the differential
test (tests/rules/test_differential.py) compares the two engines on exactly
the same input. It is also the engine used where durable_rules cannot be
imported (Python 3.13 and later), and the output then says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tune_or_prompt.rules.compiler import SCENARIO, CompiledRules
from tune_or_prompt.rules.operators import DURABLE_OPS, Json

_MISSING = object()


def holds(test: Json, facts: Mapping[str, Any]) -> bool:
    """Evaluate one durable_rules JSON test against the facts."""
    if "$and" in test:
        return all(holds(t, facts) for t in test["$and"])
    if "$or" in test:
        return any(holds(t, facts) for t in test["$or"])
    ((op, arg),) = test.items()
    run = DURABLE_OPS.get(op)
    if run is not None:
        return run(facts, arg)
    actual = facts.get(op, _MISSING)  # a plain {fact: value} is equality
    return actual is not _MISSING and bool(actual == arg)


class ReferenceEngine:
    """Fire every entry whose test holds, in priority order (as durable_rules does)."""

    def __init__(self, reason: str = "") -> None:
        """Create the engine; ``reason`` says why it runs instead of durable_rules, if it does."""
        self.name = "reference evaluator" + (f" ({reason})" if reason else "")

    def run(self, compiled: CompiledRules, facts: Mapping[str, Any]) -> list[str]:
        """Return the keys of the entries that fire, in firing order."""
        scoped = {**facts, "kind": SCENARIO}
        return [e.key for e in compiled.entries if holds(e.test, scoped)]
