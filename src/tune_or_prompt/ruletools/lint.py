"""``rules lint``: static checks over the rules in effect, each finding positioned and explained.

Checks (code, severity):

* ``unknown-fact`` (error) and every other load problem (``pack-error``,
  ``override-of-disabled``, ...): what ``rules check`` reports; the lint
  reports them and goes on with every rule that did load.
* ``out-of-range`` (error): a comparison no value of its fact can meet, such
  as ``accuracy_target_pct: {gt: 950}`` (the answer is 0 to 100).
* ``never-holds`` (error): a condition no facts can meet, such as
  ``gt: 10`` with ``lt: 5`` on one fact.
* ``gate-never-met`` (error): a step's ``met_when`` that no facts can meet.
* ``required-conflict`` (error): two ``required`` rules for opposite paths
  that fire together, with a *witness*: answers under which both fire, which
  ``decide --answers`` turns into ``undecided``.
* ``always-holds`` / ``gate-always-met`` (warning): a comparison or a
  condition that every value meets.
* ``required-overlap`` (warning): two such rules whose conditions overlap on
  the facts, but no answers were found under which both fire.
* ``shadowed`` (warning): a house rule or step that a later pack's override
  replaces or disables, so it never runs.
* ``uncertainty-only`` (warning): a comparison on ``p_fine_tuning_cheaper``,
  which only the uncertainty analysis provides.

Conditions are reasoned about exactly over intervals and value sets
(:mod:`.intervals`) within the facts' domains (:mod:`.domains`).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from tune_or_prompt.errors import Problem
from tune_or_prompt.rules.conditions import Cmp, Loc, comparisons, words
from tune_or_prompt.rules.domains import Domain, fact_domains
from tune_or_prompt.rules.explain import Conj, Lit, Nnf, nnf
from tune_or_prompt.rules.intervals import (
    allowed,
    always_holds,
    boxes,
    can_hold,
    complement,
    intersect,
    literal_values,
)
from tune_or_prompt.rules.ruleset import LoadedRule, LoadedStep, PackInfo, RuleSet
from tune_or_prompt.rules.schema import StrengthScale

Severity = Literal["error", "warning"]
UNCERTAINTY_FACTS = ("p_fine_tuning_cheaper",)


@dataclass(frozen=True)
class Finding:
    """One lint finding.

    Attributes:
        code: What kind of finding (``out-of-range``, ``required-conflict``...).
        severity: ``error`` or ``warning``.
        subject: The rule or step it concerns (``rule acme-pii``), or ''.
        problem: Message, position with source line and caret, and a fix hint.
        witness: For ``required-conflict``, answers under which both rules fire.

    """

    code: str
    severity: Severity
    subject: str
    problem: Problem
    witness: dict[str, Any] | None = None

    def render(self) -> str:
        """Return ``file:line:col: error [code] subject: message`` with the caret and help."""
        about = f"{self.subject}: " if self.subject else ""
        shown = replace(self.problem, message=f"{self.severity} [{self.code}] {about}{self.problem.message}")
        return shown.render()


@dataclass
class LintReport:
    """Every finding of a lint run, in file order."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        """The findings of severity error."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """The findings of severity warning."""
        return [f for f in self.findings if f.severity == "warning"]

    def exit_code(self, strict: bool) -> int:
        """Return 2 with errors, 1 with warnings under ``strict``, else 0."""
        if self.errors:
            return 2
        return 1 if strict and self.warnings else 0


class _Linter:
    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.packs: dict[str, PackInfo] = {p.name: p for p in ruleset.packs}
        self.domains = fact_domains(ruleset.facts, ruleset.questions)
        self.report = LintReport()

    def add(
        self, code: str, severity: Severity, subject: str, pack: str, loc: Loc, message: str,
        help: str | None = None, witness: dict[str, Any] | None = None,
    ) -> None:
        doc = self.packs[pack].document
        problem = doc.problem(loc, message, help) if doc is not None else Problem(message, help=help)
        self.report.findings.append(Finding(code, severity, subject, problem, witness))

    # -- comparisons and conditions ------------------------------------------------

    def comparison(self, subject: str, pack: str, cmp: Cmp) -> str | None:
        """Check one comparison alone; return ``never`` or ``always`` when it had that finding."""
        d = self.domains[cmp.fact]
        values = allowed(d, cmp)
        if cmp.fact in UNCERTAINTY_FACTS:
            self.add(
                "uncertainty-only", "warning", subject, pack, cmp.loc,
                f"{cmp.fact} is known only when the uncertainty analysis runs",
                "advise runs it by default and decide with --uncertainty; plain decide, batch and "
                "rules test leave the fact absent, so this comparison is false there",
            )
        if values.empty():
            self.add(
                "out-of-range", "error", subject, pack, cmp.loc,
                f"{_said(cmp)} never holds: {_range(cmp, d)}", _fix_never(cmp, d),
            )
            return "never"
        rest = complement(d, values)
        if rest.empty():
            self.add(
                "always-holds", "warning", subject, pack, cmp.loc,
                f"{_said(cmp)} always holds: {_range(cmp, d)}", "remove the comparison",
            )
            return "always"
        if cmp.op != "exists" and not (rest.spans or rest.items or rest.excluded):
            self.add(
                "always-holds", "warning", subject, pack, cmp.loc,
                f"{_said(cmp)} holds whenever {cmp.fact} is known: {_range(cmp, d)}",
                "exists: true says the same",
            )
            return "always"
        return None

    def condition(self, kind: str, item: LoadedRule | LoadedStep) -> None:
        cond = item.when if isinstance(item, LoadedRule) else item.met_when
        if cond is None:
            return
        subject = f"{kind} {item.id}"
        # A comparison's own finding explains the condition's: it is not said twice.
        noted = {self.comparison(subject, item.pack, c) for c in comparisons(cond)}
        form = nnf(cond)
        key = "when" if isinstance(item, LoadedRule) else "met_when"
        gate = isinstance(item, LoadedStep)
        if "never" not in noted and not can_hold(form, self.domains):
            pair = self._conflicting_pair(form)
            code = "gate-never-met" if gate else "never-holds"
            what = "the gate can never be met" if gate else "the rule can never fire"
            if pair:
                a, b = pair
                self.add(code, "error", subject, item.pack, b.cmp.loc,
                         f"{_lit_words(a)} and {_lit_words(b)} cannot both hold: {what}",
                         "check the thresholds' direction (lt/gt) and units")
            else:
                self.add(code, "error", subject, item.pack, (*item.loc, key),
                         f"no facts meet this condition: {what}",
                         "rules explain on a workload it should match names the comparison that fails")
        elif "always" not in noted and always_holds(form, self.domains):
            code = "gate-always-met" if gate else "always-holds"
            what = "the gate is met for every workload" if gate else "the rule fires for every workload"
            self.add(code, "warning", subject, item.pack, (*item.loc, key),
                     f"the condition holds for any facts: {what}",
                     "narrow the condition, or drop it if that is the intent")

    def _conflicting_pair(self, form: Nnf) -> tuple[Lit, Lit] | None:
        """Find two comparisons of one fact, both required at the top, that exclude each other."""
        top = [i for i in (form.items if isinstance(form, Conj) else (form,)) if isinstance(i, Lit)]
        for a, b in itertools.combinations(top, 2):
            if a.cmp.fact != b.cmp.fact:
                continue
            d = self.domains[a.cmp.fact]
            if intersect(d, literal_values(d, a), literal_values(d, b)).empty():
                return a, b
        return None

    # -- required rules --------------------------------------------------------------

    def required_form(self, rule: LoadedRule) -> Nnf | None:
        """Return when ``rule`` fires as required (a scale adds its threshold), or None if it never is."""
        if rule.strength == "required":
            return nnf(rule.when)
        scale = rule.strength
        if isinstance(scale, StrengthScale):
            if scale.start == "required":
                return nnf(rule.when)
            if "required" in scale.at_least:
                at = Cmp(scale.grows_with, "gte", scale.at_least["required"], ())
                return Conj((nnf(rule.when), nnf(at)))
        return None

    def required_pairs(self) -> None:
        from tune_or_prompt.ruletools.witness import find_witness

        forms = [(r, f) for r in self.ruleset.rules if (f := self.required_form(r)) is not None]
        for (a, fa), (b, fb) in itertools.combinations(forms, 2):
            if a.verdict == b.verdict:
                continue
            overlap = boxes(Conj((fa, fb)), self.domains)
            if not overlap:
                continue
            house_a, house_b = (not self.packs[r.pack].builtin for r in (a, b))
            later, other = (a, b) if house_a and not house_b else (b, a)
            subject = f"rule {later.id}"
            witness = find_witness(overlap, self.ruleset, self.domains, (a.id, b.id), "undecided")
            if witness is not None:
                self.add(
                    "required-conflict", "error", subject, later.pack, (*later.loc, "strength"),
                    f"required for {later.verdict}, while required rule {other.id} ({other.source}) "
                    f"requires {other.verdict}; both fire on {_flow(witness)}, and the verdict is undecided",
                    "narrow one condition, lower one strength, or disable one with an override; "
                    "the answers above make a test case",
                    witness,
                )
            else:
                self.add(
                    "required-overlap", "warning", subject, later.pack, (*later.loc, "strength"),
                    f"required for {later.verdict}, and required rule {other.id} ({other.source}) "
                    f"requires {other.verdict}; their conditions overlap, but no answers tried make both fire",
                    "if they can fire together the verdict is undecided; a test case settles it",
                )

    # -- overrides ------------------------------------------------------------------

    def shadowed(self) -> None:
        for s in self.ruleset.shadowed:
            if self.packs[s.item.pack].builtin:
                continue  # overriding a built-in is what overrides are for
            kind = "rule" if isinstance(s.item, LoadedRule) else "step"
            replacement = isinstance(s.item, LoadedRule) and s.item.replaces is not None
            loc = (*s.item.loc[:-1], "id") if replacement else (*s.item.loc, "id")
            self.add(
                "shadowed", "warning", f"{kind} {s.item.id}", s.item.pack, loc,
                f"{s.action} by an override in pack {s.by_pack} ({s.by_source}): this definition never runs",
                "remove it here, or remove the override",
            )


def _flow(values: Mapping[str, Any]) -> str:
    def show(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)

    return "{" + ", ".join(f"{k}: {show(v)}" for k, v in values.items()) + "}"


def _lit_words(lit: Lit) -> str:
    return words(lit.cmp) if lit.positive else f"not ({words(lit.cmp)})"


def _said(cmp: Cmp) -> str:
    if cmp.op == "exists":
        return f"exists: {'true' if cmp.value else 'false'} on {cmp.fact}"
    return words(cmp)


def _range(cmp: Cmp, d: Domain) -> str:
    fact = cmp.fact
    if cmp.op == "exists":
        return f"{fact} is always known" if not d.may_be_absent else f"{fact} may be absent"
    if d.kind == "number":
        return f"{fact} is {d.range_words()} ({d.origin})" if d.origin else f"{fact} is {d.range_words()}"
    return f"{fact} is {d.range_words()}"


def _fix_never(cmp: Cmp, d: Domain) -> str:
    if cmp.op == "exists":
        return "remove the comparison: the fact is always there"
    if d.kind == "number" and cmp.op in ("gt", "gte", "lt", "lte"):
        return f"use a threshold within {d.range_words()}; check the unit (a percentage is 0 to 100)"
    return "use a value the fact can take"


def lint_ruleset(ruleset: RuleSet, problems: Sequence[Problem] = ()) -> LintReport:
    """Run every check on a loaded rule set; ``problems`` are the loader's, reported first."""
    linter = _Linter(ruleset)
    for p in problems:
        linter.report.findings.append(Finding(p.code or "pack-error", "error", "", p))
    for rule in ruleset.rules:
        linter.condition("rule", rule)
    for step in ruleset.steps:
        linter.condition("step", step)
    linter.required_pairs()
    linter.shadowed()
    return linter.report


def lint(paths: Sequence[Path], *, builtin: bool = True) -> LintReport:
    """Load the built-ins (unless ``builtin`` is false) and ``paths`` leniently, then lint them."""
    from tune_or_prompt.rules.loader import load_packs_leniently

    ruleset, problems = load_packs_leniently(paths, builtin=builtin)
    report = lint_ruleset(ruleset, problems)
    report.findings.sort(key=_order)
    return report


def _order(f: Finding) -> tuple[str, int, int]:
    loc = f.problem.location
    return (loc.path, loc.line or 0, loc.column or 0) if loc else ("", 0, 0)
