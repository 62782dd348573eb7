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
    # gpt-4o-mini, 2,000 in / 500 out, defaults: the serverless LoRA at W&B Inference ($0.22 / $0.22) breaks
    # even first. Every cost is linear in the month-1 volume V (no fleet):
    #   PE = 16,800 one-off + 36 x (800 + 50) + 36 x V x (0.0006 - 0.0000432) x 1.1
    #      = 47,400 + 0.02204928 V   (the cache: 1,152 of the 1,200 static tokens, half at $0.075 off)
    #   FT = one-offs 12,000 + 4,800 + 1,201.20 + 8,000 + 4,000 + 3 runs x 3.90 = 30,012.90
    #      + build months 2 x V x 0.00061248
    #      + serving 34 x V x (800 + 500) x 0.22 / 1M x 1.1 = 34 x 0.0003146 V
    #      + maintenance 34 x 1,600 + monitoring 34 x 100 + retraining 11 x 3,104.20 = 91,946.20
    #   V = (121,959.10 - 47,400) / (0.02204928 - 0.01192136) = 7,361,738.6
    a_ft = 30_012.9 + 34 * (1_600 + 100) + 11 * 3_104.2
    b_ft = 2 * 0.00061248 + 34 * 0.0003146
    expected = (a_ft - 47_400) / (36 * 0.00061248 - b_ft)
    r = compute_tco(workload(), Assumptions())
    assert r.break_even.option == "serverless_lora:llama-3.1-8b"
    assert r.break_even.queries_per_month == pytest.approx(expected, abs=1.0)


def test_dedicated_break_even_volume_by_hand() -> None:
    # On rented GPUs Llama-3.1-8B on an L40S ($1.30/GPU-hour) breaks even first. In FP8 at 800 in / 500 out
    # (test_capacity.py works the same arithmetic): prefill 733e12 x 50% / 16.06e9 = 22,820.7 tokens/s;
    # 20 tokens/s a user caps the batch at 200 (of 412): a step reads 8.03 GB + 200 x 1,050 x 65,536 bytes
    # = 21.79 GB at 864 GB/s x 70% = 36.033 ms, decode 200 / 0.036033 = 5,550.5 tokens/s; 0.12514 s a query.
    # Near the break-even the fleet is 2 replicas in the 8 busy hours and 1 in the 16 others (checked below):
    #   PE = 47,400 + 0.02204928 V (above)
    #   FT = one-offs 12,000 + 4,800 + 1,201.20 + 8,000 + 4,000 + 3 runs of (1 h overhead +
    #        3.758e17 FLOPs / (362e12 x 35%) = 0.824 h) x $1.30 = 2.371
    #      + build months 2 x V x 0.00061248
    #      + serving 34 x (8 x 2 + 16 x 1) replica-hours a day x 730 / 24 x $1.30
    #      + overhead 34 x 150 + operations 34 x 0.1 x 2,080 / 12 h x $200 = 34 x 3,466.67
    #      + maintenance 34 x 1,600 + monitoring 34 x 100 + retraining 11 x (3,100.30 + 2.371)
    run = (1 + 7.8e6 * 6 * 8.03e9 / (362e12 * 0.35) / 3600) * 1.30
    ops = 0.1 * 2_080 / 12 * 200
    a_ft = (12_000 + 4_800 + 1_201.2 + 8_000 + 4_000 + 3 * run + 34 * (8 * 2 + 16 * 1) * 730 / 24 * 1.30
            + 34 * (150 + ops + 1_600 + 100) + 11 * (3_100.3 + run))
    expected = (a_ft - 47_400) / (36 * 0.00061248 - 2 * 0.00061248)
    r = compute_tco(workload(), Assumptions(ft_option="dedicated"))
    assert r.break_even.option == "dedicated:llama-3.1-8b@l40s"
    assert r.break_even.queries_per_month == pytest.approx(expected, abs=1.0)
    # The fleet assumed above: busy 0.55 replicas on average, x 2 by day x 1.1 / 0.7 = 1.74 -> 2; by night 1.
    seconds = 800 / 22_820.7 + 500 / 5_550.5
    busy = expected * seconds / (730 * 3600)
    assert (np.ceil(busy * 2 * 1.1 / 0.7), np.ceil(busy * 0.5 * 1.1 / 0.7)) == (2, 1)


def test_no_break_even_volume_when_fine_tuning_costs_more_per_query() -> None:
    # An API at $0.005 / $0.02 per 1M: (2,000 x 0.005 + 500 x 0.02) / 1M = $0.00002 a query, below the
    # cheapest GPU's $0.0000302 at full load (H200 in FP8: 0.02556 s x $4.25 / 3,600 s).
    r = compute_tco(workload(), Assumptions(input_price_usd_per_mtok=0.005, output_price_usd_per_mtok=0.02))
    assert r.break_even.queries_per_month is None


def test_each_volume_is_the_one_its_scenario_alone_gives() -> None:
    # Flat and growing scenarios searched together: the flat ones' fleets are sized for one month, as
    # each alone would be, so every volume is its own search's to the bit (batch gives what decide does).
    from tune_or_prompt.pricing import Catalogue
    from tune_or_prompt.tco.breakeven import break_even_queries
    from tune_or_prompt.tco.resolve import context, scenarios

    ctx = context(workload(input_tokens=4000, output_tokens=1000, horizon_months=36), Assumptions(), Catalogue())
    option = next(o for o in ctx.candidates if o.id == "dedicated:llama-3.1-8b@l4")
    # The searched volume is exact to 1e-10 of itself; where it lands within that depends on the path the
    # search takes, so a flat scenario searched with growing ones (its fleets then sized month by month)
    # could land a few ten-billionths off its own search: 15,270,698.95332901 instead of .95239509 from 5,258.
    q = np.array([5_258.0, 3_857_036.0, 36_237.0, 500_000.0, 56_535_141.0])
    g = np.array([0.0, 3.0, 0.0, 1.0, 0.0])

    def volumes(rows: slice) -> list[float]:
        values = {"queries_per_month": q[rows], "growth_pct_per_month": g[rows]}
        return break_even_queries(scenarios(ctx, option, values, len(q[rows]))).tolist()

    assert volumes(slice(None)) == [volumes(slice(i, i + 1))[0] for i in range(len(q))]
