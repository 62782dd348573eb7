"""Uncertainty: reproducible draws, a spread centred on the point estimate, no spread without ranges."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tune_or_prompt.answers import Answers
from tune_or_prompt.facts import BUILTIN_FACTS, build_facts
from tune_or_prompt.tco import Assumptions, Workload, compute_tco
from tune_or_prompt.tco.analyses import Uncertainty, cheaper_sentence, share_words
from tune_or_prompt.tco.distributions import percentiles
from tune_or_prompt.tco.draws import CHUNK_DRAWS, draw_values
from tune_or_prompt.tco.ranges import Ranged, baseline
from tune_or_prompt.tco.uncertainty import run_uncertainty


def test_same_seed_same_figures_and_another_seed_differs() -> None:
    base = baseline(Workload(), Assumptions())
    a, b = run_uncertainty(base, 2_000, seed=42), run_uncertainty(base, 2_000, seed=42)
    assert a == b
    assert run_uncertainty(base, 2_000, seed=43).fine_tuning != a.fine_tuning


def test_article_example_spread() -> None:
    u = compute_tco(Workload(), Assumptions(), uncertainty_draws=10_000, random_seed=0).uncertainty
    assert u is not None
    assert (u.draws, u.random_seed) == (10_000, 0)
    # The point estimate (49,604.93 vs 123,151.24) lies inside each P10-P90 band; prompting
    # stays cheaper in every draw, so fine-tuning never breaks even.
    assert u.prompt_engineering.p10_usd < 49_597.8 < u.prompt_engineering.p90_usd
    assert u.fine_tuning.p10_usd < 139_578.4 < u.fine_tuning.p90_usd
    assert u.p_fine_tuning_cheaper == 0.0
    assert u.break_even_month.model_dump() == {"never_share": 1.0, "p10_month": None, "p50_month": None,
                                               "p90_month": None}
    # batch_share_pct is a choice (distribution: fixed) and batch_discount_pct has no width.
    assert "batch_share_pct" not in u.varied and "batch_discount_pct" not in u.varied
    assert {"engineer_rate_usd_per_hour", "gpu_usd_per_hour", "decode_tokens_per_s"} <= set(u.varied)


def test_chunks_do_not_change_the_figures() -> None:
    # Draws are made chunk by chunk, each from its own seeded generator: a count spanning two
    # chunks gives the first chunk's draws unchanged, and the same seed the same figures.
    base = baseline(Workload(queries_per_month=3e6), Assumptions())
    one = run_uncertainty(base, CHUNK_DRAWS, seed=3)
    two = run_uncertainty(base, CHUNK_DRAWS + 10, seed=3)
    assert two.draws == CHUNK_DRAWS + 10
    assert run_uncertainty(base, CHUNK_DRAWS + 10, seed=3) == two
    assert abs(two.fine_tuning.p50_usd - one.fine_tuning.p50_usd) < 0.01 * one.fine_tuning.p50_usd


def test_symmetric_ranges_put_the_median_on_the_point_estimate() -> None:
    # The flat option with every ranged parameter symmetric about its value and no fleet: the
    # totals are linear in the draws, so their median sits on the point estimate.
    symmetric = Assumptions(
        ft_option="flat", prompt_cache_hit_pct=45, batch_share_pct=25, pe_monitoring_usd_per_month=100,
        eval_suite_hours=24, ft_flat_initial_usd=10_000, ft_flat_monthly_infra_usd=3_000,
        ft_retrain_cost_usd=1_500, pe_maintenance_hours_per_month=6, ft_data_prep_hours=50,
        ft_pipeline_hours=25, ft_monitoring_usd_per_month=175, ft_maintenance_hours_per_month=10,
        engineer_rate_usd_per_hour=200, api_overhead_pct=10, pe_prompt_hours=60, ft_retrain_every_months=3,
        annotator_rate_usd_per_hour=65, static_prompt_pct=52.5, ft_prompt_baseline_pct=75,
        ft_training_examples=5_250, ft_review_hours_per_example=0.0165, api_price_trend_pct_per_year=-25,
        gpu_price_trend_pct_per_year=-5, ft_build_months=2, ft_label_hours_per_example=0.085,
    )
    base = baseline(Workload(), symmetric)
    for p in base.parameters:
        if p.distribution != "fixed" and p.name not in ("ft_retrain_every_months", "api_price_trend_pct_per_year",
                                                         "ft_build_months"):
            assert p.value - p.low == pytest.approx(p.high - p.value), p.name
    point = compute_tco(Workload(), symmetric)
    u = run_uncertainty(base, 100_000, seed=1)
    assert u.prompt_engineering.p50_usd == pytest.approx(point.prompt_engineering.total_usd, rel=0.01)
    assert u.fine_tuning.p50_usd == pytest.approx(point.fine_tuning.total_usd, rel=0.01)


def test_degenerate_ranges_give_zero_spread() -> None:
    base = baseline(Workload(), Assumptions())
    narrow = [Ranged(p.name, p.label, p.unit, p.value, p.value, p.value, p.integer, p.distribution, p.floor,
                     p.ceiling) for p in base.parameters]
    base = type(base)(base.priced, base.rows, narrow, base.point)
    u = run_uncertainty(base, 1_000)
    assert u.varied == []
    for s in (u.prompt_engineering, u.fine_tuning):
        assert s.p10_usd == s.p50_usd == s.p90_usd
    assert (u.prompt_engineering.p50_usd, u.fine_tuning.p50_usd) == (49_604.93, 123_151.24)


def test_draws_stay_in_range_whole_numbers_stay_whole_and_the_mode_is_the_value() -> None:
    base = baseline(Workload(), Assumptions())
    values = draw_values(base.parameters, 50_000, np.random.default_rng(0))
    for p in base.parameters:
        if p.name in values:
            x = values[p.name]
            assert p.low <= x.min() and x.max() <= p.high, p.name
            # A triangular draw's mean is (low + mode + high) / 3.
            if not p.integer:
                assert x.mean() == pytest.approx((p.low + p.value + p.high) / 3, abs=0.01 * (p.high - p.low)), p.name
    assert set(np.unique(values["min_replicas"])) == {1.0, 2.0}
    assert np.mean(values["min_replicas"] == 2) == pytest.approx(0.25, abs=0.01)  # P(x > 1.5) of (1, 1, 2)


def test_fine_tuning_cheaper_share_and_break_even_spread() -> None:
    # 30M queries/month at gpt-4o's prices: fine-tuning on rented GPUs wins in every draw.
    work = Workload(queries_per_month=3e7)
    costs = Assumptions(input_price_usd_per_mtok=2.5, output_price_usd_per_mtok=10.0)
    report = compute_tco(work, costs, uncertainty_draws=20_000, random_seed=5)
    u = report.uncertainty
    assert u is not None and report.cheaper == "fine_tuning"
    assert u.p_fine_tuning_cheaper == 1.0
    assert u.savings_with_prompting.p90_usd < 0
    be = u.break_even_month
    assert be.never_share == 0.0
    assert be.p10_month is not None and be.p90_month is not None
    assert 1 <= be.p10_month <= be.p50_month <= be.p90_month <= 36  # type: ignore[operator]


def test_probability_is_a_rule_fact_when_drawn() -> None:
    assert BUILTIN_FACTS["p_fine_tuning_cheaper"].type == "number"
    plain = compute_tco(Workload(), Assumptions())
    assert "p_fine_tuning_cheaper" not in build_facts(Answers(), plain)
    drawn = compute_tco(Workload(), Assumptions(), uncertainty_draws=500)
    assert build_facts(Answers(), drawn)["p_fine_tuning_cheaper"] == 0.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-1e9, 1e9), min_size=1, max_size=60),
       st.lists(st.floats(0, 100), min_size=1, max_size=4))
def test_percentiles_are_numpys_to_the_bit(values: list[float], qs: list[float]) -> None:
    x = np.array(values)
    assert percentiles(x, tuple(qs)) == [float(v) for v in np.percentile(x, qs)]


def test_percentiles_of_many_draws_are_numpys() -> None:
    x = np.random.default_rng(3).normal(size=10_001)
    assert percentiles(x, (10, 50, 90, 37.5)) == [float(v) for v in np.percentile(x, [10, 50, 90, 37.5])]


@pytest.mark.parametrize(("p", "words"), [(0.0, "none"), (0.004, "fewer than 1%"), (0.07, "7%"),
                                          (0.996, "more than 99%"), (1.0, "all")])
def test_share_words_never_round_to_zero_or_all(p: float, words: str) -> None:
    assert share_words(p) == words


def test_cheaper_sentence() -> None:
    u = compute_tco(Workload(), Assumptions(), uncertainty_draws=100).uncertainty
    assert isinstance(u, Uncertainty)
    assert cheaper_sentence(u.model_copy(update={"p_fine_tuning_cheaper": 0.07, "draws": 10_000})) == (
        "Fine-tuning is cheaper in 7% of 10,000 draws.")
    assert cheaper_sentence(u) == "Fine-tuning is cheaper in none of the 100 draws."
