"""Confidence from the draws: the whole decision re-run in every uncertainty draw.

A verdict's confidence is the share of the uncertainty draws (every ranged
assumption drawn from its range, :mod:`~tune_or_prompt.tco.draws`) in
which the whole decision gives that verdict: the costs of the draw, then the
facts, the rules, the gates and the verdict policy, house packs included.

Deciding ten thousand draws one by one would take seconds. It takes
milliseconds because the rules compare facts with constants and nothing else
(see :mod:`~tune_or_prompt.rules.reference`): two draws whose every fact sits
on the same side of every constant it is compared with (and is present in
both, or absent in both) fire the same rules and gates at the same strengths,
so they get the same verdict. Only the cost facts change from draw to draw,
so each draw gets a signature (for each cost fact a rule or gate reads:
absent, or which constants it lies below, equals or exceeds; for the
textual ones, the text), and the reference evaluator decides one
representative draw per signature on its full facts, built by the same
:func:`~tune_or_prompt.facts.facts_from` as the point estimate's.
``tests/test_confidence.py`` holds the result equal to deciding every draw.

:class:`VerdictTally` groups the draws chunk by chunk as they are priced, so
the draws' figures need not be kept: memory stays bounded by one chunk plus
one representative per signature, whatever the number of draws.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from tune_or_prompt.answers import Answers
from tune_or_prompt.decision import Decision, Verdict
from tune_or_prompt.facts import facts_from
from tune_or_prompt.rules import ReferenceEngine, RuleSet
from tune_or_prompt.rules.policy import outcome
from tune_or_prompt.rules.schema import StrengthScale
from tune_or_prompt.tco.breakeven import Settled
from tune_or_prompt.tco.fleet import FloatArray
from tune_or_prompt.tco.model import BoolArray
from tune_or_prompt.tco.portfolio import Figures, rounded

# The facts that differ between draws (facts_from's cost facts); the others come from the answers.
NUMERIC_COST_FACTS = ("tco_prompt_engineering_usd", "tco_fine_tuning_usd", "tco_savings_with_prompting_usd",
                      "tco_cost_ratio", "break_even_month", "break_even_queries_per_month", "volume_vs_break_even")
TEXT_COST_FACTS = ("tco_cheaper", "ft_option", "ft_option_kind")
# The facts only a break-even volume search gives.
BREAK_EVEN_VOLUME_FACTS = frozenset({"break_even_queries_per_month", "volume_vs_break_even"})
_ENGINE = ReferenceEngine()


def facts_read(ruleset: RuleSet) -> frozenset[str]:
    """Return the facts the verdict can depend on: every rule's and gate's condition, and strength scales."""
    names: set[str] = set()
    for entry in ruleset.compiled.entries:
        names.update(fact for fact, _ in _leaves(entry.test))
    for rule in ruleset.rules:
        if isinstance(rule.strength, StrengthScale):
            names.add(rule.strength.grows_with)
    return frozenset(names)


def _leaves(test: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Yield (fact, constant) for every comparison of a compiled durable_rules test."""
    if "$and" in test or "$or" in test:
        for part in test.get("$and", test.get("$or", [])):
            yield from _leaves(part)
        return
    ((op, arg),) = test.items()
    if op.startswith("$"):
        ((fact, value),) = arg.items()
        yield fact, value
    else:  # a plain {fact: value} is equality
        yield op, arg


def _thresholds(ruleset: RuleSet) -> dict[str, FloatArray]:
    """Return, per fact, the sorted numbers it is compared with (strength-scale steps included)."""
    found: dict[str, set[float]] = {}
    for entry in ruleset.compiled.entries:
        for fact, value in _leaves(entry.test):
            if isinstance(value, (bool, int, float)):  # True == 1 in Python, as in the evaluator
                found.setdefault(fact, set()).add(float(value))
    for rule in ruleset.rules:
        if isinstance(rule.strength, StrengthScale):
            found.setdefault(rule.strength.grows_with, set()).update(rule.strength.at_least.values())
    return {fact: np.array(sorted(values)) for fact, values in found.items()}


