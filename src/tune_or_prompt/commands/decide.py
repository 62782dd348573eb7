"""``decide`` and ``rules explain``: one workload decided, and the same decision explained rule by rule.

Both run :func:`decide_workload` on the same inputs (answers file, packs, cost
assumptions and flags, draws), so ``rules explain`` explains the decision
``decide`` prints, never another one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tune_or_prompt.answers import Answers
    from tune_or_prompt.decision import Decision
    from tune_or_prompt.rules import RuleSet
    from tune_or_prompt.rules.explain import Explanation
    from tune_or_prompt.tco import TcoReport


@dataclass(frozen=True)
class Decided:
    """One workload decided: what went in and what came out.

    Attributes:
        answers: The built-in answers (defaults filled).
        house: The house packs' answers.
        ruleset: The packs in effect.
        report: The TCO report, with the draws' spread when there were draws.
        decision: The verdict, the rules that fired, the gates and the confidence.

    """

    answers: Answers
    house: dict[str, Any]
    ruleset: RuleSet
    report: TcoReport
    decision: Decision


def decide_workload(
    *,
    answers_file: Path | None,
    rules: Sequence[Path],
    builtin_rules: bool,
    assumptions_file: Path | None,
    prices: Sequence[Path],
    assumption_flags: Mapping[str, Any],
    draws: int,
    random_seed: int,
    sensitivity: bool = False,
    ruleset: RuleSet | None = None,
) -> Decided:
    """Read the answers (the article's example without a file), price the workload and decide it.

    ``ruleset`` is the packs already loaded from ``rules`` and ``builtin_rules``
    (a caller that checked something against them first); None loads them.

    Raises:
        UserError: a bad answers, assumptions, prices or rule pack file, or a bad flag.

    """
    from tune_or_prompt.answers_io import answers_from_values, load_answers_file, split_assumptions
    from tune_or_prompt.checks import require_finite
    from tune_or_prompt.pipeline import evaluate_workload
    from tune_or_prompt.pricing import load_catalogue
    from tune_or_prompt.rules import load_packs
    from tune_or_prompt.tco.assumptions_io import (
        build_assumptions,
        files_setting,
        load_assumptions_file,
        naming_files,
    )

    if ruleset is None:
        ruleset = load_packs(list(rules), builtin=builtin_rules)
    values, answer_costs = split_assumptions(
        load_answers_file(answers_file, ruleset) if answers_file is not None else {})
    built, house = answers_from_values(values, ruleset)
    file_costs = load_assumptions_file(assumptions_file) if assumptions_file else {}
    costs = build_assumptions({**file_costs, **answer_costs}, dict(assumption_flags))
    with naming_files(files_setting([(assumptions_file, file_costs), (answers_file, answer_costs)],
                                    assumption_flags)):
        report, decision = evaluate_workload(
            built, house, assumptions=costs, catalogue=load_catalogue(list(prices)), ruleset=ruleset,
            uncertainty_draws=draws, random_seed=random_seed, sensitivity=sensitivity,
        )
    require_finite(report, "decide")
    require_finite(decision, "decide")
    return Decided(built, dict(house), ruleset, report, decision)


def decision_json(decided: Decided) -> dict[str, Any]:
    """Return ``decide --format json``: the decision, the house answers, the TCO and the draws' spread."""
    payload = decided.decision.model_dump(mode="json")
    payload["house_answers"] = decided.house
    payload["tco"] = decided.report.model_dump(mode="json", exclude={"uncertainty", "sensitivity"})
    if decided.report.uncertainty is not None:
        payload["uncertainty"] = decided.report.uncertainty.model_dump(mode="json")
    if decided.report.sensitivity is not None:
        payload["sensitivity"] = decided.report.sensitivity.model_dump(mode="json")
    return payload


def explain_decision(decided: Decided, rule: str | None = None) -> list[Explanation]:
    """Say for every rule and step (or only ``rule``) whether it fired in ``decided`` and, if not, why not."""
    from tune_or_prompt.facts import build_facts
    from tune_or_prompt.rules.explain import explain

    facts = build_facts(decided.answers, decided.report, decided.house)
    found = explain(decided.ruleset, facts, [r.id for r in decided.decision.fired],
                    {g.id: g.status for g in decided.decision.gates})
    return [e for e in found if rule is None or e.id == rule]
