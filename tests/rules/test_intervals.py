"""The interval reasoning is exact: it agrees with evaluating the condition on every distinct case.

A comparison's truth changes only at its thresholds, so evaluating a condition
on each threshold, a point either side of it, the domain's ends and "absent"
visits every case the condition can tell apart. Random conditions (every
operator, nested all/any/not) must then hold somewhere exactly when the
interval reasoning says they can, and everywhere exactly when it says they
always do; and every value picked from a box must make the condition hold.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tune_or_prompt.rules.conditions import All, AnyOf, Cmp, Cond, Not, reads
from tune_or_prompt.rules.domains import Domain
from tune_or_prompt.rules.explain import holds, nnf
from tune_or_prompt.rules.intervals import (
    ABSENT,
    Span,
    Values,
    allowed,
    always_holds,
    boxes,
    can_hold,
    complement,
    contains,
    pick,
)

DOMAINS = {
    "months": Domain("number", 1, 240, integer=True, may_be_absent=True),
    "pct": Domain("number", 0, 100),
    "usd": Domain("number", may_be_absent=True),
    "level": Domain("str", choices=("low", "mid", "high"), default="mid"),
    "note": Domain("str", may_be_absent=True),
    "flag": Domain("bool", choices=(False, True), default=False),
}
NUMBERS = [-5, 0, 0.5, 1, 2, 2.5, 95, 95.5, 100, 240, 950]
TEXTS = {"level": ["low", "mid", "high"], "note": ["eu", "us", "x"]}


@st.composite
def comparisons(draw: st.DrawFn) -> Cmp:
    fact = draw(st.sampled_from(sorted(DOMAINS)))
    d = DOMAINS[fact]
    ops = ["eq", "ne", "in", "not_in", "exists"] + (["lt", "lte", "gt", "gte"] if d.kind == "number" else [])
    op = draw(st.sampled_from(ops))
    values: st.SearchStrategy[Any] = (
        st.sampled_from(NUMBERS) if d.kind == "number"
        else st.booleans() if d.kind == "bool"
        else st.sampled_from(TEXTS[fact])
    )
    if op == "exists":
        value: Any = draw(st.booleans())
    elif op in ("in", "not_in"):
        value = draw(st.lists(values, min_size=1, max_size=3))
    else:
        value = draw(values)
    return Cmp(fact, op, value, ())


conditions: st.SearchStrategy[Cond] = st.recursive(
    comparisons(),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: All(tuple(xs))),
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: AnyOf(tuple(xs))),
        inner.map(Not),
    ),
    max_leaves=5,
)


def candidates(fact: str) -> list[Any]:
    d = DOMAINS[fact]
    out: list[Any] = [ABSENT] if d.may_be_absent else []
    if d.kind == "bool":
        return [*out, False, True]
    if d.kind == "str":
        return out + (list(d.choices) if d.choices else [*TEXTS[fact], "other"])
    points = {*NUMBERS, d.low, d.high}
    finite = sorted(p for p in points if math.isfinite(p))
    near = set(finite) | {p + s for p in finite for s in (-1, -0.25, 0.25, 1)}
    if d.integer:
        near = {float(n) for p in near for n in (math.floor(p), math.ceil(p))}
    return out + sorted(x for x in near if d.low <= x <= d.high and (not d.integer or x == int(x)))


def every_case(cond: Cond) -> list[dict[str, Any]]:
    facts = reads(cond)
    cases = []
    for combo in itertools.product(*(candidates(f) for f in facts)):
        cases.append({f: v for f, v in zip(facts, combo, strict=True) if v is not ABSENT})
    return cases


@settings(max_examples=300, deadline=None)
@given(conditions)
def test_can_hold_and_always_holds_are_exact(cond: Cond) -> None:
    form = nnf(cond)
    truths = [holds(form, facts) for facts in every_case(cond)]
    assert can_hold(form, DOMAINS) == any(truths)
    assert always_holds(form, DOMAINS) == all(truths)


@settings(max_examples=300, deadline=None)
@given(conditions)
def test_values_picked_from_a_box_make_the_condition_hold(cond: Cond) -> None:
    form = nnf(cond)
    for box in boxes(form, DOMAINS):
        facts = {}
        for fact in reads(cond):
            value = pick(DOMAINS[fact], box[fact]) if fact in box else pick(DOMAINS[fact], all_of(fact))
            if value is not ABSENT:
                facts[fact] = value
        assert holds(form, facts), (box, facts)


def all_of(fact: str) -> Values:
    d = DOMAINS[fact]
    return complement(d, Values())


def test_out_of_range_threshold_allows_nothing() -> None:
    pct = DOMAINS["pct"]
    assert allowed(pct, Cmp("pct", "gt", 950, ())).empty()
    # pct <= 100 allows the whole range, 0 to 100: its complement is empty.
    assert complement(pct, allowed(pct, Cmp("pct", "lte", 100, ()))).empty()


def test_integer_facts_have_no_value_strictly_between_neighbours() -> None:
    cond = All((Cmp("months", "gt", 1, ()), Cmp("months", "lt", 2, ())))
    assert not can_hold(nnf(cond), DOMAINS)
    assert can_hold(nnf(All((Cmp("pct", "gt", 1, ()), Cmp("pct", "lt", 2, ())))), DOMAINS)


def test_a_box_keeps_open_and_closed_ends() -> None:
    (box,) = boxes(nnf(All((Cmp("pct", "gt", 95, ()), Cmp("pct", "lte", 95.5, ())))), DOMAINS)
    assert box["pct"].spans == (Span(95, 95.5, True, False),)
    assert not contains(DOMAINS["pct"], box["pct"], 95)
    assert contains(DOMAINS["pct"], box["pct"], 95.5)
    assert pick(DOMAINS["pct"], box["pct"]) == 95.25  # no whole number fits: the middle