def cost_fact_columns(answers: Answers, figures: Figures) -> dict[str, Any]:
    """Return every draw's cost facts as arrays (NaN or None where :func:`facts_from` leaves a fact out)."""
    c = figures.columns()
    months = c.break_even_month.astype(np.float64)
    option = np.array(c.option, dtype=object)
    return {
        "tco_prompt_engineering_usd": c.prompt_engineering_usd,
        "tco_fine_tuning_usd": c.fine_tuning_usd,
        "tco_savings_with_prompting_usd": c.savings_with_prompting_usd,
        "tco_cost_ratio": c.cost_ratio,
        "break_even_month": np.where(months > 0, months, np.nan),
        **_volume_facts(answers.queries_per_month, c.break_even_queries_per_month),
        "tco_cheaper": c.cheaper.astype(object),
        "ft_option": option,
        "ft_option_kind": np.array([o.split(":", 1)[0] for o in c.option], dtype=object),
    }


def _volume_facts(queries_per_month: float, volume: FloatArray) -> dict[str, FloatArray]:
    """Return the break-even volume facts of volumes rounded to 0.1 (NaN: none), as :func:`facts_from` does."""
    with np.errstate(divide="ignore", invalid="ignore"):
        share = rounded(queries_per_month / volume, 4)
    return {"break_even_queries_per_month": volume, "volume_vs_break_even": np.where(volume > 0, share, np.nan)}


def _cells(x: FloatArray, th: FloatArray | None) -> list[FloatArray]:
    """Return which values of ``x`` the rules can tell apart: absent or not, and their place among ``th``."""
    absent = np.isnan(x)
    parts = [absent.astype(np.float64)]
    if th is not None and th.size:
        safe = np.where(absent, 0.0, x)
        parts.append(np.searchsorted(th, safe, side="left").astype(np.float64))
        parts.append(np.searchsorted(th, safe, side="right").astype(np.float64))
    return parts


def volume_settled(answers: Answers, ruleset: RuleSet) -> Settled | None:
    """Return when a draw's break-even search may stop: its bracket lies in one cell of every volume fact read.

    Both volume facts are monotone in the volume (rounding, then the share of
    a fixed volume), and a cell (absent, below, at or above each constant)
    is an interval, so a bracket whose two ends share every cell holds only
    volumes that decide alike. None when no rule reads a volume fact.
    """
    volume_facts = facts_read(ruleset) & BREAK_EVEN_VOLUME_FACTS
    read = [name for name in NUMERIC_COST_FACTS if name in volume_facts]
    if not read:
        return None
    limits = _thresholds(ruleset)
    q = answers.queries_per_month

    def cells(volume: FloatArray) -> list[FloatArray]:
        facts = _volume_facts(q, rounded(volume, 1))
        return [part for name in read for part in _cells(facts[name], limits.get(name))]

    def settled(lo: FloatArray, hi: FloatArray) -> BoolArray:
        same = np.ones(lo.shape, dtype=bool)
        for a, b in zip(cells(lo), cells(hi), strict=True):
            same &= a == b
        return same

    return settled


def _signature_parts(columns: Mapping[str, Any], read: frozenset[str],
                     limits: Mapping[str, FloatArray]) -> tuple[FloatArray, list[Any]]:
    """Return, per draw, the numbers and the texts that differ between draws the rules could tell apart."""
    n = len(columns["tco_cheaper"])
    parts: list[FloatArray] = [np.zeros(n)]
    for name in NUMERIC_COST_FACTS:
        if name in read:
            parts.extend(_cells(columns[name], limits.get(name)))
    texts = [columns[name].astype(str) for name in TEXT_COST_FACTS if name in read]
    return np.stack(parts, axis=1), texts


