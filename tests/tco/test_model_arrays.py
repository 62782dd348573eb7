"""The model's shortcuts over many scenarios give the figures of the plain computations, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.tco import Assumptions, Workload
from tune_or_prompt.tco.model import (
    building,
    discount_factors,
    fine_tuning,
    migrates,
    month_index,
    prompt_engineering,
    yearly_factor,
)
from tune_or_prompt.tco.outcomes import CHUNK, break_even_month, cumulative, prompting_value
from tune_or_prompt.tco.resolve import Context, context, scenarios


def _drawn(workload: Workload, n: int, *, start_month: str | None = None) -> tuple[Context, dict[str, np.ndarray]]:
    rng = np.random.default_rng(0)
    ctx = context(workload, Assumptions(discount_rate_pct=6, start_month=start_month), Catalogue())
    values = {"queries_per_month": 10 ** rng.uniform(3, 9, n), "api_price_trend_pct_per_year": rng.uniform(-40, 5, n),
              "ft_build_months": rng.integers(0, 45, n).astype(float), "growth_pct_per_month": rng.choice([0, 3.0], n)}
    return ctx, values


def test_wide_cumulative_sums_are_numpys() -> None:
    monthly = np.random.default_rng(3).normal(size=(48, 700)) * 1e5
    assert np.array_equal(cumulative(monthly), np.cumsum(monthly, axis=0))


def test_the_break_even_month_by_the_months_behind() -> None:
    # Three scenarios: fine-tuning behind until month 2 (break-even month 3), behind at the end (never),
    # never behind (month 1).
    pe = np.cumsum([[5.0, 5.0, 1.0], [5.0, 5.0, 1.0], [5.0, 5.0, 1.0]], axis=0)
    ft = np.cumsum([[9.0, 1.0, 1.0], [3.0, 1.0, 1.0], [0.0, 20.0, 0.0]], axis=0)
    assert break_even_month(pe, ft).tolist() == [3, 0, 1]


@pytest.mark.parametrize("n", [1, 2, CHUNK + 1, 4 * CHUNK + 500])
def test_prompting_values_are_the_whole_batchs(n: int) -> None:
    ctx, values = _drawn(Workload(api_model="gpt-4o"), n)
    s = scenarios(ctx, ctx.candidates[0], values, n)
    whole = (prompt_engineering(s).monthly() * discount_factors(s)).sum(axis=0)
    assert np.array_equal(prompting_value(s), whole)


def test_numpys_power_rounds_alike_in_every_array_no_wider_than_a_chunk() -> None:
    # What CHUNK relies on: an entry is rounded alike in any array no wider than a chunk, wherever it sits.
    base = 1.0 + np.random.default_rng(2).uniform(-0.5, 0.2, 2 * CHUNK)
    exponents = month_index(36) / 12.0
    whole = np.power(base[None, :CHUNK], exponents)
    narrow = np.concatenate([np.power(base[None, k:k + 7], exponents) for k in range(0, CHUNK, 7)], axis=1)[:, :CHUNK]
    assert np.array_equal(whole, narrow)
    shifted = np.power(base[None, 5:CHUNK + 5], exponents)  # the same entries at other places of a chunk
    assert np.array_equal(whole[:, 5:], shifted[:, :-5])


def test_equal_trends_share_their_factors() -> None:
    rate = np.random.default_rng(1).uniform(-0.3, 0.1, 1_000)
    factor = yearly_factor(rate, 36)
    assert yearly_factor(rate.copy(), 36) is factor  # same values, another array: the same result
    assert np.array_equal(factor, np.power(1.0 + rate[None, :], month_index(36) / 12.0))
    moved = rate.copy()
    moved[-1] += 0.01
    assert not np.array_equal(yearly_factor(moved, 36)[:, -1], factor[:, -1])
    assert not factor.flags.writeable


@pytest.mark.parametrize("workload", [Workload(api_model="gpt-3.5-turbo"), Workload(privacy="on_premise")],
                         ids=["api_with_migration", "on_premise"])
def test_the_build_period_is_prompting_running_in_the_build_months(workload: Workload) -> None:
    # Build months from 0 to beyond the 36-month horizon: fine-tuning pays prompting's running bill
    # (API usage, cache saving and overhead, added in that order; or, on GPUs, overhead and operations) in
    # exactly those months.
    ctx, values = _drawn(workload, 400, start_month="2026-06")
    option = next(o for o in ctx.candidates if o.kind != "dedicated") if not ctx.on_premise else ctx.candidates[0]
    s = scenarios(ctx, option, values, 400)
    pe = prompt_engineering(s, fleets=False).categories
    running = ("api_usage", "prompt_cache_saving", "api_overhead") if not s.pe_on_fleet else (
        "self_hosted_gpus", "infrastructure_overhead", "operations", "hardware_operations")
    total = pe[running[0]].copy()
    for name in running[1:]:
        if name in pe:
            total += pe[name]
    assert (s.build_months == 0).any() and (s.build_months > s.months).any()
    assert migrates(s) is (workload.privacy == "cloud_ok")
    build = building(s)
    found = fine_tuning(s, fleets=False).categories["build_period_prompting"]
    assert np.array_equal(found, np.where(build, total, 0.0))
    assert not np.signbit(found).any()
