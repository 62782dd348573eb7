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
    #   cache: 60% of the prompt is static (1,200 tokens); OpenAI caches 1,024 tokens and then whole
    #     128-token steps: 1,152 tokens; half are read from cache: 576 x (0.15 - 0.075) = 43.2 / 1M
    #     = 0.0000432/query = 4.32/month saved; 36 months = -155.52
    #   overhead 10% of (60 - 4.32) = 5.568/month = 200.448 -> 200.45
    #   maintenance 4 h x $200 x 36 = 28,800; monitoring $50 x 36 = 1,800
    #   total = 12,000 + 4,800 + 2,160 - 155.52 + 200.448 + 28,800 + 1,800 = 49,604.93
    r = compute_tco(Workload(), Assumptions())
    pe = r.prompt_engineering
    assert pe.breakdown == {
        "prompt_development": 12000.0, "evaluation_suite": 4800.0, "api_usage": 2160.0,
        "prompt_cache_saving": -155.52, "api_overhead": 200.45, "prompt_maintenance": 28800.0, "monitoring": 1800.0,
    }
    assert pe.total_usd == 49604.93
    # Fine-tuning: OpenAI fine-tuning is closed to new customers, so the options are Llama-3.1-8B as a
    # serverless LoRA or on rented GPUs; the LoRA at W&B Inference ($0.22 / $0.22 per 1M tokens, the shipped
    # host cheapest for 800 in / 500 out) is cheaper (the L4, next cheapest, is worked out below).
    #   prompt baseline 100% x 12,000; evaluation suite 4,800
    #   training data, distilled (the student is not gpt-4o-mini): 2,000 examples x (0.01 h x $60 review
    #     + (2,000 x 0.15 + 500 x 0.60) / 1M = 0.0006 teacher) = 2,000 x 0.6006 = 1,201.20
    #   data preparation 40 h x $200 = 8,000; pipeline 20 h x $200 = 4,000
    #   training run: 2,000 x (800 + 500) x 3 epochs = 7.8M tokens x $0.50 = 3.90; experiments 2 x = 7.80
    #   build months 1-2 run prompted: 2 x (60 - 4.32 + 5.568) = 122.496 -> 122.50
    #   serving months 3-36 (34): 100,000 x (800 + 500) x 0.22 / 1M = 28.60/month = 972.40;
    #     overhead 10% = 2.86/month = 97.24
    #   retraining every 3 months from go-live (months 5, 8, ..., 35: 11 cycles), each
    #     (8 + 4 + 2) h x $200 = 2,800 + 500 new examples x 0.6006 = 300.30 + a 3.90 run = 3,104.20;
    #     11 x = 34,146.20
    #   maintenance 8 h x $200 x 34 = 54,400; monitoring $100 x 34 = 3,400
    #   total = 123,151.24 (123,151.236)
    ft = r.fine_tuning
    assert ft.option == "serverless_lora:llama-3.1-8b"
    assert ft.breakdown == {
        "prompt_baseline": 12000.0, "evaluation_suite": 4800.0, "training_data": 1201.2,
        "data_preparation": 8000.0, "training": 3.9, "experiments": 7.8, "pipeline_engineering": 4000.0,
        "build_period_prompting": 122.5, "hosting": 972.4, "api_overhead": 97.24,
        "retraining": 34146.2, "model_maintenance": 54400.0, "monitoring": 3400.0,
    }
    assert ft.total_usd == 123151.24
    assert ft.monthly_usd[1] == 61.25  # month 2: still prompted (61.248)
    assert r.cheaper == "prompt_engineering" and r.cost_ratio == 2.48
    assert r.break_even.month is None


