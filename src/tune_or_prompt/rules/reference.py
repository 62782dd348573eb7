"""The reference evaluator: pure Python over the same compiled rules durable_rules runs.

It reads the compiled durable_rules JSON, not the pack, so the differential
test (tests/rules/test_differential.py) compares the two engines on exactly
the same input. It is also the engine used where durable_rules cannot be
imported (Python 3.13 and later), and the output then says so.

A rule set runs as one Python function generated from its JSON tests
(:func:`compile_program`): a chain of ``if`` statements, one per entry, in
priority order. Calling a closure per comparison cost more than the
comparisons themselves, and batch runs the rules once per workload. An entry
whose test is nested too deeply for Python's parser runs as closures
(:func:`compile_test`) instead; both forms evaluate exactly as durable_rules.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from tune_or_prompt.rules.compiler import SCENARIO, CompiledRules
from tune_or_prompt.rules.operators import DURABLE_COMPARE, DURABLE_OPS, Json

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


FiredKeys = Callable[[Mapping[str, Any]], list[str]]


class _Source:
    """Python source for a set of tests; constants that have no safe literal are bound by name."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {"_M": _MISSING}

    def literal(self, value: Any) -> str:
        if value is None or type(value) in (bool, int, str) or (
            type(value) is float and math.isfinite(value)
        ):
            return repr(value)  # repr of these types reads back as the same value
        name = f"_c{len(self.names)}"
        self.names[name] = value
        return name

    def compare(self, fact: Any, op: str, value: Any) -> str:
        # A comparison on an absent fact is false, as in durable_rules.
        return f"((_v := f.get({self.literal(fact)}, _M)) is not _M and _v {op} {self.literal(value)})"

    def expr(self, test: Json) -> str:
        if "$and" in test:
            return "(" + " and ".join(self.expr(t) for t in test["$and"]) + ")" if test["$and"] else "True"
        if "$or" in test:
            return "(" + " or ".join(self.expr(t) for t in test["$or"]) + ")" if test["$or"] else "False"
        ((op, arg),) = test.items()
        if op in DURABLE_COMPARE:
            ((fact, value),) = arg.items()
            return self.compare(fact, DURABLE_COMPARE[op], value)
        if op in ("$ex", "$nex"):
            return f"({self.literal(next(iter(arg)))} {'in' if op == '$ex' else 'not in'} f)"
        if op in DURABLE_OPS:
            raise ValueError(f"no generated form for {op}")
        return self.compare(op, "==", arg)  # a plain {fact: value} is equality


def compile_program(entries: Sequence[tuple[str, Json]]) -> FiredKeys:
    """Compile ``(key, test)`` pairs into one function: facts -> keys of the tests that hold, in order."""
    source = _Source()
    lines = ["def fired(f):", "    out = []"]
    for n, (key, test) in enumerate(entries):
        try:
            condition = source.expr(test)
            compile(condition, "<rule>", "eval")
        except (SyntaxError, RecursionError, MemoryError, ValueError):
            source.names[f"_p{n}"] = compile_test(test)
            condition = f"_p{n}(f)"
        lines.append(f"    if {condition}:")
        lines.append(f"        out.append({source.literal(key)})")
    lines.append("    return out")
    namespace = dict(source.names)
    # Safe to run: fact names, keys and constants appear only as repr() literals or bound names.
    exec(compile("\n".join(lines), "<rule set>", "exec"), namespace)
    fired: FiredKeys = namespace["fired"]
    return fired


def compile_predicate(test: Json) -> Program:
    """Compile one JSON test into a Python function, generated as :func:`compile_program` does.

    For callers that evaluate single tests many times (the explanations of
    rules that did not fire); a test too deep for the parser runs as closures.
    """
    source = _Source()
    try:
        code = compile(f"lambda f: bool({source.expr(test)})", "<test>", "eval")
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        return compile_test(test)
    # Safe to run: fact names and constants appear only as repr() literals or bound names.
    predicate: Program = eval(code, dict(source.names))
    return predicate


class ReferenceEngine:
    """Fire every entry whose test holds, in priority order (as durable_rules does)."""

    def __init__(self, reason: str = "") -> None:
        """Create the engine; ``reason`` says why it runs instead of durable_rules, if it does."""
        self.name = "reference evaluator" + (f" ({reason})" if reason else "")
        self._programs: dict[str, FiredKeys] = {}

    def _program(self, compiled: CompiledRules) -> FiredKeys:
        program = self._programs.get(compiled.digest)
        if program is None:
            program = compile_program([(e.key, e.test) for e in compiled.entries])
            self._programs[compiled.digest] = program
        return program

    def run(self, compiled: CompiledRules, facts: Mapping[str, Any]) -> list[str]:
        """Return the keys of the entries that fire, in firing order."""
        return self._program(compiled)({**facts, "kind": SCENARIO})
