"""The operator tables: each pack operator's durable_rules form, its negation and its words.

Adding a comparison operator is one row in :data:`OPERATORS`. The reference
evaluator reads the *compiled* durable_rules JSON, so durable_rules' own
comparisons map to Python in :data:`DURABLE_COMPARE` (by symbol, for the
generated code) and :data:`DURABLE_OPS` (as functions); :data:`PYTHON_OPS`
turns a symbol into its function, for them and for the questionnaire's
``ask_if`` conditions. Every operator of the project is in this module.

Semantics shared by both engines: a comparison on an absent fact is false
(durable_rules behaves so for ``$lt``, ``$neq`` and the rest), except
``exists: false``. ``not`` is plain logical negation, so the compiler pushes
it down to the comparisons and spells out the absent case: ``not lt 5``
becomes "absent, or gte 5".
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]
NUMERIC_OPS = frozenset({"lt", "lte", "gt", "gte"})
LIST_OPS = frozenset({"in", "not_in"})


def _absent(fact: str) -> Json:
    return {"$nex": {fact: 1}}


def _present(fact: str) -> Json:
    return {"$ex": {fact: 1}}


def _eq(fact: str, value: Any) -> Json:
    return {fact: value}


def _ne(fact: str, value: Any) -> Json:
    return {"$neq": {fact: value}}


def _any_of(terms: list[Json]) -> Json:
    return terms[0] if len(terms) == 1 else {"$or": terms}


def _all_of(terms: list[Json]) -> Json:
    return terms[0] if len(terms) == 1 else {"$and": terms}


def _cmp(durable_op: str) -> Callable[[str, Any], Json]:
    return lambda fact, value: {durable_op: {fact: value}}


def _or_absent(form: Callable[[str, Any], Json]) -> Callable[[str, Any], Json]:
    return lambda fact, value: {"$or": [_absent(fact), form(fact, value)]}


@dataclass(frozen=True)
class Operator:
    """One pack operator.

    Attributes:
        words: How ``rules list`` shows it, e.g. ``>=``.
        compile: (fact, value) -> durable_rules JSON test.
        negate: (fact, value) -> durable_rules JSON of the negated test.
        negated: The operator that holds exactly when a present fact fails this one
            (what ``rules explain`` says a failed comparison needs); None for ``exists``.

    """

    words: str
    compile: Callable[[str, Any], Json]
    negate: Callable[[str, Any], Json]
    negated: str | None = None


OPERATORS: dict[str, Operator] = {
    "eq": Operator("=", _eq, _or_absent(_ne), "ne"),
    "ne": Operator("≠", _ne, _or_absent(_eq), "eq"),
    "lt": Operator("<", _cmp("$lt"), _or_absent(_cmp("$gte")), "gte"),
    "lte": Operator("≤", _cmp("$lte"), _or_absent(_cmp("$gt")), "gt"),
    "gt": Operator(">", _cmp("$gt"), _or_absent(_cmp("$lte")), "lte"),
    "gte": Operator("≥", _cmp("$gte"), _or_absent(_cmp("$lt")), "lt"),
    "in": Operator(
        "in",
        lambda f, vs: _any_of([_eq(f, v) for v in vs]),
        lambda f, vs: {"$or": [_absent(f), _all_of([_ne(f, v) for v in vs])]},
        "not_in",
    ),
    "not_in": Operator(
        "not in",
        lambda f, vs: _all_of([_ne(f, v) for v in vs]),
        lambda f, vs: {"$or": [_absent(f), *[_eq(f, v) for v in vs]]},
        "in",
    ),
    "exists": Operator(
        "is known",
        lambda f, v: _present(f) if v else _absent(f),
        lambda f, v: _absent(f) if v else _present(f),
    ),
}


_MISSING = object()


def _test(pred: Callable[[Any, Any], bool]) -> Callable[[Mapping[str, Any], Json], bool]:
    def run(facts: Mapping[str, Any], arg: Json) -> bool:
        ((fact, value),) = arg.items()
        actual = facts.get(fact, _MISSING)
        return actual is not _MISSING and pred(actual, value)

    return run


# Python's comparison operators by symbol (the questionnaire's ask_if conditions, the reference evaluator).
PYTHON_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge, "<=": operator.le, "==": operator.eq, "!=": operator.ne, ">": operator.gt, "<": operator.lt,
}
# durable_rules comparison -> the Python symbol that evaluates it as durable_rules does on type-checked facts.
DURABLE_COMPARE: dict[str, str] = {"$lt": "<", "$lte": "<=", "$gt": ">", "$gte": ">=", "$neq": "!="}


def _python(symbol: str) -> Callable[[Any, Any], bool]:
    compare = PYTHON_OPS[symbol]
    return lambda a, b: bool(compare(a, b))


# durable_rules operator -> Python, as durable_rules evaluates it on type-checked facts.
DURABLE_OPS: dict[str, Callable[[Mapping[str, Any], Json], bool]] = {
    **{op: _test(_python(symbol)) for op, symbol in DURABLE_COMPARE.items()},
    "$ex": lambda facts, arg: next(iter(arg)) in facts,
    "$nex": lambda facts, arg: next(iter(arg)) not in facts,
}


def count_terms(test: Json) -> int:
    """Return how many alternatives (disjunctive-normal-form terms) ``test`` expands to.

    durable_rules expands ``$or`` into alternatives and fires a rule once per
    alternative that holds; at most 64 may hold on one fact (error 303).
    """
    if "$and" in test:
        n = 1
        for t in test["$and"]:
            n *= count_terms(t)
        return n
    if "$or" in test:
        return sum(count_terms(t) for t in test["$or"])
    return 1
