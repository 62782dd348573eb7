"""Compile loaded rules and gates into durable_rules rulesets (the JSON/dict form).

Every compiled rule is guarded by ``kind == "scenario"``: a rule whose only
test is "fact absent" would otherwise also match durable_rules' session state
and fire forever. Priorities are assigned here, 1, 2, 3... in the order rules
should fire (pack ``priority``, then load order; gates last), so durable_rules'
"lower ``pri`` fires first" gives the trace order and negative values, which
wrap, never occur.

durable_rules' limits are enforced here, before the engine sees them:

* at most :data:`MAX_MATCHES` alternatives may hold on one fact (error 303),
  one of which the engine wrapper keeps for itself (:data:`RULE_MATCH_BUDGET`).
  A condition expands to alternatives as its disjunctive normal form; rules
  are split across as many rulesets as needed so that no ruleset could
  exceed the limit, and a single condition over it is a pack error. Capping
  each ruleset's alternatives also keeps every node's distinct tests far below
  the 511 that make the engine spin forever.
* at most :data:`MAX_FACTS` facts (error 302 at 254 fields with ``sid``,
  ``kind`` and ``id``); the loader checks the fact vocabulary against it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from tune_or_prompt.rules.conditions import Cond, compile_test
from tune_or_prompt.rules.operators import Json, count_terms

MAX_MATCHES = 64
# The durable_rules wrapper adds one always-true rule to every ruleset (deleting
# a session in which nothing matched crashes the engine), so packs get one less.
ENGINE_RESERVED_MATCHES = 1
RULE_MATCH_BUDGET = MAX_MATCHES - ENGINE_RESERVED_MATCHES
MAX_FACTS = 250
SCENARIO = "scenario"


@dataclass(frozen=True)
class CompiledEntry:
    """One rule or gate as the engines see it.

    Attributes:
        key: The engine-side rule name (``r0001``...), unique in a compile.
        kind: ``rule`` or ``gate``.
        index: Position in ``RuleSet.rules`` or ``RuleSet.steps``.
        pri: durable_rules priority; lower fires first.
        test: The durable_rules JSON test, without the scenario guard.
        terms: How many alternatives the test expands to.

    """

    key: str
    kind: Literal["rule", "gate"]
    index: int
    pri: int
    test: Json
    terms: int


@dataclass(frozen=True)
class CompiledRules:
    """All entries in firing order, split into rulesets within durable_rules' limits."""

    entries: tuple[CompiledEntry, ...]
    chunks: tuple[tuple[CompiledEntry, ...], ...]
    digest: str
    by_key: dict[str, CompiledEntry] = field(default_factory=dict)

    def definitions(self) -> list[tuple[str, dict[str, Any]]]:
        """Return ``(ruleset name, rules)`` per chunk, named after the content digest.

        Equal rule sets get equal names, so a process that loads the same
        packs twice reuses the rulesets it registered (durable_rules cannot
        remove a ruleset, and registering a name twice raises).
        """
        return [
            (f"top-{self.digest}-{i}", {e.key: durable_rule(e) for e in chunk})
            for i, chunk in enumerate(self.chunks)
        ]


def durable_rule(entry: CompiledEntry) -> dict[str, Any]:
    """Return the durable_rules JSON of one entry (without its action)."""
    guarded = {"$and": [{"kind": SCENARIO}, entry.test]}
    return {"all": [{"m": guarded}], "pri": entry.pri}


def compile_condition(cond: Cond) -> tuple[Json, int]:
    """Return a condition's durable_rules test and its number of alternatives."""
    test = compile_test(cond)
    return test, count_terms(test)


@dataclass(frozen=True)
class Pending:
    """A rule or gate waiting for its priority: ``(priority, load order)`` sorts it."""

    kind: Literal["rule", "gate"]
    index: int
    priority: int
    test: Json
    terms: int


def build(pending: Sequence[Pending]) -> CompiledRules:
    """Order the entries, number them, and split them into rulesets of at most 64 alternatives.

    Rules sort by priority then load order; gates come after every rule in
    load order. Chunks are contiguous in firing order, so running them one
    after the other fires in the same order as one ruleset would.
    """
    ordered = sorted(
        enumerate(pending),
        key=lambda ip: (ip[1].kind == "gate", ip[1].priority if ip[1].kind == "rule" else 0, ip[0]),
    )
    entries = tuple(
        CompiledEntry(f"r{n:04d}", p.kind, p.index, n, p.test, p.terms)
        for n, (_, p) in enumerate(ordered, start=1)
    )
    chunks: list[tuple[CompiledEntry, ...]] = []
    current: list[CompiledEntry] = []
    used = 0
    for entry in entries:
        if current and used + entry.terms > RULE_MATCH_BUDGET:
            chunks.append(tuple(current))
            current, used = [], 0
        current.append(entry)
        used += entry.terms
    if current:
        chunks.append(tuple(current))
    canonical = json.dumps(
        [[durable_rule(e) | {"key": e.key} for e in c] for c in chunks],
        sort_keys=True,
        ensure_ascii=False,
    )
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:16]
    return CompiledRules(entries, tuple(chunks), digest, {e.key: e for e in entries})
