"""Confidence from the draws: every draw's whole decision, counted exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tune_or_prompt.answers import Answers
from tune_or_prompt.confidence import (
    VerdictTally,
    _signatures,
    cost_fact_columns,
    facts_read,
    verdict_counts,
    volume_settled,
)
from tune_or_prompt.facts import facts_from
from tune_or_prompt.pipeline import priced_and_decided, workload_of
from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.rules import ReferenceEngine, RuleSet, load_packs
from tune_or_prompt.rules.policy import outcome
from tune_or_prompt.tco import Assumptions
from tune_or_prompt.tco.draws import CHUNK_DRAWS, break_even_options, price_draws
from tune_or_prompt.tco.portfolio import Figures
from tune_or_prompt.tco.ranges import baseline_from_priced
from tune_or_prompt.tco.report import priced_tco
from tune_or_prompt.tco.uncertainty import run_uncertainty

# A house pack whose rules read every cost fact, with thresholds a draw can fall on either side of.
COST_PACK = """\
pack: cost-heavy
description: Rules on every cost fact.
rules:
  - id: big-saving
    when: {tco_savings_with_prompting_usd: {gt: 20000}}
    verdict: prompt_engineering
    strength: {grows_with: tco_cost_ratio, start: weak, at_least: {moderate: 1.2, strong: 2.5}}
    because: Prompting saves more than $20K.
  - id: quick-break-even
    when: {break_even_month: {lte: 12}}
    verdict: fine_tuning
    strength: strong
    because: Fine-tuning pays back within a year.
  - id: close-to-break-even
    when:
      all:
        - volume_vs_break_even: {gte: 0.5}
        - break_even_queries_per_month: {lt: 8000000}
    verdict: fine_tuning
    strength: moderate
    because: The volume is at least half the break-even volume.
  - id: rented-gpus
    when: {ft_option_kind: {eq: dedicated}, tco_cheaper: {eq: fine_tuning}}
    verdict: fine_tuning
    strength: moderate
    because: Fine-tuning on rented GPUs is cheaper.
  - id: costs-about-even
    when:
      all:
        - tco_fine_tuning_usd: {gte: 100000}
        - tco_prompt_engineering_usd: {gte: 100000}
    verdict: prompt_engineering
    strength: weak
    because: Both paths cost six figures.
