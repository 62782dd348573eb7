"""Conditions as a small tree: parsed from a pack, type-checked, compiled, put into words.

The pydantic :class:`~.schema.Condition` model has already checked a
condition's shape; :func:`parse` turns the raw mapping into this tree while
keeping each comparison's position (a ``loc`` tuple into the YAML document),
so :func:`check` can point at an unknown fact or a mistyped value.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tune_or_prompt.checks import MAX_EXACT_INT
from tune_or_prompt.facts import FactSpec
from tune_or_prompt.rules.operators import LIST_OPS, NUMERIC_OPS, OPERATORS, Json
from tune_or_prompt.yamlfile import suggest

Loc = tuple[int | str, ...]


@dataclass(frozen=True)
class Cmp:
    """One comparison: ``fact op value``, with where it is written."""

    fact: str
    op: str
    value: Any
    loc: Loc


@dataclass(frozen=True)
class All:
    """Every item holds (``loc``: where the group is written, for errors)."""

    items: tuple[Cond, ...]
    loc: Loc = field(default=(), compare=False)


@dataclass(frozen=True)
class AnyOf:
    """At least one item holds (``loc``: where the group is written, for errors)."""

    items: tuple[Cond, ...]
    loc: Loc = field(default=(), compare=False)


@dataclass(frozen=True)
class Not:
    """The item does not hold."""

    item: Cond


Cond = Cmp | All | AnyOf | Not


@dataclass(frozen=True)
class CondProblem:
    """A semantic problem in a condition: where, what, and a hint."""

    loc: Loc
    message: str
    help: str | None = None
    code: str = "type-mismatch"


def parse(raw: Mapping[str, Any], loc: Loc) -> Cond:
    """Turn a shape-checked condition mapping into a tree (several keys: "and")."""
    parts: list[Cond] = []
    for key, value in raw.items():
        here = (*loc, key)
        if key in ("all", "any") and value is not None:
            items = tuple(parse(v, (*here, i)) for i, v in enumerate(value))
            parts.append(All(items, here) if key == "all" else AnyOf(items, here))
        elif key == "not" and value is not None:
            parts.append(Not(parse(value, here)))
        elif isinstance(value, Mapping):
            parts.extend(Cmp(key, op, _exact(v), (*here, op)) for op, v in value.items())
    return parts[0] if len(parts) == 1 else All(tuple(parts), loc)


def _exact(value: Any) -> Any:
    """Return an integer beyond 2**53 as a float: both engines then compare it as durable_rules does."""
    if isinstance(value, list):
        return [_exact(v) for v in value]
    if type(value) is int and abs(value) > MAX_EXACT_INT:
        try:
            return float(value)
        except OverflowError:
            return value  # too large for a float: check() reports it
    return value


def comparisons(cond: Cond) -> Iterator[Cmp]:
    """Yield every comparison, in the order written."""
    if isinstance(cond, Cmp):
        yield cond
    elif isinstance(cond, Not):
        yield from comparisons(cond.item)
    else:
        for item in cond.items:
            yield from comparisons(item)


def reads(cond: Cond) -> list[str]:
    """Return the facts a condition reads, each once, in the order written."""
    return list(dict.fromkeys(c.fact for c in comparisons(cond)))


def check(cond: Cond, facts: Mapping[str, FactSpec]) -> list[CondProblem]:
    """Return every unknown fact and every value whose type does not fit its fact."""
    problems = [CondProblem(loc, "empty condition: give at least one comparison", code="pack-error")
                for loc in _empty_groups(cond)]
    for c in comparisons(cond):
        spec = facts.get(c.fact)
        if spec is None:
            problems.append(
                CondProblem(
                    c.loc[:-1],
                    f"unknown fact {c.fact!r}: no question, derived figure or house question "
                    "provides it",
                    suggest(c.fact, facts) or "a house pack can add it as a question",
                    "unknown-fact",
                )
            )
            continue
        problem = _check_value(c, spec)
        if problem:
            problems.append(CondProblem(c.loc, problem, _type_help(spec)))
    return problems


def _empty_groups(cond: Cond) -> Iterator[Loc]:
    """Yield where a condition holds no comparison: ``{}``, ``all: [{}]``, ``not: {}``.

    Nothing to test would make durable_rules spin for ever on ``all: [{}]``
    while the reference evaluator fires the rule, so it is a pack error.
    """
    if isinstance(cond, Not):
        yield from _empty_groups(cond.item)
    elif isinstance(cond, (All, AnyOf)):
        if not cond.items:
            yield cond.loc
        for item in cond.items:
            yield from _empty_groups(item)


def _type_help(spec: FactSpec) -> str:
    if spec.choices:
        return f"{spec.name} is one of: {', '.join(spec.choices)}"
    return f"{spec.name} is a {spec.type} fact"


def _fits(value: Any, spec: FactSpec) -> bool:
    if spec.type == "bool":
        return isinstance(value, bool)
    if spec.type == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, str) and (not spec.choices or value in spec.choices)


def _check_value(c: Cmp, spec: FactSpec) -> str | None:
    if c.value is None:
        return f"{c.op}: needs a value (exists: false tests for an absent fact)"
    if c.op == "exists":
        return None
    if c.op in NUMERIC_OPS and spec.type != "number":
        return f"{c.op} compares numbers, but {c.fact} is a {spec.type} fact"
    values: Sequence[Any] = c.value if c.op in LIST_OPS else [c.value]
    for v in values:
        if type(v) is int and abs(v) > MAX_EXACT_INT:  # _exact could not make it a float
            return f"{c.op}: the number is too large ({len(str(abs(v)))} digits)"
        if type(v) is float and not math.isfinite(v):
            return f"{c.op}: {v} is not a finite number"
        if not _fits(v, spec):
            if spec.choices and isinstance(v, str):
                return f"{v!r} is not a value of {c.fact}"
            return f"{v!r} is not a {spec.type}, but {c.fact} is a {spec.type} fact"
    return None


def compile_test(cond: Cond, negate: bool = False) -> Json:
    """Return the durable_rules JSON test of ``cond`` (``not`` pushed down to the comparisons)."""
    if isinstance(cond, Cmp):
        op = OPERATORS[cond.op]
        return op.negate(cond.fact, cond.value) if negate else op.compile(cond.fact, cond.value)
    if isinstance(cond, Not):
        return compile_test(cond.item, not negate)
    conj = isinstance(cond, All) != negate  # De Morgan: not all = any not
    tests = [compile_test(item, negate) for item in cond.items]
    if len(tests) == 1:
        return tests[0]
    return {"$and": tests} if conj else {"$or": tests}


def value_words(value: Any) -> str:
    """Show a comparison's value as ``rules list`` does: ``10,000,000``, ``true``, ``{a, b}``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:,}" if float(value) != int(value) else f"{int(value):,}"
    if isinstance(value, list):
        return "{" + ", ".join(value_words(v) for v in value) + "}"
    return str(value)


def words(cond: Cond) -> str:
    """Put a condition into words for ``rules list``, e.g. ``monthly_tokens > 10,000,000``."""
    if isinstance(cond, Cmp):
        if cond.op == "exists":
            return f"{cond.fact} {'is known' if cond.value else 'is absent'}"
        return f"{cond.fact} {OPERATORS[cond.op].words} {value_words(cond.value)}"
    if isinstance(cond, Not):
        return f"not ({words(cond.item)})"
    joiner = " and " if isinstance(cond, All) else " or "
    inner = [words(i) if isinstance(i, (Cmp, Not)) else f"({words(i)})" for i in cond.items]
    return joiner.join(inner)
