"""The full profile: exact cash flows, the collapse to the seed formula, and invariants."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.tco.helpers import ZERO_EXTRAS, flat, workload
from tune_or_prompt.errors import UserError
from tune_or_prompt.tco import Assumptions, SeedInputs, Workload, compute_tco, seed_tco


def test_article_example_on_defaults() -> None:
    # Prompting (gpt-4o-mini at $0.15 / $0.60 per 1M tokens from genai-prices):
    #   prompt development 60 h x $200 = 12,000; evaluation suite 24 h x $200 = 4,800
    #   API 60.00/month x 36 = 2,160; overhead 10% = 216
    #   maintenance 4 h x $200 x 36 = 28,800; monitoring $50 x 36 = 1,800
    #   total = 49,776.00
    # Fine-tuning, self-hosted on A100 80GB ($3.50/h, 5,000 tokens/s):
    #   data preparation 40 h x $200 = 8,000; evaluation suite 4,800
    #   training 12 GPU-h x $3.50 = 42; experiments 2 runs x 42 = 84; pipeline 20 h x $200 = 4,000
    #   initial = 16,926
    #   GPUs: 100,000 x (2,000 x 40% + 500) = 130M tokens/month; one GPU plans for
    #   5,000 x 60% x 2,628,000 s / 3 = 2.628e9 tokens/month -> 1 GPU x $3.50 x 730 h = 2,555/month
    #   hosting 2,555 x 36 = 91,980; infrastructure overhead $150 x 36 = 5,400
    #   retraining 12 cycles x 40% x 16,926 = 12 x 6,770.40 = 81,244.80
    #   maintenance 8 h x $200 x 36 = 57,600; monitoring $100 x 36 = 3,600
    #   total = 256,750.80
    r = compute_tco(Workload(), Assumptions())
    pe, ft = r.prompt_engineering, r.fine_tuning
    assert pe.breakdown == {
        "prompt_development": 12000.0, "evaluation_suite": 4800.0, "api_usage": 2160.0,
        "api_overhead": 216.0, "prompt_maintenance": 28800.0, "monitoring": 1800.0,
    }
    assert pe.total_usd == 49776.0
    assert ft.breakdown == {
        "data_preparation": 8000.0, "evaluation_suite": 4800.0, "training": 42.0,
        "experiments": 84.0, "pipeline_engineering": 4000.0, "hosting": 91980.0,
        "infrastructure_overhead": 5400.0, "retraining": 81244.8, "model_maintenance": 57600.0,
        "monitoring": 3600.0,
    }
    assert ft.total_usd == 256750.8
    assert ft.gpus_per_month == [1] * 36
    assert r.savings_with_prompting_usd == 206974.8
    assert r.cheaper == "prompt_engineering"
    assert r.cost_ratio == 5.16
    assert r.break_even.month is None
    # Self-hosting costs ~$1.94 per 1M tokens here against gpt-4o-mini's blended $0.24:
    # no volume makes fine-tuning cheaper.
    assert r.break_even.queries_per_month is None
    # Month 1 carries both paths' one-off costs; month 3 the first retraining cycle.
    assert pe.monthly_usd[0] == 12000 + 4800 + 66 + 800 + 50
    assert ft.monthly_usd[2] == 2555 + 150 + 6770.4 + 1600 + 100
    assert pe.groups == {"initial": 16800.0, "operational": 2160.0, "maintenance": 30600.0,
                         "hidden": 216.0}


def test_every_figure_has_a_source() -> None:
    r = compute_tco(Workload(), Assumptions())
    assert r.assumptions
    assert all(row.source for row in r.assumptions), [a.name for a in r.assumptions if not a.source]
    names = {row.name for row in r.assumptions}
    assert {"input_price_usd_per_mtok", "gpu_usd_per_hour", "engineer_rate_usd_per_hour",
            "ft_retrain_cost_pct", "queries_per_month"} <= names


money = st.floats(min_value=0, max_value=50_000, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(q=st.floats(0, 5e7), tin=st.floats(0, 10_000), tout=st.floats(0, 4_000),
       pin=st.floats(0, 60), pout=st.floats(0, 120), initial=money, infra=money,
       every=st.integers(1, 36), retrain=money)
def test_full_collapses_to_seed(q: float, tin: float, tout: float, pin: float, pout: float,
                                initial: float, infra: float, every: int, retrain: float) -> None:
    seed = seed_tco(SeedInputs(queries_per_month=q, input_tokens=tin, output_tokens=tout,
                               input_price=pin, output_price=pout, ft_initial_cost=initial,
                               ft_monthly_infra=infra, retrain_every_months=every,
                               retrain_cost=retrain))
    full = compute_tco(workload(queries_per_month=q, input_tokens=tin, output_tokens=tout),
                       flat(initial, infra, every, retrain, pin, pout))
    assert full.prompt_engineering.total_usd == pytest.approx(seed.prompt_engineering_3year, abs=0.01)
    assert full.fine_tuning.total_usd == pytest.approx(seed.fine_tuning_3year, abs=0.01)
    assert full.savings_with_prompting_usd == pytest.approx(seed.savings_with_prompting, abs=0.02)


def test_growth_compounds_monthly() -> None:
    # Month 2 carries 100,000 x 1.10 = 110,000 queries: API 66.00 (vs 60.00 in month 1).
    r = compute_tco(workload(growth_pct_per_month=10), flat(0, 0, 0, 0, 0.15, 0.60))
    assert r.prompt_engineering.monthly_usd[:3] == [60.0, 66.0, 72.6]


def test_cache_and_batch_discounts() -> None:
    # 50% of input tokens at the cached price $0.075, all else standard:
    # 100,000 x (1,000 x 0.15 + 1,000 x 0.075 + 500 x 0.60) / 1M = 52.50 a month.
    r = compute_tco(workload(), Assumptions(**{**ZERO_EXTRAS, "prompt_cache_hit_pct": 50}))
    assert r.prompt_engineering.monthly_usd[1] == 52.5
    # 40% of queries through the batch API at half price: 60 x (0.6 + 0.4 x 0.5) = 48.00.
    r = compute_tco(workload(), Assumptions(**{**ZERO_EXTRAS, "batch_share_pct": 40}))
    assert r.prompt_engineering.monthly_usd[1] == 48.0


def test_hosted_fine_tuning_prices_tokens_and_training() -> None:
    # Training: 2,000 examples x (2,000 x 40% + 500 = 1,300 tokens) x 3 epochs = 7.8M tokens
    #           x $3.00 per 1M = 23.40 a run; experiments 2 x 23.40 = 46.80.
    # Serving ft:gpt-4o-mini ($0.30 / $1.20): 100,000 x (800 x 0.30 + 500 x 1.20) / 1M = 84.00/month,
    #           + 10% overhead = 92.40.
    r = compute_tco(workload(), Assumptions(ft_mode="hosted_api"))
    b = r.fine_tuning.breakdown
    assert (b["training"], b["experiments"]) == (23.4, 46.8)
    assert b["hosting"] == 84.0 * 36
    assert b["api_overhead"] == pytest.approx(8.4 * 36)


def test_on_premise_prices_prompting_on_own_gpus() -> None:
    # Prompting a self-hosted open model: 250M tokens/month fit one GPU (2.628e9 planned),
    # so 2,555/month + $150 overhead, and no API bill.
    r = compute_tco(workload(privacy="on_premise"), Assumptions())
    b = r.prompt_engineering.breakdown
    assert "api_usage" not in b
    assert b["self_hosted_gpus"] == 2555 * 36
    assert r.prompt_engineering.gpus_per_month == [1] * 36


def test_on_premise_forbids_hosted_fine_tuning() -> None:
    with pytest.raises(UserError, match="on_premise"):
        compute_tco(workload(privacy="on_premise"), Assumptions(ft_mode="hosted_api"))


def test_gpu_count_follows_peak_rate() -> None:
    # 10M queries x 1,300 tokens = 13e9 tokens/month / 2.628e9 per GPU = 4.95 -> 5 GPUs.
    r = compute_tco(workload(queries_per_month=10_000_000), Assumptions())
    assert r.fine_tuning.gpus_per_month == [5] * 36


@settings(max_examples=60, deadline=None)
@given(q1=st.floats(0, 1e8), q2=st.floats(0, 1e8), tin=st.floats(0, 8_000),
       tout=st.floats(0, 2_000), growth=st.floats(-20, 20),
       mode=st.sampled_from(["self_hosted", "hosted_api", "flat"]),
       privacy=st.sampled_from(["cloud_ok", "on_premise"]))
def test_invariants(q1: float, q2: float, tin: float, tout: float, growth: float, mode: str,
                    privacy: str) -> None:
    if privacy == "on_premise" and mode == "hosted_api":
        mode = "self_hosted"
    lo, hi = sorted((q1, q2))
    a = Assumptions(ft_mode=mode)  # type: ignore[arg-type]
    kw = {"input_tokens": tin, "output_tokens": tout, "growth_pct_per_month": growth,
          "privacy": privacy}
    small = compute_tco(workload(queries_per_month=lo, **kw), a)
    big = compute_tco(workload(queries_per_month=hi, **kw), a)
    for r in (small, big):
        for path in (r.prompt_engineering, r.fine_tuning):
            assert path.total_usd >= 0
            assert all(m >= 0 for m in path.monthly_usd)
            assert path.total_usd == pytest.approx(sum(path.breakdown.values()), abs=0.05)
    assert big.prompt_engineering.total_usd >= small.prompt_engineering.total_usd - 0.01