"""

WORKLOADS = {
    "article example": Answers(),
    "near break-even": Answers(queries_per_month=6_000_000),
    "above break-even": Answers(queries_per_month=9_000_000, accuracy_target_pct=97, prompt_iterations=30,
                                prompting_plateaued=True, production_data_months=8),
    "gpt-4o": Answers(api_model="gpt-4o", queries_per_month=400_000),
    "on premise": Answers(privacy="on_premise", queries_per_month=2_000_000),
}


@pytest.fixture(scope="module", params=["built-in", "house"])
def ruleset(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    if request.param == "built-in":
        return load_packs()
    pack = tmp_path_factory.mktemp("packs") / "cost-heavy.yaml"
    pack.write_text(COST_PACK)
    return load_packs([pack])


def _each_draw(answers: Answers, ruleset: RuleSet, figures: Figures, p: float | None) -> dict[str, int]:
    """Decide every draw on its own full facts, as a report with its figures would be decided."""
    table = figures.columns()
    engine = ReferenceEngine()
    counts: dict[str, int] = {}
    for i in range(len(figures.option)):
        facts = facts_from(answers, table.headline(i)._replace(p_fine_tuning_cheaper=p), {})
        verdict = outcome(ruleset, facts, engine.run(ruleset.compiled, facts))[0]
        counts[verdict] = counts.get(verdict, 0) + 1
    return counts


def _draws(answers: Answers, ruleset: RuleSet, draws: int = 1_500, *,
           settled: bool = False) -> tuple[Any, Any, Figures]:
    report, priced = priced_tco(workload_of(answers), Assumptions(), Catalogue())
    base = baseline_from_priced(priced, report.assumptions)
    drawn = price_draws(base, draws, 7, break_even_options(base, report.fine_tuning_options),
                        volume_settled(answers, ruleset) if settled else None)
    return report, base, drawn.figures


@pytest.mark.parametrize("name", list(WORKLOADS))
def test_grouped_draws_decide_exactly_as_every_draw_on_its_own(ruleset: RuleSet, name: str) -> None:
    answers = WORKLOADS[name]
    _, _, figures = _draws(answers, ruleset)
    grouped = verdict_counts(answers, {}, ruleset, figures, 0.25)
    assert grouped == _each_draw(answers, ruleset, figures, 0.25)
    assert sum(grouped.values()) == 1_500


@pytest.mark.parametrize("name", list(WORKLOADS))
def test_a_search_stopped_once_settled_decides_every_draw_as_the_full_search(ruleset: RuleSet, name: str) -> None:
    # The draws' break-even searches stop once the rules could not tell the volume from the exact one: every
    # draw keeps its signature (so its verdict), though the volumes themselves are coarser.
    answers = WORKLOADS[name]
    _, _, full = _draws(answers, ruleset)
    _, _, quick = _draws(answers, ruleset, settled=True)
    assert np.array_equal(_signatures(cost_fact_columns(answers, quick), ruleset),
                          _signatures(cost_fact_columns(answers, full), ruleset))
    assert verdict_counts(answers, {}, ruleset, quick, 0.25) == _each_draw(answers, ruleset, full, 0.25)
    found = ~np.isnan(full.break_even_queries)
    assert np.array_equal(found, ~np.isnan(quick.break_even_queries))
    # Never below the exact volume: the answer is the top of a bracket that holds it.
    assert np.all(quick.break_even_queries[found] >= full.break_even_queries[found])


def test_no_settling_where_no_rule_reads_a_volume(tmp_path: Path) -> None:
    pack = tmp_path / "plain.yaml"
    pack.write_text("pack: plain\ndescription: One rule on the totals.\nrules:\n"
                    "  - id: cheap\n    when: {tco_cost_ratio: {gt: 2}}\n    verdict: prompt_engineering\n"
                    "    strength: weak\n    because: Twice the cost.\n")
    assert volume_settled(Answers(), load_packs([pack], builtin=False)) is None
    assert volume_settled(Answers(), load_packs()) is not None  # volume-near-break-even reads one


def test_the_house_pack_reads_every_cost_fact(tmp_path: Path) -> None:
    pack = tmp_path / "cost-heavy.yaml"
    pack.write_text(COST_PACK)
    read = facts_read(load_packs([pack], builtin=False))
    assert read >= {"tco_savings_with_prompting_usd", "tco_cost_ratio", "break_even_month", "volume_vs_break_even",
                    "break_even_queries_per_month", "ft_option_kind", "tco_cheaper", "tco_fine_tuning_usd",
                    "tco_prompt_engineering_usd"}


@pytest.mark.parametrize("name", list(WORKLOADS))
def test_a_draw_at_the_point_values_has_the_point_figures(name: str) -> None:
    answers = WORKLOADS[name]
    report, base, _ = _draws(answers, load_packs(), draws=1)
    from tune_or_prompt.tco.draws import figures_at

    point = {p.name: np.array([p.value]) for p in base.parameters}
    figures = figures_at(base, point, 1, break_even_options(base, report.fine_tuning_options))
    h = figures.columns().headline(0)
    expected = report.headline()._replace(p_fine_tuning_cheaper=None)
    assert h == expected


def test_the_spread_is_the_uncertainty_analysis_own() -> None:
    # The draws the decision re-runs are the uncertainty analysis' draws: same seed, same spread.
    report, base, _ = _draws(Answers(queries_per_month=6_000_000), load_packs())
    drawn = price_draws(base, 3_000, 11, break_even_options(base, report.fine_tuning_options))
    from tune_or_prompt.tco.uncertainty import summarise

    assert summarise(drawn.comparison, seed=11, varied=drawn.varied, prompting=drawn.prompting) == run_uncertainty(
        base, 3_000, seed=11)


def test_a_prompt_engineering_first_verdict_states_its_own_share() -> None:
    # 6M queries a month: fine-tuning wins the vote at the point estimate, its gates hold it back; the
    # confidence is the share of draws recommending prompt engineering first, not the fine-tuning vote.
    _, _, decision = priced_and_decided(Answers(queries_per_month=6_000_000), {}, assumptions=Assumptions(),
                                        catalogue=Catalogue(), ruleset=load_packs(), uncertainty_draws=2_000)
    assert decision.verdict == "prompt_engineering_first"
    assert decision.confidence == decision.verdict_shares["prompt_engineering_first"]
    assert decision.confidence_basis == "draws" and decision.confidence_draws == 2_000
    assert sum(decision.verdict_shares.values()) == pytest.approx(1.0)
    assert 0 < decision.confidence < 1  # the draws disagree: a near-break-even volume is not a sure thing
    assert decision.rule_score == 0.4


def test_no_draws_keeps_the_rule_score() -> None:
    _, _, decision = priced_and_decided(Answers(), {}, assumptions=Assumptions(), catalogue=Catalogue(),
                                        ruleset=load_packs())
    assert (decision.confidence_basis, decision.confidence_draws, decision.verdict_shares) == ("rules", None, {})
    assert decision.confidence == decision.rule_score == 0.4


def test_the_same_seed_gives_the_same_confidence() -> None:
    def run(seed: int) -> dict[str, float]:
        return priced_and_decided(Answers(queries_per_month=8_000_000), {}, assumptions=Assumptions(),
                                  catalogue=Catalogue(), ruleset=load_packs(), uncertainty_draws=1_000,
                                  random_seed=seed)[2].verdict_shares  # type: ignore[return-value]

    assert run(3) == run(3)
    assert run(3) != run(4)


def test_draws_tallied_chunk_by_chunk_decide_as_every_draw_on_its_own(ruleset: RuleSet) -> None:
    # The pipeline keeps no draw's figures: each chunk goes to the tally as it is priced. Over more than one
    # chunk, a signature first met in one chunk and met again in the next is one group, counted whole.
    answers = WORKLOADS["near break-even"]
    draws = CHUNK_DRAWS + 500
    report, priced = priced_tco(workload_of(answers), Assumptions(), Catalogue())
    base = baseline_from_priced(priced, report.assumptions)
    options = break_even_options(base, report.fine_tuning_options)
    tally = VerdictTally(answers, ruleset)
    chunks: list[int] = []

    def consume(figures: Figures) -> None:
        chunks.append(len(figures.option))
        tally.add(figures)

    streamed = price_draws(base, draws, 7, options, consume=consume)
    kept = price_draws(base, draws, 7, options)
    assert chunks == [CHUNK_DRAWS, 500]
    assert streamed.figures is None and kept.figures is not None
    assert tally.counts({}, 0.25) == _each_draw(answers, ruleset, kept.figures, 0.25)
    for field in ("pe_value", "ft_value", "break_even_month", "option"):
        assert np.array_equal(getattr(streamed.comparison, field), getattr(kept.comparison, field))
