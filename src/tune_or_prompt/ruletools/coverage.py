"""``rules test --coverage``: which rules, steps and comparisons the test cases exercise.

* A **rule** is covered when at least one case fires it.
* A **gate** (a step with ``met_when``) is covered when at least one case meets it.
* An **advice** step (no condition) is covered when at least one case's
  verdict puts its path in play (the checklist lists it).
* A **comparison** is seen both ways when it holds in one case and fails in
  another, evaluated on its own on each case's facts.

The headline percentage, which ``--fail-under`` compares with, is the share
of rules and steps covered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tune_or_prompt.decision import paths_in_play
from tune_or_prompt.rules.conditions import Cmp, comparisons, words
from tune_or_prompt.rules.explain import comparison_holds
from tune_or_prompt.rules.ruleset import LoadedRule, LoadedStep, PackInfo, RuleSet
from tune_or_prompt.ruletools.testing import CaseResult


@dataclass(frozen=True)
class ItemCoverage:
    """How many cases exercised one rule or step."""

    id: str
    kind: str  # rule, gate or advice
    pack: str
    source: str
    cases: int


@dataclass(frozen=True)
class ComparisonCoverage:
    """Whether one comparison of one rule or step was seen true and seen false."""

    owner: str
    where: str  # file:line:column
    text: str
    seen_true: bool
    seen_false: bool


@dataclass(frozen=True)
class Coverage:
    """The coverage of a run's cases over the rules and steps of the packs tested."""

    cases: int
    items: tuple[ItemCoverage, ...]
    comparisons: tuple[ComparisonCoverage, ...]

    @property
    def items_pct(self) -> float:
        """The share of rules and steps covered, in percent (100 when there are none)."""
        if not self.items:
            return 100.0
        return 100.0 * sum(i.cases > 0 for i in self.items) / len(self.items)

    @property
    def comparisons_pct(self) -> float:
        """The share of comparisons seen both true and false, in percent."""
        if not self.comparisons:
            return 100.0
        both = sum(c.seen_true and c.seen_false for c in self.comparisons)
        return 100.0 * both / len(self.comparisons)

    def uncovered(self) -> list[ItemCoverage]:
        """Return the rules and steps no case exercised."""
        return [i for i in self.items if i.cases == 0]


def _where(packs: dict[str, PackInfo], pack: str, cmp: Cmp) -> str:
    info = packs[pack]
    if info.document is None:
        return info.path
    loc = info.document.location(cmp.loc)
    return f"{info.path}:{loc.line}:{loc.column}"


def _comparisons(
    owner: LoadedRule | LoadedStep, results: Sequence[CaseResult], packs: dict[str, PackInfo]
) -> list[ComparisonCoverage]:
    cond = owner.when if isinstance(owner, LoadedRule) else owner.met_when
    if cond is None:
        return []
    out = []
    for cmp in comparisons(cond):
        truths = {comparison_holds(cmp, r.facts) for r in results}
        where = _where(packs, owner.pack, cmp)
        out.append(ComparisonCoverage(owner.id, where, words(cmp), True in truths, False in truths))
    return out


def coverage(ruleset: RuleSet, tested: Sequence[str], results: Sequence[CaseResult]) -> Coverage:
    """Measure what ``results`` exercised of the rules and steps defined by the ``tested`` packs."""
    packs = {p.name: p for p in ruleset.packs}
    scope = set(tested)
    items: list[ItemCoverage] = []
    cmps: list[ComparisonCoverage] = []
    for rule in ruleset.rules:
        if rule.pack in scope:
            n = sum(any(f.id == rule.id for f in r.decision.fired) for r in results)
            items.append(ItemCoverage(rule.id, "rule", rule.pack, rule.source, n))
            cmps += _comparisons(rule, results, packs)
    for step in ruleset.steps:
        if step.pack not in scope:
            continue
        if step.met_when is None:
            n = sum(step.path in paths_in_play(r.decision.verdict) for r in results)
            items.append(ItemCoverage(step.id, "advice", step.pack, step.source, n))
            continue
        n = sum(any(g.id == step.id and g.status == "met" for g in r.decision.gates) for r in results)
        items.append(ItemCoverage(step.id, "gate", step.pack, step.source, n))
        cmps += _comparisons(step, results, packs)
    return Coverage(len(results), tuple(items), tuple(cmps))
