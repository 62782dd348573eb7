"""``rules test``: a pack's test cases, run through the same pipeline as ``decide``.

A pack's cases live in its ``tests:`` list or in ``NAME.tests.yaml`` beside
it (:class:`~.schema.Case`). Each case gives some answers (the rest take
their defaults), optional cost assumptions, and what the decision must be.
:func:`collect` reads and checks every case of every pack before anything
runs, so a bad tests file fails as a whole with ``file:line:column``;
:func:`run` then prices and decides each case with
:func:`~tune_or_prompt.pipeline.evaluate_workload` on the default engine
(durable_rules where it imports), exactly as ``decide --answers`` would, and
compares the decision with the expectations.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tune_or_prompt.answers_io import answer_problems, answers_from_values
from tune_or_prompt.decision import Decision
from tune_or_prompt.errors import Problem, UserError
from tune_or_prompt.facts import build_facts
from tune_or_prompt.rules.explain import meet_words, nnf, to_meet
from tune_or_prompt.rules.files import PACK_SUFFIXES, is_tests_file, read_model, tests_file_of
from tune_or_prompt.rules.ruleset import PackInfo, RuleSet
from tune_or_prompt.rules.schema import Case, CasesFile, Expect
from tune_or_prompt.tco import Assumptions
from tune_or_prompt.yamlfile import YamlDocument, suggest, validation_problems


@dataclass(frozen=True)
class LoadedCase:
    """A checked test case, with where it is written.

    Attributes:
        name: The case's name.
        pack: The pack whose tests it is.
        file: The tests' file as messages show it.
        line: The line of the case.
        answers: Its answers (built-in and house question ids).
        assumptions: Its cost assumptions, validated.
        expect: What the decision must be.

    """

    name: str
    pack: str
    file: str
    line: int
    answers: dict[str, Any]
    assumptions: Assumptions
    expect: Expect


@dataclass
class CaseResult:
    """One case run: its decision, the facts it decided on, and each unmet expectation."""

    case: LoadedCase
    decision: Decision
    facts: dict[str, Any]
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        """Whether every expectation held."""
        return not self.failures

    def line(self) -> str:
        """Return the failure as one line: ``file:line: case NAME: expected ..., got ...``."""
        return f"{self.case.file}:{self.case.line}: case {self.case.name}: " + "; ".join(self.failures)


def pack_paths(paths: Sequence[Path]) -> list[Path]:
    """Return ``paths`` with each tests file replaced by the pack beside it.

    Raises:
        UserError: a tests file with no pack beside it.

    """
    out: list[Path] = []
    for path in paths:
        if not is_tests_file(path):
            out.append(path)
            continue
        stem = Path(path.stem).stem
        found = [path.with_name(stem + s) for s in PACK_SUFFIXES if path.with_name(stem + s).is_file()]
        if not found:
            raise UserError(f"{path}: no pack {stem}.yaml beside this tests file")
        out.append(found[0])
    return out


def _tests_doc(path: Path, problems: list[Problem]) -> tuple[YamlDocument, list[Case]] | None:
    read = read_model(path, "tests file", CasesFile, "a tests file is a mapping with a 'tests' list of cases", problems)
    return None if read is None else (read[0], read[1].tests)


def _shown_tests(pack: PackInfo, path: Path) -> str:
    return f"rules/{path.name}" if pack.builtin else str(path)


def _check_ids(
    doc: YamlDocument, loc: tuple[int | str, ...], expect: Expect, ruleset: RuleSet
) -> list[Problem]:
    rules = [r.id for r in ruleset.rules]
    gates = [s.id for s in ruleset.steps if s.met_when is not None]
    problems = []
    for key in ("fired", "not_fired"):
        for j, rule_id in enumerate(getattr(expect, key)):
            if rule_id not in rules:
                problems.append(doc.problem(
                    (*loc, "expect", key, j), f"no rule {rule_id!r} in effect", suggest(rule_id, rules)
                ))
    advice = [s.id for s in ruleset.steps if s.met_when is None]
    for gate_id in expect.gates:
        if gate_id not in gates:
            what = f"{gate_id!r} is advice (no met_when), not a gate" if gate_id in advice else (
                f"no gate {gate_id!r} in effect"
            )
            hint = suggest(gate_id, gates) or f"the gates in effect: {', '.join(gates) or 'none'}"
            problems.append(doc.problem((*loc, "expect", "gates", gate_id), what, hint))
    return problems


def _cases_of(
    doc: YamlDocument, cases: Sequence[Case], pack: str, shown: str, ruleset: RuleSet, problems: list[Problem]
) -> list[LoadedCase]:
    loaded: list[LoadedCase] = []
    names: dict[str, int] = {}
    for i, case in enumerate(cases):
        loc: tuple[int | str, ...] = ("tests", i)
        line = doc.location(loc).line or 0
        found = _check_ids(doc, loc, case.expect, ruleset)
        found += answer_problems(doc, case.answers, ruleset, (*loc, "answers"))
        try:
            assumptions = Assumptions.model_validate(case.assumptions)
        except ValidationError as exc:
            found += validation_problems(doc, exc, Assumptions, (*loc, "assumptions"))
        if case.name in names:
            found.append(doc.problem(
                (*loc, "name"), f"duplicate case name {case.name!r}: also on line {names[case.name]}"
            ))
        names.setdefault(case.name, line)
        problems.extend(found)
        if not found:
            loaded.append(LoadedCase(case.name, pack, shown, line, dict(case.answers), assumptions, case.expect))
    return loaded


def collect(ruleset: RuleSet, packs: Iterable[PackInfo]) -> tuple[list[LoadedCase], list[str]]:
    """Return the cases of ``packs`` (inline, then their tests file), and the packs that have none.

    Raises:
        UserError: every problem in every tests file, positioned; no case runs.

    """
    problems: list[Problem] = []
    cases: list[LoadedCase] = []
    untested: list[str] = []
    for pack in packs:
        raw_inline = pack.document.data.get("tests") if pack.document is not None else None
        if pack.document is not None and raw_inline:
            inline = [Case.model_validate(c) for c in raw_inline]
            cases += _cases_of(pack.document, inline, pack.name, pack.path, ruleset, problems)
        tests_path = tests_file_of(pack.file) if pack.file is not None else None
        if not raw_inline and tests_path is None:
            untested.append(pack.name)
        if tests_path is not None:
            parsed = _tests_doc(tests_path, problems)
            if parsed is not None:
                doc, file_cases = parsed
                shown = _shown_tests(pack, tests_path)
                cases += _cases_of(doc, file_cases, pack.name, shown, ruleset, problems)
    if problems:
        count = len(problems)
        raise UserError(f"{count} problem{'s' if count > 1 else ''} in test cases; nothing was run", problems)
    return cases, untested


def select(cases: Sequence[LoadedCase], pattern: str | None) -> list[LoadedCase]:
    """Return the cases whose name contains ``pattern`` (any case), or all of them.

    Raises:
        UserError: no case matches.

    """
    if not pattern:
        return list(cases)
    chosen = [c for c in cases if pattern.lower() in c.name.lower()]
    if not chosen:
        raise UserError(f"-k {pattern!r} matches none of the {len(cases)} case(s)")
    return chosen


def _held_back(decision: Decision) -> str:
    gates = [g for g in decision.gates if g.blocking and g.path == "fine_tuning" and g.status in ("unmet", "unknown")]
    return ", ".join(f"gate {g.id} {g.status}" for g in gates)


def _verdict_context(decision: Decision) -> str:
    if decision.verdict == "prompt_engineering_first":
        return _held_back(decision)
    if decision.verdict == "undecided":
        required = [r.id for r in decision.fired if r.strength == "required"]
        return "required rules " + ", ".join(required) + " contradict"
    fired = ", ".join(r.id for r in decision.fired) or "none"
    return f"fired: {fired}"


def failures(case: LoadedCase, decision: Decision, facts: dict[str, Any], ruleset: RuleSet) -> list[str]:
    """Return each expectation of ``case`` that ``decision`` does not meet, in words."""
    exp = case.expect
    out: list[str] = []
    if exp.verdict is not None and decision.verdict != exp.verdict:
        out.append(f"expected verdict {exp.verdict}, got {decision.verdict} ({_verdict_context(decision)})")
    fired = {r.id: r for r in decision.fired}
    why_not = {r.id: r.reason for r in decision.not_fired}
    for rule_id in exp.fired:
        if rule_id not in fired:
            out.append(f"expected {rule_id} to fire; it did not: {why_not[rule_id]}")
    for rule_id in exp.not_fired:
        if rule_id in fired:
            out.append(f"expected {rule_id} not to fire; it fired: {fired[rule_id].because}")
    statuses = {g.id: g.status for g in decision.gates}
    steps = {s.id: s for s in ruleset.steps}
    for gate_id, status in exp.gates.items():
        if statuses[gate_id] != status:
            text = f"expected gate {gate_id} {status}, got {statuses[gate_id]}"
            cond = steps[gate_id].met_when
            if statuses[gate_id] != "met" and cond is not None:
                text += "; to meet it: " + ", ".join(meet_words(f) for f in to_meet(nnf(cond), facts))
            out.append(text)
    if exp.confidence_at_least is not None and decision.confidence < exp.confidence_at_least:
        out.append(f"expected confidence at least {exp.confidence_at_least:g}, got {decision.confidence:g}")
    return out


def run(cases: Sequence[LoadedCase], ruleset: RuleSet) -> list[CaseResult]:
    """Run every case through the pipeline (costs, facts, rules, policy) and check it.

    Raises:
        UserError: a case whose answers the pipeline refuses (an unknown API
            model, say), naming the case.

    """
    from tune_or_prompt.pipeline import evaluate_workload
    from tune_or_prompt.pricing import load_catalogue

    catalogue = load_catalogue([])
    results = []
    for case in cases:
        start = time.perf_counter()
        try:
            answers, house = answers_from_values(case.answers, ruleset)
            report, decision = evaluate_workload(
                answers, house, assumptions=case.assumptions, catalogue=catalogue, ruleset=ruleset
            )
        except UserError as exc:
            raise UserError(f"{case.file}:{case.line}: case {case.name}: {exc.render()}") from None
        facts = build_facts(answers, report, house)
        result = CaseResult(case, decision, facts, failures(case, decision, facts, ruleset))
        result.seconds = time.perf_counter() - start
        results.append(result)
    return results


@dataclass(frozen=True)
class TestRun:
    """A ``rules test`` run: the rule set, the packs tested, the results.

    Attributes:
        ruleset: The rules in effect (built-ins plus the packs given).
        tested: The names of the packs whose cases ran.
        untested: Packs among those with no case at all.
        results: One per case run, in file order.

    """

    __test__ = False  # not a pytest class

    ruleset: RuleSet
    tested: tuple[str, ...]
    untested: tuple[str, ...]
    results: tuple[CaseResult, ...]

    @property
    def failed(self) -> list[CaseResult]:
        """The results of the cases that failed."""
        return [r for r in self.results if not r.passed]

    @property
    def engine(self) -> str:
        """The engine the cases ran on."""
        return self.results[0].decision.engine if self.results else ""


def run_tests(paths: Sequence[Path], *, builtin: bool = True, pattern: str | None = None) -> TestRun:
    """Run the test cases of the packs at ``paths`` (none: the built-in packs') on the rules in effect.

    Raises:
        UserError: a bad pack or tests file (positioned), no case found, or
            no case matching ``pattern``.

    """
    from tune_or_prompt.rules.loader import load_packs

    packs_given = pack_paths(paths)
    ruleset = load_packs(packs_given, builtin=builtin)
    scope = [p for p in ruleset.packs if p.builtin] if not packs_given else [p for p in ruleset.packs if not p.builtin]
    cases, untested = collect(ruleset, scope)
    if not cases:
        names = ", ".join(p.name for p in scope) or "none"
        raise UserError(
            f"no test cases in the packs tested ({names}): add a 'tests:' list to a pack, "
            "or NAME.tests.yaml beside NAME.yaml (tune-or-prompt rules init writes both)"
        )
    results = run(select(cases, pattern), ruleset)
    return TestRun(ruleset, tuple(p.name for p in scope), tuple(untested), tuple(results))
