"""Money over time: build months, retraining from the bottom up, discounting, price trends, growth."""

from __future__ import annotations

import pytest

from tests.tco.helpers import ZERO_EXTRAS, flat, workload
from tune_or_prompt.tco import Assumptions, compute_tco


def test_build_months_carry_the_prompted_api_spend() -> None:
    # Defaults: months 1 and 2 run prompted; fine-tuning pays 60 - 4.32 + 5.568 = 61.248 a month then,
    # and its serving (the W&B LoRA: 28.60 + 10% overhead 2.86) starts in month 3.
    r = compute_tco(workload(), Assumptions())
    ft = r.fine_tuning
    assert ft.breakdown["build_period_prompting"] == 122.5
    assert ft.monthly_usd[1] == 61.25
    assert ft.monthly_usd[2] == 28.6 + 2.86 + 1600 + 100
    three = compute_tco(workload(), Assumptions(ft_build_months=3))
    assert three.fine_tuning.breakdown["build_period_prompting"] == pytest.approx(3 * 61.248, abs=0.005)


def test_retraining_bottom_up_and_its_overrides() -> None:
    # Bottom-up cycle: (8 + 4 + 2) h x $200 + 500 new distilled examples x 0.6006 + one LoRA run
    # (7.8M training tokens x $0.50 = 3.90).
    run = 7.8e6 * 0.50 / 1e6
    r = compute_tco(workload(), Assumptions())
    assert r.fine_tuning.breakdown["retraining"] == round(11 * (2_800 + 300.3 + run), 2)
    # A fixed sum per cycle: 11 x 1,500.
    fixed = compute_tco(workload(), Assumptions(ft_retrain_cost_usd=1_500))
    assert fixed.fine_tuning.breakdown["retraining"] == 16_500.0
    # A share of the initial cost: 40% x 30,012.90 (baseline, eval, data, prep, pipeline, 3 runs).
    initial = 12_000 + 4_800 + 1_201.2 + 8_000 + 4_000 + 3 * run
    share = compute_tco(workload(), Assumptions(ft_retrain_cost_pct=40))
    assert share.fine_tuning.breakdown["retraining"] == pytest.approx(11 * 0.4 * initial, abs=0.01)


def test_a_discount_rate_lowers_both_totals() -> None:
    # At 10% a year, month m (0-based) is worth 1.1 ** (-m / 12): the present values fall below the
    # plain totals, which stay as they are.
    plain = compute_tco(workload(), Assumptions())
    r = compute_tco(workload(), Assumptions(discount_rate_pct=10))
    assert r.prompt_engineering.total_usd == plain.prompt_engineering.total_usd
    assert r.present_value is not None and plain.present_value is None
    assert r.present_value.prompt_engineering_usd < r.prompt_engineering.total_usd
    assert r.present_value.fine_tuning_usd < r.fine_tuning.total_usd
    # The comparison is made on the present values.
    assert r.savings_with_prompting_usd == pytest.approx(
        r.present_value.fine_tuning_usd - r.present_value.prompt_engineering_usd, abs=0.01)
    # By hand for prompting's month 13 cost: (60 - 4.32 + 5.568) + 800 + 50 = 911.248, discounted by 1.1.
    # The monthly figures are rounded to cents (911.25, 0.002 off), so 36 of them may drift 0.07.
    monthly = r.prompt_engineering.monthly_usd
    pv = sum(x / 1.1 ** (m / 12) for m, x in enumerate(monthly))
    assert r.present_value.prompt_engineering_usd == pytest.approx(pv, abs=0.08)


def test_price_trends_compound_yearly() -> None:
    # API prices falling 50% a year: month 13's API bill is half of month 1's (60.00 -> 30.00);
    # with no extras the flat formula's prompting is only the API bill.
    r = compute_tco(workload(), flat(0, 0, 0, 0, 0.15, 0.60, api_price_trend_pct_per_year=-50))
    assert r.prompt_engineering.monthly_usd[0] == 60.0
    assert r.prompt_engineering.monthly_usd[12] == 30.0
    # GPU prices falling 20% a year: the L4's $365 in month 3 is 365 x 0.8 ** (2 / 12) = 351.65.
    g = compute_tco(workload(), Assumptions(**ZERO_EXTRAS, gpu_price_trend_pct_per_year=-20, ft_option="dedicated",
                                            ft_retrain_every_months=0, self_hosted_overhead_usd_per_month=0,
                                            self_hosted_ops_fte=0))
    assert g.fine_tuning.monthly_usd[2] == round(365 * 0.8 ** (2 / 12), 2)


def test_growth_above_twenty_percent_is_warned_about() -> None:
    r = compute_tco(workload(growth_pct_per_month=25), Assumptions())
    growth = [w for w in r.warnings if w.startswith("Volume growing")]
    assert len(growth) == 1
    # 100,000 x 1.25 ** 35 = 246,519,033 queries a month by month 36.
    assert "246,519,033 queries a month by month 36" in growth[0]
    assert not [w for w in compute_tco(workload(growth_pct_per_month=20), Assumptions()).warnings
                if w.startswith("Volume growing")]
