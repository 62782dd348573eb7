"""Break-even month and volume, computed."""

from __future__ import annotations

import pytest

from tests.tco.helpers import flat, workload
from tune_or_prompt.tco import Assumptions, compute_tco
from tune_or_prompt.tco.breakeven import break_even_month


def test_never_within_horizon() -> None:
    # Article defaults in flat mode: FT 95,000 vs PE 2,160 (no extras): never.
    r = compute_tco(workload(), flat(5000, 2000, 3, 1500, 0.15, 0.60))
    assert r.break_even.month is None


def test_crossing_in_month_five() -> None:
    # FT: 5,000 up front, nothing after. PE: 1,000 x 2,000 tokens x $0.50/1M ... let the API be
    # exactly 1,000/month: 100,000 queries x 2,000 in x $5.00/1M = 1,000; no output tokens.
    # Cumulative PE 1,000 x m reaches 5,000 in month 5 ("at or below" counts equality).
    r = compute_tco(workload(output_tokens=0), flat(5000, 0, 0, 0, 5.0, 0.0))
    assert r.prompt_engineering.monthly_usd[0] == 1000.0
    assert r.break_even.month == 5


def test_month_one_when_fine_tuning_is_cheaper_from_the_start() -> None:
    # FT 100 up front vs PE 1,000 in month 1.
    r = compute_tco(workload(output_tokens=0), flat(100, 0, 0, 0, 5.0, 0.0))
    assert r.break_even.month == 1
    assert r.cheaper == "fine_tuning"


def test_early_lead_that_is_lost_is_no_break_even() -> None:
    # FT cheaper in month 1 only, then dearer every month after: it never pays off.
    assert break_even_month([10.0, 1.0, 1.0], [5.0, 5.0, 5.0]) is None
    # Dearer, then cheaper for good from month 3.
    assert break_even_month([1.0, 1.0, 10.0], [5.0, 1.0, 1.0]) == 3


def test_break_even_volume_fed_back_equalises_totals() -> None:
    # FT costs 95,000 whatever the volume; PE costs 36 x q x 0.0006. Equal at
    # q = 95,000 / (36 x 0.0006) = 4,398,148.1 queries/month.
    a = flat(5000, 2000, 3, 1500, 0.15, 0.60)
    r = compute_tco(workload(), a)
    q = r.break_even.queries_per_month
    assert q == pytest.approx(95_000 / (36 * 0.0006), rel=1e-6)
    again = compute_tco(workload(queries_per_month=q), a)
    assert again.prompt_engineering.total_usd == pytest.approx(again.fine_tuning.total_usd, abs=0.05)


def test_break_even_volume_with_gpu_steps() -> None:
    # gpt-4o ($2.50 / $10.00) against self-hosted GPUs: fine-tuning wins above some volume;
    # at that volume FT <= PE, and 1% below it FT is dearer.
    a = Assumptions()
    r = compute_tco(workload(api_model="gpt-4o"), a)
    q = r.break_even.queries_per_month
    assert q is not None and q > 0
    at = compute_tco(workload(api_model="gpt-4o", queries_per_month=q), a)
    below = compute_tco(workload(api_model="gpt-4o", queries_per_month=q * 0.99), a)
    assert at.fine_tuning.total_usd <= at.prompt_engineering.total_usd + 0.05
    assert below.fine_tuning.total_usd > below.prompt_engineering.total_usd


def test_no_break_even_volume_when_fine_tuning_costs_more_per_query() -> None:
    r = compute_tco(workload(), Assumptions())  # self-hosted 8B vs gpt-4o-mini
    assert r.break_even.queries_per_month is None
