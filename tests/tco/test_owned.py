"""Owned GPUs: bought, powered and hosted, a fixed fleet that never shrinks, and the engineers who run it."""

from __future__ import annotations

import pytest

from tests.tco.helpers import workload
from tune_or_prompt.errors import UserError
from tune_or_prompt.tco import Assumptions, compute_tco

OWNED = ("hardware_depreciation", "power", "colocation", "hardware_operations")


def test_one_owned_month_on_premise_worked_by_hand() -> None:
    r = compute_tco(workload(privacy="on_premise"), Assumptions(pe_open_model_size="70b"))
    assert r.fleet == "owned"
    pe = r.prompt_engineering
    # Prompting runs Llama-3.3-70B on an owned H200: one replica of 1 GPU (70.6 GB of FP8 weights) holds the
    # 100,000 queries a month.
    assert pe.gpus_per_month == [1] * 36
    gpu_hours = 1 * 730.0
    # Depreciation: $32,000 a GPU x 1.38 (server share 38%) over 4 years of 8,760 hours.
    depreciation = gpu_hours * 32_000 * 1.38 / (4 * 8_760)  # $920.00
    # Power: 0.7 kW x 1.35 (server power 35%) x PUE 1.54 x $0.0862/kWh per hour.
    power = gpu_hours * 0.7 * 1.35 * 1.54 * 0.0862  # $91.58
    # Colocation: 0.945 kW x $184.06 per kW-month, over the 730 hours of a month.
    colocation = gpu_hours * 0.945 * 184.06 / 730  # $173.94
    # The hardware's own upkeep, 8 engineer hours a month at $200, on top of the fleet's operations:
    # a tenth of an engineer's 2,080 hours a year, 173.33 h x 0.1 x $200 = $3,466.67 a month.
    operators = 8 * 200.0 + 2080 / 12 * 0.1 * 200.0
    running = 150 + 4 * 200.0 + 50  # infrastructure overhead, prompt maintenance, monitoring
    assert depreciation == pytest.approx(920.0)
    assert pe.monthly_usd[1] == pytest.approx(depreciation + power + colocation + operators + running, abs=0.01)
    assert pe.breakdown["hardware_depreciation"] == pytest.approx(36 * depreciation, abs=0.01)
    assert pe.breakdown["power"] == pytest.approx(36 * power, abs=0.01)
    assert pe.breakdown["colocation"] == pytest.approx(36 * colocation, abs=0.01)
    assert "self_hosted_gpus" not in pe.breakdown


def test_on_premise_both_paths_show_purchase_power_and_hosting() -> None:
    r = compute_tco(workload(privacy="on_premise"), Assumptions(pe_open_model_size="70b"))
    for path in (r.prompt_engineering, r.fine_tuning):
        assert all(path.breakdown[c] > 0 for c in OWNED)
    assert r.fine_tuning.option is not None and r.fine_tuning.option.endswith("@l40s")
    rows = {row.name: row for row in r.assumptions}
    assert rows["pe_gpu_purchase_usd"].value == 32_000 and rows["gpu_purchase_usd"].value == 7_500
    assert "gpu_usd_per_hour" not in rows and "pe_gpu_usd_per_hour" not in rows and "gpu_pricing" not in rows
    assert rows["hardware_life_years"].low == 3 and rows["hardware_life_years"].high == 5


def test_an_owned_fleet_is_fixed_and_never_shrinks() -> None:
    # Volume falling 20% a month from 30M queries: an owned fleet keeps every GPU it bought.
    shrinking = workload(privacy="on_premise", queries_per_month=30_000_000, growth_pct_per_month=-20)
    owned = compute_tco(shrinking, Assumptions()).prompt_engineering
    assert owned.gpus_per_month is not None and owned.gpu_hours_per_month is not None
    assert owned.gpus_per_month[0] > 2
    assert owned.gpus_per_month == [owned.gpus_per_month[0]] * 36
    assert owned.gpu_hours_per_month == [owned.gpus_per_month[0] * 730.0] * 36
    rented = compute_tco(shrinking, Assumptions(gpu_hosting="rented")).prompt_engineering
    assert rented.gpus_per_month is not None and rented.gpus_per_month[-1] < rented.gpus_per_month[0]


def test_the_gpu_price_trend_does_not_move_owned_hardware() -> None:
    base = compute_tco(workload(privacy="on_premise"), Assumptions())
    trend = compute_tco(workload(privacy="on_premise"), Assumptions(gpu_price_trend_pct_per_year=-25))
    assert trend.prompt_engineering.total_usd == base.prompt_engineering.total_usd


