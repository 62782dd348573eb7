"""Why a rule did not fire, and what would meet a gate: conditions checked comparison by comparison.

The engine says *whether* a rule fired; this module says *why not*, by
walking the rule's condition over the same facts. ``not`` is pushed down to
the comparisons first (as the compiler does), so every failure names one
plain comparison on one fact: ``accuracy_target_pct = 90, needs > 95``.

Each comparison is evaluated by the reference evaluator's predicate of its
compiled durable_rules test (:func:`~.reference.compile_test` over
:data:`~.operators.OPERATORS`), so an explanation can never disagree with
the engines on what a comparison means.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tune_or_prompt.rules.conditions import All, Cmp, Cond, Not, reads, value_words, words
from tune_or_prompt.rules.operators import OPERATORS
from tune_or_prompt.rules.reference import compile_predicate
from tune_or_prompt.rules.ruleset import LoadedRule, LoadedStep, RuleSet
from tune_or_prompt.rules.text import ABSENT_MEANS

if TYPE_CHECKING:
    from tune_or_prompt.decision import NotFired

# The comparison that holds exactly when a present fact fails ``op``.
NEGATED = {name: op.negated for name, op in OPERATORS.items() if op.negated is not None}


@dataclass(frozen=True)
class Failure:
    """A comparison that does not hold: what it needs, and the fact's value (``None``: absent).

    The same fields as :class:`~tune_or_prompt.decision.FailedComparison`, which
    a decision carries; this plain form is what the explanations compute.
    """

    fact: str
    operator: str
    expected: Any
    actual: Any
    or_absent: bool = False

    def as_dict(self) -> dict[str, Any]:
        """Return the fields as a dict (``dataclasses.asdict`` deep-copies and costs 50 times more)."""
        return {
            "fact": self.fact,
            "operator": self.operator,
            "expected": self.expected,
            "actual": self.actual,
            "or_absent": self.or_absent,
        }


@dataclass(frozen=True)
class Lit:
    """A comparison as it must hold: ``positive`` false when it sits under an odd number of ``not``.

    ``test`` is the comparison's predicate, as the engines evaluate it.
    """

    cmp: Cmp
    positive: bool
    test: Callable[[Mapping[str, Any]], bool] = field(compare=False, repr=False)


@dataclass(frozen=True)
class Conj:
    """Every item holds (``all``, or a ``not`` of ``any``)."""

    items: tuple[Nnf, ...]


@dataclass(frozen=True)
class Disj:
    """At least one item holds (``any``, or a ``not`` of ``all``)."""

    items: tuple[Nnf, ...]


Nnf = Lit | Conj | Disj


def nnf(cond: Cond, positive: bool = True) -> Nnf:
    """Return ``cond`` in negation normal form: ``not`` only on single comparisons."""
    if isinstance(cond, Cmp):
        return Lit(cond, positive, predicate(cond))
    if isinstance(cond, Not):
        return nnf(cond.item, not positive)
    items = tuple(nnf(i, positive) for i in cond.items)
    return Conj(items) if isinstance(cond, All) == positive else Disj(items)


# A rule set's conditions live as long as it does and are explained on every
# decision: their normal forms are kept, keyed by identity (each entry holds
# its condition, so an id is never reused while its entry exists).
_FORMS: dict[int, tuple[Cond, Nnf]] = {}


def form_of(cond: Cond) -> Nnf:
    """Return :func:`nnf` of ``cond``, computed once per condition object."""
    found = _FORMS.get(id(cond))
    if found is None or found[0] is not cond:
        if len(_FORMS) > 100_000:
            _FORMS.clear()
        found = _FORMS[id(cond)] = (cond, nnf(cond))
    return found[1]


def lits(form: Nnf) -> Iterator[Lit]:
    """Yield every literal of ``form``, in the order written."""
    if isinstance(form, Lit):
        yield form
    else:
        for item in form.items:
            yield from lits(item)


_PREDICATES: dict[tuple[str, str, Any], Callable[[Mapping[str, Any]], bool]] = {}


def _key(cmp: Cmp) -> tuple[str, str, Any]:
    # Typed, so that true and 1 (equal and hash-equal in Python) get their own predicates.
    value = cmp.value
    typed = tuple((type(v), v) for v in value) if isinstance(value, list) else (type(value), value)
    return (cmp.fact, cmp.op, typed)


def predicate(cmp: Cmp) -> Callable[[Mapping[str, Any]], bool]:
    """Return the predicate of one comparison: its compiled durable_rules test, as generated code."""
    key = _key(cmp)
    found = _PREDICATES.get(key)
    if found is None:
        if len(_PREDICATES) > 100_000:  # bound the cache in a long-lived process
            _PREDICATES.clear()
        found = _PREDICATES[key] = compile_predicate(OPERATORS[cmp.op].compile(cmp.fact, cmp.value))
    return found


def comparison_holds(cmp: Cmp, facts: Mapping[str, Any]) -> bool:
    """Return whether one comparison holds on ``facts``, as the engines evaluate it."""
    return predicate(cmp)(facts)


def holds(form: Nnf, facts: Mapping[str, Any]) -> bool:
    """Return whether ``form`` holds on ``facts``."""
    if isinstance(form, Lit):
        return form.test(facts) == form.positive
    if isinstance(form, Conj):
        return all(holds(i, facts) for i in form.items)
    return any(holds(i, facts) for i in form.items)


def failure(lit: Lit, facts: Mapping[str, Any]) -> Failure:
    """Describe a literal that does not hold: the comparison it needs and the fact's value."""
    cmp = lit.cmp
    if cmp.op == "exists":
        op, expected, or_absent = "exists", bool(cmp.value) == lit.positive, False
    elif lit.positive:
        op, expected, or_absent = cmp.op, cmp.value, False
    else:  # not (x op v) holds when x is absent or fails op: it failed, so x is present
        op, expected, or_absent = NEGATED[cmp.op], cmp.value, True
    return Failure(cmp.fact, op, expected, facts.get(cmp.fact), or_absent)


