"""The seed profile reproduces the article's formula to the cent."""

from __future__ import annotations

import pytest

from tune_or_prompt.tco import SeedInputs, seed_tco


def test_article_example() -> None:
    # API = 100,000 x 2,000 / 1M x 0.15 + 100,000 x 500 / 1M x 0.60 = 30 + 30 = 60.00
    # PE  = 60 x 36 = 2,160.00
    # FT  = 5,000 + 2,000 x 36 + floor(36 / 3) x 1,500 = 5,000 + 72,000 + 18,000 = 95,000.00
    # savings = 95,000 - 2,160 = 92,840.00; "break-even" = 5,000 / 60 = 83.33 -> 83.3
    r = seed_tco(SeedInputs())
    assert r.model_dump() == {
        "prompt_engineering_3year": 2160.0,
        "fine_tuning_3year": 95000.0,
        "savings_with_prompting": 92840.0,
        "monthly_api_cost": 60.0,
        "break_even_month": 83.3,
    }


def test_high_volume_gpt4o_prices() -> None:
    # API = 1,000,000 x 1,000 / 1M x 2.50 + 1,000,000 x 200 / 1M x 10.00 = 2,500 + 2,000 = 4,500
    # PE = 4,500 x 36 = 162,000; FT = 95,000 (defaults); savings = -67,000
    # "break-even" = 5,000 / 4,500 = 1.11 -> 1.1
    r = seed_tco(SeedInputs(queries_per_month=1_000_000, input_tokens=1_000, output_tokens=200,
                            input_price=2.5, output_price=10.0))
    assert (r.monthly_api_cost, r.prompt_engineering_3year) == (4500.0, 162000.0)
    assert (r.fine_tuning_3year, r.savings_with_prompting) == (95000.0, -67000.0)
    assert r.break_even_month == 1.1


def test_odd_inputs_round_like_the_article() -> None:
    # API = 12,345 x 777 / 1M x 0.15 + 12,345 x 333 / 1M x 0.60
    #     = 1.43880975 + 2.466531 = 3.90534075 -> 3.91
    # PE = 3.90534075 x 36 = 140.592267 -> 140.59
    # FT = 10,000 + 3,000 x 36 + floor(36 / 5) x 1,000 = 10,000 + 108,000 + 7,000 = 125,000
    # savings = 125,000 - 140.592267 = 124,859.407733 -> 124,859.41 (rounded from the exact PE)
    # "break-even" = 10,000 / 3.90534075 = 2,560.596 -> 2,560.6
    r = seed_tco(SeedInputs(queries_per_month=12_345, input_tokens=777, output_tokens=333,
                            ft_initial_cost=10_000, ft_monthly_infra=3_000,
                            retrain_every_months=5, retrain_cost=1_000))
    assert r.monthly_api_cost == 3.91
    assert r.prompt_engineering_3year == 140.59
    assert r.fine_tuning_3year == 125000.0
    assert r.savings_with_prompting == 124859.41
    assert r.break_even_month == 2560.6


def test_zero_volume_has_no_break_even() -> None:
    # No API cost: the formula divides by zero, which the article shows as infinity.
    r = seed_tco(SeedInputs(queries_per_month=0))
    assert r.monthly_api_cost == 0.0
    assert r.break_even_month is None
    assert r.fine_tuning_3year == 95000.0


@pytest.mark.parametrize("field,value", [("queries_per_month", -1.0), ("input_price", float("nan")),
                                         ("retrain_every_months", 0)])
def test_rejects_bad_inputs(field: str, value: float) -> None:
    with pytest.raises(ValueError):
        SeedInputs(**{field: value})
