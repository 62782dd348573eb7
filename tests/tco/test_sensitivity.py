"""Sensitivity: the tornado's swings and the flip points, fed back into the report."""

from __future__ import annotations

import pytest

from tune_or_prompt.tco import Assumptions, Workload, compute_tco
from tune_or_prompt.tco.analyses import Sensitivity, quantity
from tune_or_prompt.tco.ranges import INTEGER, as_assumptions, baseline
from tune_or_prompt.tco.sensitivity import run_sensitivity


def sensitivity(work: Workload, costs: Assumptions) -> Sensitivity:
    return run_sensitivity(baseline(work, costs))


def test_article_example_tornado() -> None:
    s = sensitivity(Workload(), Assumptions())
    assert s.savings_usd == 73_546.31  # 123,151.24 - 49,604.93 (test_model.py)
    top, second = s.tornado[0], s.tornado[1]
    # Retraining every month from go-live: 34 cycles instead of 11, each 3,104.20, so +71,396.60;
    # every 6 months: 5 cycles (months 8, 14, ..., 32), -18,625.20.
    assert (top.parameter, top.savings_at_low_usd, top.savings_at_high_usd, top.swing_usd) == (
        "ft_retrain_every_months", 144_942.91, 54_921.11, 90_021.8)
    # Model maintenance, 4 to 16 h/month from 8: 34 live months x $200 x (-4, +8) h = -27,200 / +54,400.
    assert (second.parameter, second.savings_at_low_usd, second.savings_at_high_usd, second.swing_usd) == (
        "ft_maintenance_hours_per_month", 46_346.31, 127_946.31, 81_600.0)
    swings = [b.swing_usd for b in s.tornado]
    assert swings == sorted(swings, reverse=True)


def test_a_parameter_without_effect_has_zero_swing() -> None:
    # The batch discount is zero-width, and with a user-set input price there is no cached
    # price, so cache hits change nothing; a retraining cost in dollars makes the bottom-up
    # cycle's parts irrelevant.
    s = sensitivity(Workload(), Assumptions(input_price_usd_per_mtok=0.15, output_price_usd_per_mtok=0.6,
                                            ft_retrain_cost_usd=2_000))
    bars = {b.parameter: b for b in s.tornado}
    assert bars["batch_discount_pct"].swing_usd == 0.0
    assert bars["prompt_cache_hit_pct"].swing_usd == 0.0
    assert "ft_retrain_data_hours" not in bars


FLIP_CASES = [
    ("article example: prompting cheaper", Workload(), Assumptions()),
    ("high volume: fine-tuning cheaper", Workload(queries_per_month=3e7),
     Assumptions(input_price_usd_per_mtok=2.5, output_price_usd_per_mtok=10.0)),
    ("near the line", Workload(queries_per_month=6e6), Assumptions()),
]


@pytest.mark.parametrize(("case", "work", "costs"), FLIP_CASES, ids=[c[0] for c in FLIP_CASES])
def test_every_flip_point_fed_back_flips_the_comparison(case: str, work: Workload, costs: Assumptions) -> None:
    before = compute_tco(work, costs)
    base = baseline(work, costs)
    s = run_sensitivity(base)
    assert s.flips, case
    for flip in s.flips:
        if flip.parameter.startswith("pe_") and flip.parameter not in Assumptions.model_fields:
            continue  # an on-premise figure; not the case here
        after = compute_tco(work, as_assumptions(base, {flip.parameter: flip.threshold}))
        assert after.cheaper == flip.cheaper_after != before.cheaper, flip.parameter
        # Just short of the flip point, the comparison has not flipped yet.
        step = 1 if flip.parameter in INTEGER else abs(flip.threshold) * 1e-4
        short = flip.threshold - step if flip.direction == "above" else flip.threshold + step
        assert compute_tco(work, as_assumptions(base, {flip.parameter: short})).cheaper == before.cheaper, \
            flip.parameter


def test_article_example_flip_points_in_words() -> None:
    s = sensitivity(Workload(), Assumptions())
    flips = {f.parameter: f for f in s.flips}
    # Prompt upkeep at h hours/month costs 36 x 200 x h; it must close a 73,546.31 gap from 4 h:
    # 73,546.31 / 7,200 + 4 = 14.2148 hours/month.
    upkeep = flips["pe_maintenance_hours_per_month"]
    assert upkeep.threshold == pytest.approx(14.2148, abs=1e-3)
    assert (upkeep.direction, upkeep.within_range, upkeep.cheaper_after) == ("above", False, "fine_tuning")
    assert upkeep.sentence == (
        "Fine-tuning would become cheaper than prompting if prompt maintenance effort rose above "
        "14.3 hours/month, with everything else unchanged (now 4 hours/month; outside its range of "
        "2 to 10 hours/month).")


def test_a_flip_within_range_is_listed_first() -> None:
    flips = sensitivity(Workload(queries_per_month=6e6), Assumptions()).flips
    inside = [f.within_range for f in flips]
    assert any(inside)
    assert inside == sorted(inside, reverse=True)


@pytest.mark.parametrize(("value", "unit", "text"), [
    (3.5, "USD per GPU-hour", "$3.50 per GPU-hour"), (200, "USD/hour", "$200/hour"), (5000, "USD", "$5,000"),
    (40, "% of prompt tokens", "40%"), (12, "GPU-hours", "12 GPU-hours"), (32.8, "hours/month", "32.8 hours/month"),
])
def test_quantities_in_words(value: float, unit: str, text: str) -> None:
    assert quantity(value, unit) == text