def first_failure(form: Nnf, facts: Mapping[str, Any]) -> Failure | None:
    """Return the first comparison, in the order written, that keeps ``form`` from holding.

    For ``any`` (none of whose items holds) it is the first item's failure.
    ``None`` when ``form`` holds.
    """
    if isinstance(form, Lit):
        return None if holds(form, facts) else failure(form, facts)
    if isinstance(form, Conj):
        for item in form.items:
            found = first_failure(item, facts)
            if found is not None:
                return found
        return None
    if any(holds(i, facts) for i in form.items):
        return None
    return first_failure(form.items[0], facts)


def to_meet(form: Nnf, facts: Mapping[str, Any]) -> list[Failure]:
    """Return the comparisons that must become true for ``form`` to hold (empty when it holds).

    Under ``all`` every failing item counts; under ``any`` the alternative that
    needs the fewest changes (the first, on a tie).
    """
    if isinstance(form, Lit):
        return [] if holds(form, facts) else [failure(form, facts)]
    if isinstance(form, Conj):
        return [f for item in form.items for f in to_meet(item, facts)]
    options = [to_meet(i, facts) for i in form.items]
    return min(options, key=len)


def needs_words(f: Failure) -> str:
    """Return what the comparison needs, e.g. ``> 95`` or ``one of {weekly, monthly}``."""
    if f.operator == "exists":
        return "to be known" if f.expected else "to be absent"
    shown = value_words(f.expected)
    text = {
        "in": f"one of {shown}",
        "not_in": f"none of {shown}",
        "eq": shown,
    }.get(f.operator, f"{OPERATORS[f.operator].words} {shown}")
    return f"{text} (or absent)" if f.or_absent else text


def _absent(fact: str) -> str:
    means = ABSENT_MEANS.get(fact)
    return f"absent ({means})" if means else "absent"


def failure_words(f: Failure) -> str:
    """Put a failed comparison into words: ``accuracy_target_pct = 90, needs > 95``."""
    actual = f"is {_absent(f.fact)}" if f.actual is None else f"= {value_words(f.actual)}"
    return f"{f.fact} {actual}, needs {needs_words(f)}"


def meet_words(f: Failure) -> str:
    """Put a comparison still to be met into words: ``production_data_months ≥ 6 (now 0)``."""
    now = ABSENT_MEANS.get(f.fact, "absent") if f.actual is None else value_words(f.actual)
    if f.operator == "exists":
        return f"{f.fact} {'known' if f.expected else 'absent'} (now {now})"
    needed = f"= {value_words(f.expected)}" if f.operator == "eq" and not f.or_absent else needs_words(f)
    return f"{f.fact} {needed} (now {now})"


