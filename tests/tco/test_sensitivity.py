"""Sensitivity: the tornado's swings and the flip points, fed back into the report."""

from __future__ import annotations

import pytest

from tune_or_prompt.tco import Assumptions, Workload, compute_tco
from tune_or_prompt.tco.analyses import quantity
from tune_or_prompt.tco.ranges import as_assumptions, baseline
from tune_or_prompt.tco.sensitivity import run_sensitivity, sensitivity


def test_article_example_tornado() -> None:
    s = sensitivity(Workload(), Assumptions())
    assert s.savings_usd == 206_974.8
    top = s.tornado[0]
    # Retraining monthly: 36 cycles x 40% x 16,926 = 243,734.40 (12 cycles now: 81,244.80);
    # every 6 months: 6 cycles = 40,622.40. Savings 206,974.80 + 162,489.60 and - 40,622.40.
    assert (top.parameter, top.savings_at_low_usd, top.savings_at_high_usd, top.swing_usd) == (
        "ft_retrain_every_months", 369_464.4, 166_352.4, 203_112.0)
    # A second always-on GPU: 36 x 730 h x $3.50 = 91,980.
    assert (s.tornado[1].parameter, s.tornado[1].swing_usd) == ("min_gpus", 91_980.0)
    swings = [b.swing_usd for b in s.tornado]
    assert swings == sorted(swings, reverse=True)


def test_a_parameter_without_effect_has_zero_swing() -> None:
    # The batch discount is zero-width, and with a user-set input price there is no cached
    # price, so cache hits are billed at the full input price: neither moves the savings.
    s = sensitivity(Workload(), Assumptions(input_price_usd_per_mtok=0.15, output_price_usd_per_mtok=0.6,
                                            ft_retrain_cost_usd=2_000))
    bars = {b.parameter: b for b in s.tornado}
    assert bars["batch_discount_pct"].swing_usd == 0.0
    assert bars["prompt_cache_hit_pct"].swing_usd == 0.0
    # A retraining cost set in dollars makes the percentage irrelevant.
    assert bars["ft_retrain_cost_pct"].swing_usd == 0.0
    assert all(b.swing_usd == 0.0 for b in s.tornado[-3:])


FLIP_CASES = [
    ("article example: prompting cheaper", Workload(), Assumptions()),
    ("high volume: fine-tuning cheaper", Workload(queries_per_month=3e7),
     Assumptions(input_price_usd_per_mtok=2.5, output_price_usd_per_mtok=10.0)),
    ("near the line, hosted", Workload(queries_per_month=2e6),
     Assumptions(ft_mode="hosted_api", input_price_usd_per_mtok=2.5, output_price_usd_per_mtok=10.0)),
]


@pytest.mark.parametrize(("case", "work", "costs"), FLIP_CASES, ids=[c[0] for c in FLIP_CASES])
def test_every_flip_point_fed_back_flips_the_comparison(case: str, work: Workload, costs: Assumptions) -> None:
    before = compute_tco(work, costs)
    s = run_sensitivity(baseline(work, costs))
    assert s.flips, case
    for flip in s.flips:
        after = compute_tco(work, as_assumptions(costs, {flip.parameter: flip.threshold}))
        assert after.cheaper == flip.cheaper_after != before.cheaper, flip.parameter
        # Just short of the flip point, the comparison has not flipped yet.
        step = 1 if flip.parameter in ("min_gpus", "ft_retrain_every_months") else abs(flip.threshold) * 1e-6
        short = flip.threshold - step if flip.direction == "above" else flip.threshold + step
        assert compute_tco(work, as_assumptions(costs, {flip.parameter: short})).cheaper == before.cheaper


def test_article_example_flip_points_in_words() -> None:
    s = sensitivity(Workload(), Assumptions())
    flips = {f.parameter: f for f in s.flips}
    # Prompt upkeep at h hours/month costs 36 x 200 x h; it must close a 206,974.80 gap from 4 h:
    # 206,974.80 / 7,200 + 4 = 32.7465 hours/month.
    upkeep = flips["pe_maintenance_hours_per_month"]
    assert upkeep.threshold == pytest.approx(32.7465, abs=1e-3)
    assert (upkeep.direction, upkeep.within_range, upkeep.cheaper_after) == ("above", False, "fine_tuning")
    assert upkeep.sentence == (
        "Fine-tuning would become cheaper than prompting if prompt maintenance effort rose above "
        "32.8 hours/month, with everything else unchanged (now 4 hours/month; outside its range of "
        "2 to 10 hours/month).")
    # No fine-tuning parameter alone closes the gap: even free GPUs leave fine-tuning dearer.
    assert set(flips) == {"pe_maintenance_hours_per_month", "pe_prompt_hours", "pe_monitoring_usd_per_month"}


def test_a_flip_within_range_is_listed_first() -> None:
    work = Workload(queries_per_month=2e6)
    costs = Assumptions(ft_mode="hosted_api", input_price_usd_per_mtok=2.5, output_price_usd_per_mtok=10.0)
    flips = sensitivity(work, costs).flips
    inside = [f.within_range for f in flips]
    assert inside == sorted(inside, reverse=True)


@pytest.mark.parametrize(("value", "unit", "text"), [
    (3.5, "USD per GPU-hour", "$3.50 per GPU-hour"), (200, "USD/hour", "$200/hour"), (5000, "USD", "$5,000"),
    (40, "% of prompt tokens", "40%"), (12, "GPU-hours", "12 GPU-hours"), (32.8, "hours/month", "32.8 hours/month"),
])
def test_quantities_in_words(value: float, unit: str, text: str) -> None:
    assert quantity(value, unit) == text
