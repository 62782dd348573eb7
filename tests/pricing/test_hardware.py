"""The shipped hardware catalogue: GPU prices by tier, open models, serving capacity from the roofline."""

from __future__ import annotations

import pytest

from tune_or_prompt.pricing.capacity import Shape
from tune_or_prompt.pricing.hardware import GPU_PRICING, hardware
from tune_or_prompt.pricing.offers import offers


def test_serving_of_gives_the_capacity_for_the_workload_with_its_range_and_source() -> None:
    # Llama-3.1-8B on an H100 at 1,000 / 1,000 tokens in FP8 (worked by hand in test_capacity.py).
    served = hardware().serving_of("8b", "h100-80gb", Shape(1000, 1000))
    assert (served.precision, served.gpus_per_replica, served.batch, served.available) == ("fp8", 1, 488, True)
    assert served.decode_tokens_per_s is not None
    assert served.decode_tokens_per_s.value == pytest.approx(20_434, rel=1e-4)
    assert served.decode_tokens_per_s.low == pytest.approx(20_434 * 0.6, rel=1e-4)
    assert served.decode_tokens_per_s.high == pytest.approx(20_434 * 1.5, rel=1e-4)
    assert "TensorRT-LLM" in served.decode_tokens_per_s.source
    assert "488 sequences of 1,000 input and 1,000 output tokens" in served.decode_tokens_per_s.source


def test_every_gpu_has_a_sourced_price_in_every_tier() -> None:
    hw = hardware()
    assert set(hw.gpus) == {"l4", "a10g", "l40s", "a100-80gb", "h100-80gb", "h200"}
    assert set(hw.models) == {"3b", "8b", "14b", "70b"}
    for gpu in hw.gpus.values():
        assert gpu.spec_source
        assert set(gpu.prices) == set(GPU_PRICING)
        for tier, price in gpu.prices.items():
            assert price.low <= price.value <= price.high, (gpu.id, tier)
            assert price.source and price.as_of and "PLACEHOLDER" not in price.source
    for size in hw.models:
        for gpu in hw.gpus:
            served = hw.serving_of(size, gpu)
            for fig in (served.prefill_tokens_per_s, served.decode_tokens_per_s):
                if served.fits:
                    assert fig is not None and fig.low <= fig.value <= fig.high and fig.source


def test_offers_say_why_they_cannot_be_bought() -> None:
    off = offers()
    mini = off.provider_offer("gpt-4o-mini-2024-07-18")
    assert mini is not None and mini.training_usd_per_mtok == 3.0 and not mini.available
    assert "2027-01-06" in mini.unavailable_reason and mini.unavailable_source
    assert off.why_no_provider("anthropic") is not None
    lora = off.lora("8b")
    assert lora is not None and lora.training_usd_per_mtok == 0.5