# Explanations already given, per rule object and the values of the facts its
# condition reads: deciding many similar workloads (a test suite, a benchmark)
# meets the same few values again and again. NotFired is frozen, so sharing is safe.
_GIVEN: dict[int, tuple[LoadedRule, tuple[str, ...], dict[tuple[Any, ...], NotFired]]] = {}
_GIVEN_PER_RULE = 1_024
_ABSENT = object()


def why_not(rule: LoadedRule, facts: Mapping[str, Any]) -> NotFired:
    """Describe a rule that did not fire.

    Raises:
        ValueError: the rule's condition holds on these facts (it should have fired).

    """
    entry = _GIVEN.get(id(rule))
    if entry is None or entry[0] is not rule:
        if len(_GIVEN) > 10_000:
            _GIVEN.clear()
        entry = _GIVEN[id(rule)] = (rule, tuple(reads(rule.when)), {})
    _, names, given = entry
    key = tuple((type(v), v) for v in (facts.get(n, _ABSENT) for n in names))
    found = given.get(key)
    if found is None:
        failed = first_failure(form_of(rule.when), facts)
        if failed is None:
            raise ValueError(f"rule {rule.id!r} holds on these facts but did not fire")
        if len(given) >= _GIVEN_PER_RULE:
            given.clear()
        from tune_or_prompt.decision import NotFired  # a decision model: not built by what only lints rules

        found = given[key] = NotFired.model_validate({
            "id": rule.id,
            "pack": rule.pack,
            "source": rule.source,
            "failed": failed.as_dict(),
            "reason": failure_words(failed),
        })
    return found


def not_fired(
    ruleset: RuleSet, facts: Mapping[str, Any], fired_ids: Sequence[str]
) -> list[NotFired]:
    """Return every rule of ``ruleset`` not in ``fired_ids``, in firing order, with why not."""
    fired = set(fired_ids)
    return [why_not(r, facts) for r in ruleset.rules if r.id not in fired]


@dataclass(frozen=True)
class Explanation:
    """One rule or step of the rule set on one set of facts.

    Attributes:
        id: The rule's or step's id.
        kind: ``rule``, ``gate`` or ``advice`` (a step without ``met_when``).
        pack: The pack that defines it.
        source: ``file:line`` of its definition.
        outcome: ``fired`` or ``not fired`` for a rule; ``met``, ``unmet`` or
            ``unknown`` for a gate; ``to do`` for advice.
        condition: The condition in words ('' for advice).
        failed: For a rule that did not fire, the first comparison that failed.
        to_meet: For a gate not met, the comparisons that would meet it.

    """

    id: str
    kind: str
    pack: str
    source: str
    outcome: str
    condition: str
    failed: Failure | None = None
    to_meet: tuple[Failure, ...] = ()


def explain_rule(rule: LoadedRule, facts: Mapping[str, Any], fired: bool) -> Explanation:
    """Explain one rule: fired, or the first comparison that failed."""
    failed = None if fired else first_failure(form_of(rule.when), facts)
    if not fired and failed is None:
        raise ValueError(f"rule {rule.id!r} holds on these facts but did not fire")
    outcome = "fired" if fired else "not fired"
    return Explanation(
        rule.id, "rule", rule.pack, rule.source, outcome, rule.condition_words(), failed
    )


def explain_step(step: LoadedStep, facts: Mapping[str, Any], status: str) -> Explanation:
    """Explain one step: a gate's status and what would meet it; advice is 'to do'."""
    if step.met_when is None:
        return Explanation(step.id, "advice", step.pack, step.source, "to do", "")
    needed = tuple(to_meet(nnf(step.met_when), facts)) if status != "met" else ()
    return Explanation(
        step.id, "gate", step.pack, step.source, status, words(step.met_when), None, needed
    )


def explain(
    ruleset: RuleSet, facts: Mapping[str, Any], fired_ids: Sequence[str], gate_status: Mapping[str, str]
) -> list[Explanation]:
    """Explain every rule (firing order) and step (load order) of ``ruleset`` on ``facts``.

    ``fired_ids`` and ``gate_status`` come from the decision the engine made
    on the same facts, so "fired" here is the engine's word, not a re-run.
    """
    fired = set(fired_ids)
    out = [explain_rule(r, facts, r.id in fired) for r in ruleset.rules]
    out += [explain_step(s, facts, gate_status.get(s.id, "to_do")) for s in ruleset.steps]
    return out