def test_the_dedicated_l4_option_by_hand() -> None:
    # Llama-3.1-8B on an L4 ($0.50/GPU-hour, gpu_cloud tier), the cheapest of the six GPU types here.
    #   one-offs as for the LoRA (above) but the training run, on the GPU:
    #   training run: 7.8M tokens x 6 x 8.03e9 params = 3.758e17 FLOPs / (121e12 x 35% MFU) = 8,874 s
    #     = 2.465 h, + 1 h overhead = 3.465 h x $0.50 = 1.73; experiments 2 x = 3.46
    #   serving months 3-36 (34), FP8 on the L4 (242 dense FP8 TFLOPS, 300 GB/s), 800 in / 500 out:
    #     prefill 242e12 x 50% / 16.06e9 = 7,534.2 tokens/s, so 0.10618 s to the first token;
    #     at 20 tokens/s a user the batch is 22 (of the 159 the memory holds): a step reads
    #     8.03 GB + 22 x (800 + 250) x 65,536 bytes = 9.544 GB at 300 GB/s x 70% = 45.447 ms, so
    #     decode 22 / 0.045447 = 484.08 tokens/s and a user sees 500 / (21 x 0.10618 + 500 x 0.045447) = 20.04
    #     (23 would give 19.82); a query takes 0.10618 + 500 / 484.08 = 1.1391 s; busy replicas
    #     100,000 x 1.1391 / 2,628,000 s = 0.043 x the hour's weight (2 by day, 0.5 by night);
    #     x 1.1 head-room / 0.7 target = 0.14 at the peak -> 1 replica every hour:
    #     730 h x $0.50 = 365/month x 34 = 12,410; overhead $150 x 34 = 5,100
    #   operations (on-call, upkeep): 0.1 of an engineer's 2,080 / 12 hours a month x $200 = 3,466.67 x 34
    #     = 117,866.67
    #   retraining: 11 x (2,800 + 300.30 + a 1.7325 run = 3,102.03) = 34,122.36
    #   total = 139,561.25 + 117,866.67 = 257,427.92
    r = compute_tco(Workload(), Assumptions(ft_option="dedicated"))
    ft = r.fine_tuning
    assert ft.option == "dedicated:llama-3.1-8b@l4"
    assert ft.breakdown == {
        "prompt_baseline": 12000.0, "evaluation_suite": 4800.0, "training_data": 1201.2,
        "data_preparation": 8000.0, "training": 1.73, "experiments": 3.46, "pipeline_engineering": 4000.0,
        "build_period_prompting": 122.5, "hosting": 12410.0, "infrastructure_overhead": 5100.0,
        "retraining": 34122.36, "model_maintenance": 54400.0, "monitoring": 3400.0, "operations": 117866.67,
    }
    assert ft.total_usd == 257427.92
    assert ft.gpus_per_month == [0, 0] + [1] * 34
    # 100,000 x 1.1391 s = 31.64 busy GPU-hours of 730 billed a month: 4.3%.
    assert ft.average_utilisation_pct == 4.3
    assert r.cost_ratio == 5.19


def test_every_option_is_listed_with_its_reason() -> None:
    r = compute_tco(Workload(), Assumptions())
    by_id = {o.id: o for o in r.fine_tuning_options}
    assert set(by_id) == {"dedicated:llama-3.1-8b@l4", "provider:gpt-4o-mini", "provider:gpt-4.1-mini",
                          "provider:gpt-4.1-nano", "serverless_lora:llama-3.1-8b"}
    assert by_id["serverless_lora:llama-3.1-8b"].total_usd == r.fine_tuning.total_usd
    assert by_id["serverless_lora:llama-3.1-8b"].label == (
        "Serverless LoRA on Llama-3.1-8B-Instruct at W&B Inference (CoreWeave)")
    assert "W&B Serverless LoRA" in by_id["serverless_lora:llama-3.1-8b"].source
    assert by_id["dedicated:llama-3.1-8b@l4"].total_usd == 257_427.92
    assert "next: NVIDIA A10G 24GB" in by_id["dedicated:llama-3.1-8b@l4"].note
    assert "2027-01-06" in by_id["provider:gpt-4o-mini"].reason


def test_serverless_lora_is_not_priced_where_no_host_sells_it() -> None:
    # No shipped host serves an adapter on Llama-3.2-3B per token.
    r = compute_tco(Workload(), Assumptions(model_size="3b"))
    lora = next(o for o in r.fine_tuning_options if o.kind == "serverless_lora")
    assert not lora.feasible and "no shipped host price to serve a LoRA adapter on Llama-3.2-3B" in lora.reason


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
    # Half of the cacheable static prefix (1,152 of 1,200 tokens: 1,024 + one 128-token step) at the cached
    # price $0.075: 100,000 x (2,000 x 0.15 + 500 x 0.60 - 576 x 0.075) / 1M = 55.68 a month.
    # (Catalogue prices: a user-set price has no cached price to go with it.)
    r = compute_tco(workload(), Assumptions(**{**ZERO_EXTRAS, "prompt_cache_hit_pct": 50}))
    assert r.prompt_engineering.monthly_usd[1] == 60.0 - 4.32
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