def _signatures(columns: Mapping[str, Any], ruleset: RuleSet) -> FloatArray:
    """Return one row per draw of numbers that differ between draws the rules could tell apart."""
    numbers, texts = _signature_parts(columns, facts_read(ruleset), _thresholds(ruleset))
    codes = [np.unique(t, return_inverse=True)[1].reshape(-1).astype(np.float64) for t in texts]
    return np.concatenate([numbers, *(c[:, None] for c in codes)], axis=1) if codes else numbers


class VerdictTally:
    """Draws grouped by signature as their chunks are priced; decided once every draw is in.

    Each signature keeps its count and its first draw's headline figures,
    which stand for the whole group (see the module's docstring).
    """

    def __init__(self, answers: Answers, ruleset: RuleSet) -> None:
        """Start an empty tally for ``answers`` under ``ruleset``."""
        self._answers = answers
        self._ruleset = ruleset
        self._read = facts_read(ruleset)
        self._limits = _thresholds(ruleset)
        self._groups: dict[tuple[bytes, tuple[str, ...]], list[Any]] = {}

    def add(self, figures: Figures) -> None:
        """Group the draws of one chunk (in draw order, after every earlier chunk)."""
        columns = cost_fact_columns(self._answers, figures)
        numbers, texts = _signature_parts(columns, self._read, self._limits)
        codes = [np.unique(t, return_inverse=True)[1].reshape(-1).astype(np.float64) for t in texts]
        rows = np.concatenate([numbers, *(c[:, None] for c in codes)], axis=1) if codes else numbers
        _, first, inverse = np.unique(rows, axis=0, return_index=True, return_inverse=True)
        sizes = np.bincount(inverse.reshape(-1), minlength=len(first))
        table = None
        for group, i in sorted(enumerate(first.tolist()), key=lambda gi: gi[1]):
            key = (numbers[i].tobytes(), tuple(str(t[i]) for t in texts))
            entry = self._groups.get(key)
            if entry is None:
                if table is None:
                    table = figures.columns()
                self._groups[key] = [int(sizes[group]), table.headline(i)]
            else:
                entry[0] += int(sizes[group])

    def counts(self, house: Mapping[str, Any], p_fine_tuning_cheaper: float | None) -> dict[Verdict, int]:
        """Decide one draw per signature; return how many draws give each verdict.

        ``p_fine_tuning_cheaper`` is the run's share of draws where fine-tuning is
        cheaper: one figure of the whole analysis, so every draw's facts hold it.
        """
        counts: dict[Verdict, int] = {}
        for size, headline in self._groups.values():
            facts = facts_from(self._answers, headline._replace(p_fine_tuning_cheaper=p_fine_tuning_cheaper), house)
            verdict = outcome(self._ruleset, facts, _ENGINE.run(self._ruleset.compiled, facts))[0]
            counts[verdict] = counts.get(verdict, 0) + size
        return counts


def verdict_counts(answers: Answers, house: Mapping[str, Any], ruleset: RuleSet, figures: Figures,
                   p_fine_tuning_cheaper: float | None) -> dict[Verdict, int]:
    """Decide every draw of ``figures``; return how many draws give each verdict (see :class:`VerdictTally`)."""
    tally = VerdictTally(answers, ruleset)
    tally.add(figures)
    return tally.counts(house, p_fine_tuning_cheaper)


def with_draw_confidence(decision: Decision, counts: Mapping[Verdict, int]) -> Decision:
    """Return ``decision`` with its confidence taken from the draws' verdicts."""
    draws = sum(counts.values())
    shares = {v: n / draws for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))}
    return decision.model_copy(update={
        "confidence": shares.get(decision.verdict, 0.0),
        "confidence_basis": "draws",
        "confidence_draws": draws,
        "verdict_shares": shares,
    })


__all__ = ["BREAK_EVEN_VOLUME_FACTS", "VerdictTally", "cost_fact_columns", "facts_read", "verdict_counts",
           "volume_settled", "with_draw_confidence"]