def test_owned_in_the_cloud_leaves_out_gpus_without_a_purchase_price_unless_given() -> None:
    r = compute_tco(workload(), Assumptions(gpu_hosting="owned", ft_option="dedicated"))
    by_id = {o.id: o for o in r.fine_tuning_options}
    assert not by_id["dedicated:llama-3.1-8b@l4"].feasible
    assert "no public purchase price" in by_id["dedicated:llama-3.1-8b@l4"].reason
    assert by_id["dedicated:llama-3.1-8b@l40s"].label.endswith(", owned")
    mine = compute_tco(workload(), Assumptions(gpu_hosting="owned", gpu_type="l4", gpu_purchase_usd=2_500,
                                            ft_option="dedicated"))
    assert mine.fine_tuning.option == "dedicated:llama-3.1-8b@l4"
    # One L4 from month 3 (after 2 build months): $2,500 x 1.38 / (4 x 8,760) a GPU-hour, 730 hours a month.
    assert mine.fine_tuning.breakdown["hardware_depreciation"] == pytest.approx(
        34 * 730 * 2_500 * 1.38 / (4 * 8_760), abs=0.01)


def test_owned_prompting_needs_a_gpu_type_with_a_purchase_price() -> None:
    with pytest.raises(UserError, match="purchase price"):
        compute_tco(workload(privacy="on_premise"), Assumptions(gpu_type="a100-80gb"))


def test_owned_parameters_reach_the_draws() -> None:
    r = compute_tco(workload(privacy="on_premise"), Assumptions(), uncertainty_draws=200, sensitivity=True)
    assert r.uncertainty is not None and r.sensitivity is not None
    assert r.uncertainty.prompt_engineering.p90_usd > r.uncertainty.prompt_engineering.p10_usd


def test_paid_up_front_the_purchase_lands_when_gpus_are_bought_and_again_at_the_end_of_their_life() -> None:
    # 60 months of an owned H200 that lasts 3 years: 1 GPU bought in month 1 and replaced in month 37.
    r = compute_tco(workload(privacy="on_premise", horizon_months=60),
                    Assumptions(hardware_payment="upfront", hardware_life_years=3, pe_open_model_size="70b"))
    pe = r.prompt_engineering
    price = 1 * 32_000 * 1.38  # $44,160.00 for one GPU with its server share
    assert pe.breakdown["hardware_purchase"] == pytest.approx(2 * price)
    assert "hardware_depreciation" not in pe.breakdown
    gpu_hours = 1 * 730.0
    monthly = (gpu_hours * 0.7 * 1.35 * 1.54 * 0.0862 + 1 * 0.945 * 184.06  # power and colocation
               + 8 * 200.0 + 2080 / 12 * 0.1 * 200.0  # the hardware's upkeep and the fleet's operations
               + 150 + 4 * 200.0 + 50)  # overhead, prompt maintenance, monitoring
    assert pe.monthly_usd[1] == pytest.approx(monthly, abs=0.01)
    assert pe.monthly_usd[36] == pytest.approx(monthly + price, abs=0.01)
    assert pe.monthly_usd[0] == pytest.approx(monthly + price + 12_000 + 4_800, abs=0.01)


@pytest.mark.parametrize("growth", [0.0, 3.0])
def test_the_break_even_search_prices_up_front_purchases_as_the_model_does(growth: float) -> None:
    # The volume search's gap (fine-tuning minus prompting) equals the model's own totals at any volume.
    import numpy as np

    from tune_or_prompt.pricing import Catalogue
    from tune_or_prompt.tco.breakeven import VolumeGap
    from tune_or_prompt.tco.model import fine_tuning, prompt_engineering
    from tune_or_prompt.tco.pricing_run import price_options

    priced = price_options(workload(privacy="on_premise", growth_pct_per_month=growth),
                           Assumptions(hardware_payment="upfront", hardware_life_years=1), Catalogue())
    s = priced.chosen.scenario
    for q in (1e4, 3e6, 4e7):
        at = s.with_queries(np.array([q]))
        gap = float(fine_tuning(at).monthly().sum() - prompt_engineering(at).monthly().sum())
        assert float(VolumeGap(s)(np.array([q]))[0]) == pytest.approx(gap, rel=1e-9)
