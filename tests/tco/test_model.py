"""The cost model on the built-in example, every figure worked by hand from the shipped figures."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.tco.helpers import ZERO_EXTRAS, flat, workload
from tune_or_prompt.tco import Assumptions, SeedInputs, Workload, compute_tco, seed_tco


def test_default_example_by_hand() -> None:
    # Prompting gpt-4o-mini ($0.15 in, $0.075 cached in, $0.60 out per 1M; genai-prices):
    #   prompt development 60 h x $200 = 12,000; evaluation suite 24 h x $200 = 4,800
    #   API, full prompt: 100,000 x (2,000 x 0.15 + 500 x 0.60) / 1M = 60.00/month; 36 months = 2,160
    #   cache: 60% of the prompt is static, half of it read from cache: 600 tokens x (0.15 - 0.075)
    #     = 45 / 1M = 0.000045/query = 4.50/month saved; 36 months = -162
    #   overhead 10% of (60 - 4.50) = 5.55/month = 199.80
    #   maintenance 4 h x $200 x 36 = 28,800; monitoring $50 x 36 = 1,800
    #   total = 12,000 + 4,800 + 2,160 - 162 + 199.80 + 28,800 + 1,800 = 49,597.80
    r = compute_tco(Workload(), Assumptions())
    pe = r.prompt_engineering
    assert pe.breakdown == {
        "prompt_development": 12000.0, "evaluation_suite": 4800.0, "api_usage": 2160.0,
        "prompt_cache_saving": -162.0, "api_overhead": 199.8, "prompt_maintenance": 28800.0, "monitoring": 1800.0,
    }
    assert pe.total_usd == 49597.8
    # Fine-tuning: OpenAI fine-tuning is closed to new customers and no serverless LoRA price is
    # shipped, so the feasible option is Llama-3.1-8B on a rented GPU; of the six GPU types the
    # L4 ($0.50/GPU-hour, gpu_cloud tier) is cheapest here.
    #   prompt baseline 100% x 12,000; evaluation suite 4,800
    #   training data, distilled (the student is not gpt-4o-mini): 2,000 examples x (0.01 h x $60 review
    #     + (2,000 x 0.15 + 500 x 0.60) / 1M = 0.0006 teacher) = 2,000 x 0.6006 = 1,201.20
    #   data preparation 40 h x $200 = 8,000; pipeline 20 h x $200 = 4,000
    #   training run: 2,000 x (800 + 500) x 3 epochs = 7.8M tokens x 6 x 8.03e9 params = 3.758e17 FLOPs
    #     / (60e12 x 35% MFU) = 17,895 s = 4.971 h, + 1 h overhead = 5.971 h x $0.50 = 2.99; experiments 2 x = 5.97
    #   build months 1-2 run prompted: 2 x (60 - 4.50 + 5.55) = 122.10
    #   serving months 3-36 (34): 800 / 2,240 + 500 / 168 = 3.333 s a query; busy replicas
    #     100,000 x 3.333 / 2,628,000 s = 0.127 x the hour's weight (2 by day, 0.5 by night);
    #     x 1.1 head-room / 0.7 target = 0.40 at the peak -> 1 replica every hour:
    #     730 h x $0.50 = 365/month x 34 = 12,410; overhead $150 x 34 = 5,100
    #   retraining every 3 months from go-live (months 5, 8, ..., 35: 11 cycles), each
    #     (8 + 4 + 2) h x $200 = 2,800 + 500 new examples x 0.6006 = 300.30 + a 2.985 run = 3,103.29;
    #     11 x = 34,136.14
    #   maintenance 8 h x $200 x 34 = 54,400; monitoring $100 x 34 = 3,400
    #   total = 139,578.40
    ft = r.fine_tuning
    assert ft.option == "dedicated:llama-3.1-8b@l4"
    assert ft.breakdown == {
        "prompt_baseline": 12000.0, "evaluation_suite": 4800.0, "training_data": 1201.2,
        "data_preparation": 8000.0, "training": 2.99, "experiments": 5.97, "pipeline_engineering": 4000.0,
        "build_period_prompting": 122.1, "hosting": 12410.0, "infrastructure_overhead": 5100.0,
        "retraining": 34136.14, "model_maintenance": 54400.0, "monitoring": 3400.0,
    }
    assert ft.total_usd == 139578.4
    assert ft.monthly_usd[1] == 61.05  # month 2: still prompted
    assert ft.gpus_per_month == [0, 0] + [1] * 34
    # 100,000 x 3.333 s = 92.6 busy GPU-hours of 34 x 730 billed a month: 12.7%.
    assert ft.average_utilisation_pct == 12.7
    assert r.cheaper == "prompt_engineering" and r.cost_ratio == 2.81
    assert r.break_even.month is None


def test_every_option_is_listed_with_its_reason() -> None:
    r = compute_tco(Workload(), Assumptions())
    by_id = {o.id: o for o in r.fine_tuning_options}
    assert set(by_id) == {"dedicated:llama-3.1-8b@l4", "provider:gpt-4o-mini", "provider:gpt-4.1-mini",
                          "provider:gpt-4.1-nano", "serverless_lora:llama-3.1-8b"}
    assert by_id["dedicated:llama-3.1-8b@l4"].total_usd == r.fine_tuning.total_usd
    assert "next: NVIDIA A10G 24GB" in by_id["dedicated:llama-3.1-8b@l4"].note
    assert "2027-01-06" in by_id["provider:gpt-4o-mini"].reason
    assert "serverless_lora_input_usd_per_mtok" in by_id["serverless_lora:llama-3.1-8b"].reason


def test_every_figure_has_a_source() -> None:
    r = compute_tco(Workload(), Assumptions())
    assert all(row.source for row in r.assumptions), [a.name for a in r.assumptions if not a.source]
    names = {row.name for row in r.assumptions}
    assert {"input_price_usd_per_mtok", "gpu_usd_per_hour", "prefill_tokens_per_s", "decode_tokens_per_s",
            "engineer_rate_usd_per_hour", "ft_build_months", "queries_per_month"} <= names


money = st.floats(min_value=0, max_value=50_000, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(q=st.floats(0, 5e7), tin=st.floats(0, 10_000), tout=st.floats(0, 4_000),
       pin=st.floats(0, 60), pout=st.floats(0, 120), initial=money, infra=money,
       every=st.integers(1, 36), retrain=money)
def test_full_collapses_to_seed(q: float, tin: float, tout: float, pin: float, pout: float,
                                initial: float, infra: float, every: int, retrain: float) -> None:
    # With every extra at zero, no build months and the flat option, the model is the article's formula.
    seed = seed_tco(SeedInputs(queries_per_month=q, input_tokens=tin, output_tokens=tout,
                               input_price=pin, output_price=pout, ft_initial_cost=initial,
                               ft_monthly_infra=infra, retrain_every_months=every, retrain_cost=retrain))
    full = compute_tco(workload(queries_per_month=q, input_tokens=tin, output_tokens=tout),
                       flat(initial, infra, every, retrain, pin, pout))
    # Each side rounds its own sum to cents (a total of $0.305 may be $0.31 on one and $0.30 on the
    # other): one cent apart at most, plus the float error of the difference.
    cent = 0.01 + 1e-9
    assert full.prompt_engineering.total_usd == pytest.approx(seed.prompt_engineering_3year, abs=cent)
    assert full.fine_tuning.total_usd == pytest.approx(seed.fine_tuning_3year, abs=cent)
    assert full.savings_with_prompting_usd == pytest.approx(seed.savings_with_prompting, abs=2 * cent)


def test_growth_compounds_monthly() -> None:
    # Month 2 carries 100,000 x 1.10 = 110,000 queries: API 66.00 (vs 60.00 in month 1).
    r = compute_tco(workload(growth_pct_per_month=10), flat(0, 0, 0, 0, 0.15, 0.60))
    assert r.prompt_engineering.monthly_usd[:3] == [60.0, 66.0, 72.6]


def test_cache_and_batch_discounts() -> None:
    # Half of the 60% static prefix (600 tokens) at the cached price $0.075:
    # 100,000 x (2,000 x 0.15 + 500 x 0.60 - 600 x 0.075) / 1M = 55.50 a month.
    # (Catalogue prices: a user-set price has no cached price to go with it.)
    r = compute_tco(workload(), Assumptions(**{**ZERO_EXTRAS, "prompt_cache_hit_pct": 50}))
    assert r.prompt_engineering.monthly_usd[1] == 60.0 - 4.5
    # 40% of queries through the batch API at half price (no cache): 60 x (0.6 + 0.4 x 0.5) = 48.00.
    r = compute_tco(workload(), flat(0, 0, 0, 0, 0.15, 0.60, batch_share_pct=40))
    assert r.prompt_engineering.monthly_usd[1] == 48.0


def test_serverless_lora_with_the_users_host_prices() -> None:
    # A host serving the adapter at $0.20 per 1M tokens: 100,000 x (800 + 500) x 0.20 / 1M = 26.00/month,
    # +10% overhead = 2.60, from month 3 (34 months). Training: 7.8M tokens x $0.50 = 3.90 a run.
    a = Assumptions(serverless_lora_input_usd_per_mtok=0.2, serverless_lora_output_usd_per_mtok=0.2,
                    ft_option="serverless_lora")
    r = compute_tco(Workload(), a)
    b = r.fine_tuning.breakdown
    assert r.fine_tuning.option == "serverless_lora:llama-3.1-8b"
    assert b["hosting"] == 26.0 * 34
    assert b["api_overhead"] == pytest.approx(2.6 * 34)
    assert (b["training"], b["experiments"]) == (3.9, 7.8)


@settings(max_examples=40, deadline=None)
@given(q1=st.floats(0, 1e8), q2=st.floats(0, 1e8), tin=st.floats(0, 8_000),
       tout=st.floats(0, 2_000), growth=st.floats(-20, 20),
       privacy=st.sampled_from(["cloud_ok", "on_premise"]))
def test_invariants(q1: float, q2: float, tin: float, tout: float, growth: float, privacy: str) -> None:
    lo, hi = sorted((q1, q2))
    a = Assumptions()
    kw = {"input_tokens": tin, "output_tokens": tout, "growth_pct_per_month": growth, "privacy": privacy}
    small = compute_tco(workload(queries_per_month=lo, **kw), a)
    big = compute_tco(workload(queries_per_month=hi, **kw), a)
    for r in (small, big):
        for path in (r.prompt_engineering, r.fine_tuning):
            assert path.total_usd >= 0
            assert path.total_usd == pytest.approx(sum(path.breakdown.values()), abs=0.05)
            assert path.total_usd == pytest.approx(path.cumulative_usd[-1], abs=0.01)
    assert big.prompt_engineering.total_usd >= small.prompt_engineering.total_usd - 0.01
    assert big.fine_tuning.total_usd >= small.fine_tuning.total_usd - 0.01
