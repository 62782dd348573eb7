"""Serving capacity of one replica: precision, the workload's own context, the latency target."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tune_or_prompt.pricing.capacity import GpuSpec, ModelSpec, Shape, capacity, replica_gpus
from tune_or_prompt.pricing.hardware import hardware

H100 = GpuSpec(80, 3350, 989, 1979, 8)
L4 = GpuSpec(24, 300, 121, 242, 4)
LLAMA_8B = ModelSpec(8.03, 32, 8, 128)
LLAMA_70B = ModelSpec(70.6, 80, 8, 128)


def test_llama_8b_on_an_h100_in_fp8_by_hand() -> None:
    # Weights 8.03e9 x 1 byte = 8.03 GB <= 80 x 0.9 x 0.8 = 57.6 GB: one GPU.
    # Prefill: 1,979e12 FLOP/s x 50% / (2 x 8.03e9) = 61,612.7 tokens/s.
    # KV cache: 2 x 32 layers x 8 heads x 128 x 1 byte = 65,536 bytes a token; a sequence of 1,000 + 1,000
    # tokens holds 131.07 MB; (72 - 8.03) GB / 131.07 MB = 488.0 -> 488 sequences.
    # A decode step reads 8.03 GB + 488 x (1,000 + 500) x 65,536 bytes = 56.00 GB at 3,350 GB/s x 70%
    # = 23.881 ms (its FLOPs take 488 x 16.06e9 / (1,979e12 x 50%) = 7.92 ms), so 488 / 0.023881 = 20,434/s.
    # A query: 1,000 / 61,612.7 + 1,000 / 20,434 = 0.016230 + 0.048938 = 0.065168 s: 15,345 output tokens/s.
    # Each user: 1,000 / (487 x 0.016230 + 1,000 x 0.023881) = 1,000 / 31.785 = 31.46 tokens/s.
    cap = capacity(H100, LLAMA_8B, Shape(1000, 1000, "fp8", 20))
    assert (cap.gpus, cap.precision, cap.batch, cap.available) == (1, "fp8", 488, True)
    assert cap.prefill_tokens_per_s == pytest.approx(61_612.7, rel=1e-5)
    assert cap.decode_tokens_per_s == pytest.approx(20_434, rel=1e-4)
    assert cap.output_tokens_per_s == pytest.approx(15_345, rel=1e-4)
    assert cap.user_output_tokens_per_s == pytest.approx(31.46, rel=1e-3)
    assert cap.time_to_first_token_s == pytest.approx(0.016230, rel=1e-4)


def test_the_default_precision_is_fp8_where_the_gpu_has_fp8_tensor_cores() -> None:
    hw = hardware()
    assert {g.id: g.spec.default_precision for g in hw.gpus.values()} == {
        "l4": "fp8", "a10g": "bf16", "l40s": "fp8", "a100-80gb": "bf16", "h100-80gb": "fp8", "h200": "fp8"}
    a100 = hw.gpu("a100-80gb").spec
    assert capacity(a100, LLAMA_8B, Shape(1000, 1000, "fp8", 0)).precision == "fp8-weights"


def test_bf16_and_int4_weights_by_hand() -> None:
    # BF16: 16.06 GB of weights, 131,072 bytes of KV a token: (72 - 16.06) GB / 262.1 MB = 213 sequences;
    # prefill at 989e12 x 50% / 16.06e9 = 30,790.8 tokens/s.
    bf16 = capacity(H100, LLAMA_8B, Shape(1000, 1000, "bf16", 0))
    assert (bf16.batch, round(bf16.prefill_tokens_per_s, 1)) == (213, 30_790.8)
    # INT4 (AWQ): 8.03e9 x 4.25 / 8 = 4.266 GB of weights, BF16 KV: (72 - 4.266) GB / 262.1 MB = 258.
    int4 = capacity(H100, LLAMA_8B, Shape(1000, 1000, "int4", 0))
    assert int4.batch == 258
    assert bf16.output_tokens_per_s < int4.output_tokens_per_s < capacity(
        H100, LLAMA_8B, Shape(1000, 1000, "fp8", 0)).output_tokens_per_s


def test_a_longer_context_leaves_room_for_fewer_sequences() -> None:
    # FP8: (72 - 8.03) GB / (5,000 x 65,536 bytes) = 195.2 -> 195 sequences at 4,000 + 1,000 tokens, 488 at 1,000.
    short = capacity(H100, LLAMA_8B, Shape(1000, 1000))
    long = capacity(H100, LLAMA_8B, Shape(4000, 1000))
    assert (short.batch, long.batch) == (488, 195)
    assert long.output_tokens_per_s < short.output_tokens_per_s / 3


def test_an_l4_in_bf16_cannot_give_a_user_40_tokens_a_second() -> None:
    # One sequence: a step reads 16.06 GB + 1,500 x 131,072 bytes = 16.257 GB at 300 GB/s x 70% = 77.41 ms,
    # 12.9 tokens/s even alone.
    cap = capacity(L4, LLAMA_8B, Shape(1000, 1000, "bf16", 40))
    assert not cap.available
    assert cap.reason == "even one sequence at a time writes 12.9 output tokens/s, under the 40 tokens/s a user needs"
    assert capacity(H100, LLAMA_8B, Shape(1000, 1000, "fp8", 40)).available


def test_the_latency_target_caps_the_batch() -> None:
    # At 40 tokens/s a user the H100 runs 371 of the 488 sequences its memory holds.
    free = capacity(H100, LLAMA_8B, Shape(1000, 1000, "fp8", 0))
    capped = capacity(H100, LLAMA_8B, Shape(1000, 1000, "fp8", 40))
    assert (capped.memory_batch, capped.batch) == (488, 371)
    assert capped.user_output_tokens_per_s >= 40 > free.user_output_tokens_per_s
    assert capped.output_tokens_per_s < free.output_tokens_per_s


def test_a_context_longer_than_the_kv_memory_is_unavailable() -> None:
    # L4, FP8: 21.6 - 8.03 = 13.57 GB beside the weights; 300,000 tokens x 65,536 bytes = 19.7 GB.
    cap = capacity(L4, LLAMA_8B, Shape(299_000, 1000, "fp8", 0))
    assert not cap.available
    assert cap.reason == "one sequence of 300,000 tokens needs 19.7 GB of KV cache; 13.6 GB is left beside the weights"


def test_a_time_to_first_token_limit_makes_a_long_prompt_unavailable() -> None:
    # 100,000 tokens / 61,612.7 tokens/s = 1.62 s to the first token.
    cap = capacity(H100, LLAMA_8B, Shape(100_000, 1000, None, 20, 0.5))
    assert not cap.available and cap.reason == "the first token takes 1.62 s, over the 0.5 s limit"


def test_a_70b_model_needs_several_gpus_and_fits_on_no_24_gb_gpu() -> None:
    # FP8: 70.6 GB; one H100 holds 57.6 GB, two 115.2 GB. BF16: 141.2 GB needs four.
    assert replica_gpus(H100, LLAMA_70B) == 2
    assert replica_gpus(H100, LLAMA_70B, "bf16") == 4
    assert replica_gpus(L4, LLAMA_70B) == 0  # 4 x 24 x 0.9 x 0.8 = 69.1 GB < 70.6 GB
    assert capacity(L4, LLAMA_70B, Shape(1000, 100)).reason == "the fp8 weights do not fit on 4 GPUs"
    hw = hardware()
    assert hw.fitting_gpus("70b") == ["l40s", "a100-80gb", "h100-80gb", "h200"]  # 4 x L40S in FP8: 138 GB


@given(tin=st.integers(0, 30_000), tout=st.integers(1, 4_000), target=st.floats(0, 60),
       precision=st.sampled_from(["bf16", "fp8", "int4"]))
def test_the_batch_is_the_largest_that_meets_the_target(tin: int, tout: int, target: float, precision: str) -> None:
    cap = capacity(H100, LLAMA_8B, Shape(tin, tout, precision, target))  # type: ignore[arg-type]
    assert 1 <= cap.batch <= cap.memory_batch
    if cap.available:
        assert cap.user_output_tokens_per_s >= target
        if cap.batch < cap.memory_batch:
            bigger = capacity(H100, LLAMA_8B, Shape(tin, tout, precision, 0))  # type: ignore[arg-type]
            assert bigger.user_output_tokens_per_s < target
    else:
        assert cap.batch == 1 and cap.user_output_tokens_per_s < target
    assert cap.seconds_per_query == pytest.approx(tin / cap.prefill_tokens_per_s + tout / cap.decode_tokens_per_s)
