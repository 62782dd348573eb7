"""Break-even month and volume, computed."""

from __future__ import annotations

import numpy as np
import pytest

from tests.tco.helpers import flat, workload
from tune_or_prompt.tco import Assumptions, compute_tco
from tune_or_prompt.tco.outcomes import break_even_month


def _month(pe: list[float], ft: list[float]) -> int | None:
    found = int(break_even_month(np.cumsum(pe)[:, None], np.cumsum(ft)[:, None])[0])
    return found or None


def test_never_within_horizon() -> None:
    # Article defaults in flat mode: FT 95,000 vs PE 2,160 (no extras): never.
    r = compute_tco(workload(), flat(5000, 2000, 3, 1500, 0.15, 0.60))
    assert r.break_even.month is None


def test_crossing_in_month_five() -> None:
    # FT: 5,000 up front, nothing after. PE: 100,000 queries x 2,000 in x $5.00/1M = 1,000/month.
    # Cumulative PE 1,000 x m reaches 5,000 in month 5 ("at or below" counts equality).
    r = compute_tco(workload(output_tokens=0), flat(5000, 0, 0, 0, 5.0, 0.0))
    assert r.prompt_engineering.monthly_usd[0] == 1000.0
    assert r.break_even.month == 5


def test_month_one_when_fine_tuning_is_cheaper_from_the_start() -> None:
    r = compute_tco(workload(output_tokens=0), flat(100, 0, 0, 0, 5.0, 0.0))
    assert r.break_even.month == 1
    assert r.cheaper == "fine_tuning"


def test_early_lead_that_is_lost_is_no_break_even() -> None:
    # FT cheaper in month 1 only, then dearer every month after: it never pays off.
    assert _month([10.0, 1.0, 1.0], [5.0, 5.0, 5.0]) is None
    # Dearer, then cheaper for good from month 3.
    assert _month([1.0, 1.0, 10.0], [5.0, 1.0, 1.0]) == 3


def test_build_months_delay_the_break_even() -> None:
    # Same as the month-5 case, but the fine-tuned model goes live after 2 months: those months
    # the traffic runs prompted and fine-tuning pays the 1,000/month API bill too. Cumulative
    # FT = 5,000 + 2,000 = 7,000 from month 2 on; PE reaches 7,000 in month 7.
    r = compute_tco(workload(output_tokens=0), flat(5000, 0, 0, 0, 5.0, 0.0, ft_build_months=2))
    assert r.fine_tuning.monthly_usd[:3] == [6000.0, 1000.0, 0.0]
    assert r.fine_tuning.breakdown["build_period_prompting"] == 2000.0
    assert r.break_even.month == 7


def test_break_even_volume_fed_back_equalises_totals() -> None:
    # FT costs 95,000 whatever the volume; PE costs 36 x q x 0.0006. Equal at
    # q = 95,000 / (36 x 0.0006) = 4,398,148.1 queries/month.
    a = flat(5000, 2000, 3, 1500, 0.15, 0.60)
    r = compute_tco(workload(), a)
    q = r.break_even.queries_per_month
    assert q == pytest.approx(95_000 / (36 * 0.0006), rel=1e-6)
    again = compute_tco(workload(queries_per_month=q), a)
    assert again.prompt_engineering.total_usd == pytest.approx(again.fine_tuning.total_usd, abs=0.05)


def test_default_break_even_volume_by_hand() -> None:
    # gpt-4o-mini, 2,000 in / 500 out, defaults. At high volume Llama-3.1-8B on A100s ($1.60/GPU-hour;
    # prefill 11,700, decode 3,540 tokens/s) is the dedicated GPU type that breaks even first.
    # Near the break-even the fleet is 2 replicas in the 8 busy hours and 1 in the 16 others
    # (checked below), so both totals are linear in the volume V:
    #   PE = 16,800 one-off + 36 x (800 + 50) + 36 x V x (0.0006 - 0.000045) x 1.1
    #      = 47,400 + 0.021978 V
    #   FT = one-offs 12,000 + 4,800 + 1,201.20 + 8,000 + 4,000 + 3 runs of (1 h overhead +
    #        3.758e17 FLOPs / (312e12 x 35%) = 0.956 h) x $1.60 = 9.3885 -> 30,010.5885
    #      + build months 2 x V x 0.0006105
    #      + serving 34 x (8 x 2 + 16 x 1) replica-hours a day x 730/24 x $1.60 = 34 x 1,557.33
    #      + overhead 34 x 150 + maintenance 34 x 1,600 + monitoring 34 x 100
    #      + retraining 11 x (3,100.30 + 3.1295)
    #   V = (A_ft - A_pe) / (b_pe - b_ft)
    run = (1 + 7.8e6 * 6 * 8.03e9 / (312e12 * 0.35) / 3600) * 1.60
    a_ft = (12_000 + 4_800 + 1_201.2 + 8_000 + 4_000 + 3 * run + 34 * (8 * 2 + 16 * 1) * 730 / 24 * 1.60
            + 34 * (150 + 1_600 + 100) + 11 * (3_100.3 + run))
    a_pe = 16_800 + 36 * 850
    b_pe, b_ft = 36 * 0.0006105, 2 * 0.0006105
    expected = (a_ft - a_pe) / (b_pe - b_ft)
    r = compute_tco(workload(), Assumptions())
    assert r.break_even.option == "dedicated:llama-3.1-8b@a100-80gb"
    assert r.break_even.queries_per_month == pytest.approx(expected, abs=1.0)
    # The fleet assumed above: 0.2096 s a query, busy 0.51 replicas on average, x 2 by day,
    # x 1.1 / 0.7 -> 1.6 -> 2 replicas; by night 0.4 -> 1.
    seconds = 800 / 11_700 + 500 / 3_540
    busy = expected * seconds / (730 * 3600)
    assert (np.ceil(busy * 2 * 1.1 / 0.7), np.ceil(busy * 0.5 * 1.1 / 0.7)) == (2, 1)


def test_no_break_even_volume_when_fine_tuning_costs_more_per_query() -> None:
    # An API at $0.02 / $0.05 per 1M: (2,000 x 0.02 + 500 x 0.05) / 1M = $0.000065 a query, below the
    # cheapest GPU's $0.000093 at full load (A100: 0.2096 s x $1.60 / 3,600 s).
    r = compute_tco(workload(), Assumptions(input_price_usd_per_mtok=0.02, output_price_usd_per_mtok=0.05))
    assert r.break_even.queries_per_month is None
