"""The reference evaluator: pure Python over the same compiled rules durable_rules runs.

It reads the compiled durable_rules JSON, not the pack, so the differential
test (tests/rules/test_differential.py) compares the two engines on exactly
the same input. It is also the engine used where durable_rules cannot be
imported (Python 3.13 and later), and the output then says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tune_or_prompt.rules.compiler import SCENARIO, CompiledRules
from tune_or_prompt.rules.operators import DURABLE_OPS, Json

_MISSING = object()


Program = Callable[[Mapping[str, Any]], bool]


def compile_test(test: Json) -> Program:
    """Turn one durable_rules JSON test into a Python predicate, evaluated as durable_rules does.

    Walking the JSON for every scenario costs more than the comparisons
    themselves; a rule set is compiled once and its predicates reused.
    """
    if "$and" in test:
        parts = tuple(compile_test(t) for t in test["$and"])
        return lambda facts: all(p(facts) for p in parts)
    if "$or" in test:
        alternatives = tuple(compile_test(t) for t in test["$or"])
        return lambda facts: any(p(facts) for p in alternatives)
    ((op, arg),) = test.items()
    run = DURABLE_OPS.get(op)
    if run is not None:
        return lambda facts: run(facts, arg)

    def equals(facts: Mapping[str, Any]) -> bool:  # a plain {fact: value} is equality
        actual = facts.get(op, _MISSING)
        return actual is not _MISSING and bool(actual == arg)

    return equals


class ReferenceEngine:
    """Fire every entry whose test holds, in priority order (as durable_rules does)."""

    def __init__(self, reason: str = "") -> None:
        """Create the engine; ``reason`` says why it runs instead of durable_rules, if it does."""
        self.name = "reference evaluator" + (f" ({reason})" if reason else "")
        self._programs: dict[str, tuple[tuple[str, Program], ...]] = {}

    def _program(self, compiled: CompiledRules) -> tuple[tuple[str, Program], ...]:
        program = self._programs.get(compiled.digest)
        if program is None:
            program = tuple((e.key, compile_test(e.test)) for e in compiled.entries)
            self._programs[compiled.digest] = program
        return program

    def run(self, compiled: CompiledRules, facts: Mapping[str, Any]) -> list[str]:
        """Return the keys of the entries that fire, in firing order."""
        scoped = {**facts, "kind": SCENARIO}
        return [key for key, holds_on in self._program(compiled) if holds_on(scoped)]
