"""The rules in effect after every pack is loaded: what ``evaluate`` runs.

A :class:`RuleSet` is immutable and self-contained: its rules and steps (with
the pack and file:line each came from), the house questions, the fact
vocabulary those define, and the compiled rulesets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from tune_or_prompt.errors import Problem, UserError
from tune_or_prompt.facts import FactSpec
from tune_or_prompt.rules.compiler import CompiledRules
from tune_or_prompt.rules.conditions import Cond, Loc, comparisons, reads, words
from tune_or_prompt.rules.schema import HouseQuestion, StrengthScale
from tune_or_prompt.rules.text import placeholders
from tune_or_prompt.verdicts import Path as PathName
from tune_or_prompt.verdicts import Strength
from tune_or_prompt.words import count
from tune_or_prompt.yamlfile import YamlDocument, suggest

STRENGTH_ORDER: tuple[Strength, ...] = ("weak", "moderate", "strong", "required")


@dataclass(frozen=True)
class PackInfo:
    """A loaded pack: its name, description and file.

    Attributes:
        name: The pack's name.
        description: What it encodes.
        path: The file as messages show it (``rules/NAME`` for a built-in).
        builtin: Whether it ships with the tool.
        file: The file on disk.
        document: The parsed file, for tools that point into it (``rules lint``).

    """

    name: str
    description: str
    path: str
    builtin: bool
    file: Path | None = field(default=None, compare=False)
    document: YamlDocument | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class LoadedRule:
    """A rule in effect.

    Attributes:
        id: The rule's id.
        pack: The pack that defines it (the overriding pack, for a replaced rule).
        source: ``file:line`` of its definition.
        verdict: The path it argues for.
        strength: A fixed strength, or a scale over a numeric fact.
        priority: Lower fires first.
        when: The condition.
        because: The reason, with ``{fact}`` placeholders.
        replaces: ``pack`` of the rule it replaced, if it is an override.
        loc: Where the rule is in its pack's document (a YAML path).

    """

    id: str
    pack: str
    source: str
    verdict: PathName
    strength: Strength | StrengthScale
    priority: int
    when: Cond
    because: str
    replaces: str | None = None
    loc: Loc = ()

    @cached_property
    def read_facts(self) -> tuple[str, ...]:
        """Every fact the rule reads: its condition, its strength scale, its reason."""
        names = reads(self.when)
        if isinstance(self.strength, StrengthScale):
            names.append(self.strength.grows_with)
        names += [name for name, _ in placeholders(self.because)]
        return tuple(dict.fromkeys(names))

    @cached_property
    def _ladder(self) -> tuple[tuple[Strength, float], ...]:
        """A scale's thresholds, strongest first."""
        assert isinstance(self.strength, StrengthScale)
        steps = self.strength.at_least.items()
        return tuple(sorted(steps, key=lambda kv: STRENGTH_ORDER.index(kv[0]), reverse=True))

    def strength_for(self, facts: Mapping[str, Any]) -> Strength:
        """Return the strength on these facts (a scale takes the highest threshold reached)."""
        scale = self.strength
        if not isinstance(scale, StrengthScale):
            return scale
        value = facts.get(scale.grows_with)
        if isinstance(value, (int, float)):
            for strength, at in self._ladder:  # every step is above start (the loader checks)
                if value >= at:
                    return strength
        return scale.start

    def strength_words(self) -> str:
        """Return the strength in words, e.g. ``weak; moderate at tco_cost_ratio ≥ 1.5``."""
        if not isinstance(self.strength, StrengthScale):
            return self.strength
        steps = sorted(self.strength.at_least.items(), key=lambda kv: kv[1])
        rising = ", ".join(f"{s} at {self.strength.grows_with} ≥ {at:g}" for s, at in steps)
        return f"{self.strength.start}; {rising}"

    def condition_words(self) -> str:
        """Return the condition in words."""
        return words(self.when)


@dataclass(frozen=True)
class LoadedStep:
    """A validation step in effect; with ``met_when`` it is a gate."""

    id: str
    pack: str
    source: str
    path: PathName
    title: str
    detail: str
    items: tuple[str, ...]
    met_when: Cond | None
    blocking: bool
    loc: Loc = ()
    deployment: str = "any"  # an advice-only step listed only for this privacy answer

    def applies(self, facts: Mapping[str, Any]) -> bool:
        """Whether the step belongs in the checklist of a workload with these facts."""
        return self.deployment == "any" or facts.get("privacy") == self.deployment

    @cached_property
    def read_facts(self) -> tuple[str, ...]:
        """The facts the gate's condition reads (none for an advice-only step)."""
        return tuple(reads(self.met_when)) if self.met_when else ()

    @cached_property
    def compared_facts(self) -> frozenset[str]:
        """The facts the gate compares other than with ``exists``: absent ones make it unknown."""
        if self.met_when is None:
            return frozenset()
        return frozenset(c.fact for c in comparisons(self.met_when) if c.op != "exists")


@dataclass(frozen=True)
class Shadowed:
    """A rule or step that a later pack's override replaced or disabled.

    Attributes:
        item: The definition no longer in effect.
        by_pack: The pack whose override did it.
        by_source: ``file:line`` of that override.
        action: ``replaced`` or ``disabled``.

    """

    item: LoadedRule | LoadedStep
    by_pack: str
    by_source: str
    action: str


@dataclass(frozen=True)
class RuleSet:
    """Everything :func:`~tune_or_prompt.rules.evaluate` needs, loaded and compiled.

    Attributes:
        packs: The packs in load order.
        rules: The rules in effect, in firing order.
        steps: The validation steps in effect, in load order.
        questions: The house questions, in load order.
        facts: The fact vocabulary: built-in facts plus one per house question.
        compiled: The compiled rulesets.
        shadowed: Definitions that overrides replaced or disabled, in load order.

    """

    packs: tuple[PackInfo, ...]
    rules: tuple[LoadedRule, ...]
    steps: tuple[LoadedStep, ...]
    questions: tuple[HouseQuestion, ...]
    facts: Mapping[str, FactSpec]
    compiled: CompiledRules
    shadowed: tuple[Shadowed, ...] = ()

    @cached_property
    def cost_rule_ids(self) -> frozenset[str]:
        """Ids of the rules whose condition reads a TCO fact (for the cost notes)."""
        return frozenset(
            r.id for r in self.rules if any(self.facts[n].origin == "tco" for n in reads(r.when))
        )

    def rule(self, rule_id: str) -> LoadedRule:
        """Return the rule with this id (KeyError if none)."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def validate_house_answers(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Check house answers against the questions; return every question's value.

        Unanswered questions take their default (``None`` when they have none,
        which leaves the fact absent).

        Raises:
            UserError: an unknown question id, or a value of the wrong type or
                out of range; one problem per bad answer, naming the question.

        """
        by_id = {q.id: q for q in self.questions}
        problems: list[Problem] = []
        for key in values:
            if key not in by_id:
                problems.append(
                    Problem(f"unknown house question {key!r}", help=suggest(key, by_id))
                )
        result: dict[str, Any] = {}
        for q in self.questions:
            value = values.get(q.id, q.default)
            try:
                result[q.id] = None if value is None else q.check(value)
            except ValueError as exc:
                problems.append(Problem(f"house question {exc}", help=q.prompt))
        if problems:
            raise UserError(f"{count(len(problems), 'bad house answer')}", problems)
        return result
