"""Evaluate a chunk of portfolio records: the ``decide`` pipeline, arranged for throughput.

Per workload, ``decide`` runs ``resolve`` (about 0.4 ms, mostly provenance
rows batch never shows), the month-by-month model, a break-even volume search
(about 1 ms), the rules, and the verdict policy (which also fills in every
fired rule's reason text). Batch computes the same figures and the same
verdict with the same code wherever the cost allows, and otherwise an
equivalent, tested form:

* **Context.** :func:`~tune_or_prompt.tco.resolve.context` (prices looked
  up, options enumerated) and the headline's prompting paths run once per
  API model, privacy setting, horizon and tokens, and are remembered.
* **Groups.** Rows whose tokens decide the same options, GPU types and hosts
  (:func:`~tune_or_prompt.tco.token_groups.structure`) are priced together
  under the first one's context, each with its own serving rates; a row's
  own volume, tokens and growth are arrays over it.
* **Figures.** :func:`~tune_or_prompt.tco.portfolio.group_figures` prices
  every option for all the rows of a group at once with the one model and
  chooses per row what the report chooses, to the same cents as ``decide``.
* **Facts.** :meth:`~tune_or_prompt.tco.portfolio.Figures.headlines` rounds
  each row's figures as the full report does
  (:func:`~tune_or_prompt.tco.report.headline`, to the bit), and
  :func:`~tune_or_prompt.facts.facts_from` (what ``build_facts`` runs on a
  report's headline) builds the facts.
* **Rules.** The chosen engine (:data:`ENGINES`) runs the compiled rules on
  each row's facts.
* **Verdict.** :func:`~tune_or_prompt.rules.policy.outcome`, the verdict and
  confidence of :func:`~tune_or_prompt.rules.policy.decision` without its
  descriptions. They depend only on which rules and gates fired and each fired
  rule's strength, so it runs once per distinct such set and is remembered.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from tune_or_prompt.answers import Answers
from tune_or_prompt.batch.records import Record
from tune_or_prompt.batch.rows import RowError, RowParser
from tune_or_prompt.errors import UserError, clip
from tune_or_prompt.facts import facts_from
from tune_or_prompt.pricing import Catalogue, load_catalogue
from tune_or_prompt.printable import visible
from tune_or_prompt.rules import Engine, ReferenceEngine, RuleSet, default_engine, load_packs
from tune_or_prompt.rules.policy import outcome
from tune_or_prompt.rules.schema import StrengthScale
from tune_or_prompt.tco import Assumptions
from tune_or_prompt.tco.assumptions_io import build_assumptions
from tune_or_prompt.tco.portfolio import WORKLOAD_ARRAYS, group_figures
from tune_or_prompt.tco.pricing_run import headline_contexts
from tune_or_prompt.tco.quality import Accuracy
from tune_or_prompt.tco.resolve import Context, context
from tune_or_prompt.tco.token_groups import Rates, rates, stack, structure
from tune_or_prompt.workload_inputs import workload_of

EngineName = Literal["reference", "durable_rules"]
ENGINES: tuple[EngineName, ...] = ("reference", "durable_rules")

# The output columns, in order.
COLUMNS = (
    "row",
    "workload",
    "verdict",
    "confidence",
    "confidence_basis",
    "rule_score",
    "prompt_engineering_usd",
    "fine_tuning_usd",
    "savings_with_prompting_usd",
    "break_even_month",
    "break_even_queries_per_month",
    "ft_option",
    "error",
)
_CACHE_LIMIT = 4096
Good = tuple[dict[str, Any], Answers, dict[str, Any], tuple[Any, ...], Context]
"""A row that parsed and resolved: its output row, answers, house facts, context key and context."""


@dataclass(frozen=True)
class Headlines:
    """What the headline of a context's rows reads besides the context: its prompting paths, grouped by tokens.

    Attributes:
        heads: The prompting contexts the headline chooses among, with their accuracy.
        structure: A number for what the context's tokens decide discretely
            (:func:`~tune_or_prompt.tco.token_groups.structure`): equal for contexts priced together.
        rates: The serving rates its tokens give.

    """

    heads: list[tuple[Accuracy, Context]]
    structure: int
    rates: Rates


@dataclass(frozen=True)
class BatchConfig:
    """What every row of a batch shares; picklable, so worker processes rebuild from it.

    Attributes:
        rules: House rule pack files or folders.
        builtin: Whether the built-in packs load first.
        assumptions: Cost parameters (the ``--assumptions`` file merged with flags).
        prices: Price sheets layered over the catalogue.
        engine: Which rules engine runs each row.
        draws: Uncertainty draws per row for its confidence (0: the rule score).
        random_seed: The seed of those draws.

    """

    rules: tuple[Path, ...] = ()
    builtin: bool = True
    assumptions: Mapping[str, Any] | None = None
    prices: tuple[Path, ...] = ()
    engine: EngineName = "reference"
    draws: int = 0
    random_seed: int = 0


def make_engine(name: EngineName) -> Engine:
    """Return the rules engine called ``name``.

    Raises:
        UserError: durable_rules was asked for where it does not import.

    """
    if name == "reference":
        return ReferenceEngine()
    engine = default_engine()
    if isinstance(engine, ReferenceEngine):
        raise UserError(f"--engine durable_rules: not available here; {engine.name}")
    return engine


class Evaluator:
    """Everything loaded once (packs, prices, assumptions), then chunk after chunk of records."""

    def __init__(self, config: BatchConfig) -> None:
        """Load the rule packs, the catalogue and the assumptions.

        Raises:
            UserError: a bad pack, price sheet or assumption (before any row runs).

        """
        self.ruleset: RuleSet = load_packs(list(config.rules), builtin=config.builtin)
        self.catalogue: Catalogue = load_catalogue(list(config.prices))
        self.assumptions: Assumptions = build_assumptions(config.assumptions or {})
        self.engine = make_engine(config.engine)
        self.draws, self.random_seed = config.draws, config.random_seed
        self.parser = RowParser(self.ruleset)
        self._contexts: dict[tuple[Any, ...], Context | UserError] = {}
        self._heads: dict[tuple[Any, ...], Headlines] = {}
        # Each structure's number; numbers are never reused, so a number taken before the caches are cleared
        # never names another structure after.
        self._structures: dict[Hashable, int] = {}
        self._numbers = itertools.count()
        self._first: dict[tuple[Any, ...], tuple[tuple[Any, ...], Context]] = {}  # by group: its first context
        self._verdicts: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, float]] = {}
        # What besides the fired keys the verdict depends on: the strength of
        # rules whose strength scales with a fact.
        compiled = self.ruleset.compiled
        self._scaled = {
            e.key: rule for e in compiled.entries if e.kind == "rule"
            and isinstance((rule := self.ruleset.rules[e.index]).strength, StrengthScale)
        }

    def context_for(self, answers: Answers) -> tuple[tuple[Any, ...], Context]:
        """Return the resolved context a row shares with others of its API model, privacy, horizon and tokens.

        Only the row's volume and growth differ from the context's workload
        (they are priced as arrays over it); its tokens size the self-hosted
        replicas (the KV cache per sequence, the latency cap), so they are part
        of the context. The key ends with the tokens.

        Raises:
            UserError: what ``context`` says (unknown model, a pinned option not feasible on premise).

        """
        # The named model's measured accuracy is part of its prompting path (rows' targets and costs of errors
        # are weighed row by row).
        key: tuple[Any, ...] = (answers.api_model, answers.privacy, answers.horizon_months, answers.availability,
                                answers.accuracy_prompting_pct, answers.input_tokens, answers.output_tokens)
        cached = self._contexts.get(key)
        if cached is None:
            if len(self._contexts) >= _CACHE_LIMIT:
                self._contexts.clear()
                self._heads.clear()
                self._structures.clear()
                self._first.clear()
            try:
                cached = context(workload_of(answers), self.assumptions, self.catalogue)
            except UserError as exc:
                cached = exc
            self._contexts[key] = cached
        if isinstance(cached, UserError):
            raise cached
        return key, cached

    def headlines_for(self, key: tuple[Any, ...], ctx: Context) -> Headlines:
        """Return (and remember) what the headline of the rows of context ``ctx`` (keyed ``key``) reads."""
        found = self._heads.get(key)
        if found is None:
            heads = headline_contexts(ctx, self.catalogue)
            shape = structure(ctx, heads)
            number = self._structures.get(shape)
            if number is None:
                number = self._structures[shape] = next(self._numbers)
            found = self._heads[key] = Headlines(heads, number, rates(ctx, heads))
        return found

    def verdict(self, facts: Mapping[str, Any]) -> tuple[str, float]:
        """Run the rules on ``facts``; return the verdict and rule score ``decide --draws 0`` would give."""
        fired = self.engine.run(self.ruleset.compiled, facts)
        scaled = self._scaled
        key = (tuple(fired), tuple(scaled[k].strength_for(facts) for k in fired if k in scaled))
        found = self._verdicts.get(key)
        if found is None:
            if len(self._verdicts) >= _CACHE_LIMIT:
                self._verdicts.clear()
            found = self._verdicts[key] = outcome(self.ruleset, facts, fired)
        return found

    def run(self, records: Sequence[Record]) -> list[dict[str, Any]]:
        """Evaluate ``records``; return one output row (see :data:`COLUMNS`) per record, in order."""
        out: list[dict[str, Any]] = []
        good: list[Good] = []
        lines: list[str] = []
        for rec in records:
            row = dict.fromkeys(COLUMNS)
            row["row"] = rec.row
            name = rec.values.get("workload")
            row["workload"] = visible(clip(name)) if isinstance(name, str) else None
            out.append(row)
            try:
                if rec.problem:
                    raise RowError(rec.problem)
                answers, house = self.parser.parse(rec.values, text=rec.text)
                key, ctx = self.context_for(answers)
            except RowError as exc:
                row["error"] = f"row {rec.row} (line {rec.line}): {exc}"
                continue
            except UserError as exc:
                row["error"] = f"row {rec.row} (line {rec.line}): {_column_named(exc.message)}"
                continue
            row["workload"] = answers.workload
            good.append((row, answers, house, key, ctx))
            lines.append(f"row {rec.row} (line {rec.line})")
        if good:
            try:
                with np.errstate(all="ignore"):  # a figure out of range is that row's error, found below
                    self._price_and_decide(good)
            except (ArithmeticError, ValueError):
                # A row the chunk's vectorised pricing cannot take must not sink the
                # others: price them one by one, and let that row alone fail.
                for one, where in zip(good, lines, strict=True):
                    try:
                        with np.errstate(all="ignore"):
                            self._price_and_decide([one])
                    except (ArithmeticError, ValueError) as exc:
                        one[0]["error"] = f"{where}: cannot be priced: {exc}"
        return out

    def _number(self, answers: Answers, name: str) -> float:
        """Return a row's own figure for the cost model: no cost of errors is 0, no accuracy the typical one."""
        value = getattr(answers, name)
        if value is not None:
            return float(value)
        return 0.0 if name == "cost_per_error_usd" else float(getattr(self.assumptions, f"typical_{name}"))

    def _price_and_decide(self, good: list[Good]) -> None:
        # Rows of one API model, privacy, horizon, availability and measured accuracy whose tokens decide the
        # same structure: one group, priced under the context first seen with that structure. The same one
        # prices the group chunk after chunk, so only its parameter values are worked out and kept.
        groups: dict[tuple[Any, ...], list[int]] = {}
        found: dict[tuple[Any, ...], Headlines] = {}
        first: dict[tuple[Any, ...], tuple[tuple[Any, ...], Context]] = {}
        for i, (*_, key, ctx) in enumerate(good):
            if key not in found:
                found[key] = self.headlines_for(key, ctx)
            group = (key[:-2], found[key].structure)
            if group not in first:
                first[group] = self._first.setdefault(group, (key, ctx))
                found.setdefault(first[group][0], self.headlines_for(*first[group]))
            groups.setdefault(group, []).append(i)
        for group, members in groups.items():
            keys = [good[i][3] for i in members]
            distinct = list(dict.fromkeys(keys))
            first_key, ctx = first[group]
            answers = [good[i][1] for i in members]
            values = {name: np.array([self._number(a, name) for a in answers], dtype=np.float64)
                      for name in WORKLOAD_ARRAYS}
            row_rates = None
            if distinct != [first_key]:
                index = {k: j for j, k in enumerate(distinct)}
                row_rates = stack([found[k].rates for k in distinct], np.array([index[k] for k in keys]))
            fig = group_figures(ctx, values, heads=found[first_key].heads, rates=row_rates)
            for i, h in zip(members, fig.headlines(), strict=True):
                row, ans, house, *_ = good[i]
                # The confidence is what decide and the memo call one: the share of
                # the draws that give the verdict. Without draws there is none, and
                # the rule score (how one-sided the vote was) is not passed off as one.
                confidence: float | None
                if self.draws:
                    verdict, confidence, score = self._from_draws(ans, house)
                    basis: str | None = f"draws:{self.draws}"
                else:
                    verdict, score = self.verdict(facts_from(ans, h, house))
                    confidence = basis = None
                row.update(
                    verdict=verdict,
                    confidence=confidence,
                    confidence_basis=basis,
                    rule_score=score,
                    prompt_engineering_usd=h.prompt_engineering_usd,
                    fine_tuning_usd=h.fine_tuning_usd,
                    savings_with_prompting_usd=h.savings_with_prompting_usd,
                    break_even_month=h.break_even_month,
                    break_even_queries_per_month=h.break_even_queries_per_month,
                    ft_option=h.ft_option,
                )


    def _from_draws(self, answers: Answers, house: dict[str, Any]) -> tuple[str, float, float]:
        """Decide a row as ``decide --draws N`` does: its verdict, the share of draws giving it, its rule score."""
        from tune_or_prompt.pipeline import priced_and_decided

        _, _, decision = priced_and_decided(
            answers, house, assumptions=self.assumptions, catalogue=self.catalogue, ruleset=self.ruleset,
            uncertainty_draws=self.draws, random_seed=self.random_seed)
        return decision.verdict, decision.confidence, decision.rule_score


def _column_named(message: str) -> str:
    """Name the column in the cost model's own messages ("api model: ..." -> "column api_model: ...")."""
    if message.startswith("api model: "):
        return "column api_model: " + message.removeprefix("api model: ")
    if message.startswith("ft_option: "):
        return "column privacy: " + message
    return message
