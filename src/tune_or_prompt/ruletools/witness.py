"""Witnesses: concrete answers under which a set of rules really fire together.

The interval reasoning (:mod:`.intervals`) says where two conditions overlap
as a box over the facts. Facts are not all answers: ``monthly_tokens`` is
volume times tokens per query, and the cost facts come out of the cost
model. So a witness is built from a box by choosing the answers it names,
solving the volume for a token target, and, when the box reads cost facts,
trying a ladder of volumes and API models; each candidate is then run
through the pipeline (:func:`~tune_or_prompt.pipeline.evaluate_workload`,
default cost assumptions, as ``decide --answers`` runs it) and kept only if
the rules really fire. A witness is never a guess.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from tune_or_prompt.answers import DAYS_PER_MONTH, Answers
from tune_or_prompt.errors import UserError
from tune_or_prompt.rules.domains import Domain
from tune_or_prompt.rules.intervals import ABSENT, Box, Span, Values, contains, intersect, pick, universe
from tune_or_prompt.rules.ruleset import RuleSet

if TYPE_CHECKING:
    from tune_or_prompt.decision import Decision

# Volumes (queries a month) and API models tried when a box reads cost facts.
VOLUMES = (100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000)
API_MODELS = ("gpt-4o-mini", "gpt-4o", "claude-3-opus-20240229")
TOKEN_FACTS = ("monthly_tokens", "daily_tokens")


def _monthly_tokens(box: Box, domains: Mapping[str, Domain]) -> Values | None:
    """Return the monthly token volumes the box allows (``daily_tokens`` x 30 included)."""
    if not any(f in box for f in TOKEN_FACTS):
        return None
    d = domains["monthly_tokens"]
    allowed = box.get("monthly_tokens", universe(d))
    if "daily_tokens" in box:
        scaled = tuple(
            Span(s.lo * DAYS_PER_MONTH, s.hi * DAYS_PER_MONTH, s.lo_open, s.hi_open)
            for s in box["daily_tokens"].spans
        )
        allowed = intersect(d, allowed, Values(spans=scaled))
    return allowed


def base_answers(box: Box, ruleset: RuleSet, domains: Mapping[str, Domain]) -> dict[str, Any]:
    """Return answers that put every answer and house fact of the box inside it.

    A house fact the box wants absent is left unanswered. The token volume, if
    the box names one, is met by choosing ``queries_per_month``.
    """
    settable = set(Answers.model_fields) | {q.id for q in ruleset.questions}
    values: dict[str, Any] = {}
    for fact, allowed in box.items():
        if fact in settable:
            value = pick(domains[fact], allowed)
            if value is not ABSENT:
                values[fact] = value
    tokens = _monthly_tokens(box, domains)
    if tokens is not None and "queries_per_month" not in box:
        target = pick(domains["monthly_tokens"], tokens)
        if target is not ABSENT:
            per_query = values.get("input_tokens", Answers().input_tokens) + values.get(
                "output_tokens", Answers().output_tokens
            )
            if per_query <= 0 and target > 0:
                values["input_tokens"] = per_query = Answers().input_tokens
            exact = target / per_query if per_query else 0
            # A whole number of queries reads better in a test case, if it stays in the box.
            whole = math.ceil(exact)
            fits = contains(domains["monthly_tokens"], tokens, whole * per_query)
            values["queries_per_month"] = whole if fits else exact
    return values


def candidates(box: Box, ruleset: RuleSet, domains: Mapping[str, Domain]) -> Iterator[dict[str, Any]]:
    """Yield answers to try: the box's own choice, then volume and model ladders if it reads costs."""
    base = base_answers(box, ruleset, domains)
    yield base
    reads_costs = any(ruleset.facts[f].origin == "tco" for f in box if f in ruleset.facts)
    if not reads_costs:
        return
    models = [base["api_model"]] if "api_model" in box else list(API_MODELS)
    volumes = [base["queries_per_month"]] if "queries_per_month" in box else VOLUMES
    for model in models:
        for volume in volumes:
            yield {**base, "api_model": model, "queries_per_month": volume}


def _minimal(values: Mapping[str, Any], ruleset: RuleSet) -> dict[str, Any]:
    defaults = Answers().model_dump() | {q.id: q.default for q in ruleset.questions}
    return {k: v for k, v in sorted(values.items()) if defaults.get(k, ABSENT) != v}


def run_decision(values: Mapping[str, Any], ruleset: RuleSet) -> Decision | None:
    """Decide on ``values`` as ``decide --answers`` would; ``None`` when the pipeline refuses them."""
    from tune_or_prompt.answers_io import answers_from_values
    from tune_or_prompt.pipeline import evaluate_workload
    from tune_or_prompt.pricing import load_catalogue
    from tune_or_prompt.tco import Assumptions

    try:
        answers, house = answers_from_values(values, ruleset)
        _, decision = evaluate_workload(
            answers, house, assumptions=Assumptions(), catalogue=load_catalogue([]), ruleset=ruleset
        )
    except UserError:
        return None
    return decision


def find_witness(
    boxes: Sequence[Box],
    ruleset: RuleSet,
    domains: Mapping[str, Domain],
    rule_ids: Sequence[str],
    verdict: str | None = None,
    budget: int = 200,
) -> dict[str, Any] | None:
    """Return answers (only those that differ from the defaults) under which every rule of ``rule_ids`` fires.

    With ``verdict``, the decision must also have that verdict. Tries at
    most ``budget`` candidates across ``boxes``; ``None`` if none works.
    """
    tried = 0
    for box in boxes:
        for values in candidates(box, ruleset, domains):
            if tried >= budget:
                return None
            tried += 1
            decision = run_decision(values, ruleset)
            if decision is None:
                continue
            fired = {r.id for r in decision.fired}
            if set(rule_ids) <= fired and (verdict is None or decision.verdict == verdict):
                return _minimal(values, ruleset)
    return None
