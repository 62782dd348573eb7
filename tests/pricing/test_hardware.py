"""The shipped hardware catalogue: GPU prices by tier, open models, serving capacity from the roofline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tune_or_prompt.pricing import hardware as hw_module
from tune_or_prompt.pricing.derive_capacity import derived
from tune_or_prompt.pricing.hardware import GPU_PRICING, hardware
from tune_or_prompt.pricing.offers import offers
from tune_or_prompt.pricing.roofline import GpuSpec, ModelSpec, capacity

DATA = Path(hw_module.__file__).parent


def test_serving_capacity_file_is_the_roofline_derivation() -> None:
    # Edit hardware.json, then regenerate: python -m tune_or_prompt.pricing.derive_capacity
    shipped = json.loads((DATA / "serving_capacity.json").read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(derived()))


def test_roofline_by_hand_for_llama_8b_on_an_h100() -> None:
    # Weights 8.03e9 x 2 bytes = 16.06 GB; usable 80 x 0.9 = 72 GB, so one GPU (16.06 <= 72 x 0.8).
    # Prefill: 989e12 FLOP/s x 60% / (2 x 8.03e9) = 36,949 tokens/s.
    # KV cache: 2 x 32 layers x 8 heads x 128 x 2 bytes = 131,072 bytes a token; 2,048 tokens a sequence
    # = 268.4 MB; (72 - 16.06) GB / 268.4 MB = 208 sequences. A decode step reads 16.06 GB + 208 x 268.4 MB
    # = 71.89 GB at 3,350 GB/s x 60% = 35.77 ms, so 208 / 0.03577 = 5,815 tokens/s.
    cap = capacity(GpuSpec(80, 3350, 989, 8), ModelSpec(8.03, 32, 8, 128))
    assert (cap.gpus, cap.batch) == (1, 208)
    assert cap.prefill_tokens_per_s == pytest.approx(36_949, rel=1e-4)
    assert cap.decode_tokens_per_s == pytest.approx(5_815, rel=1e-3)
    served = hardware().serving_of("8b", "h100-80gb")
    assert served.decode_tokens_per_s is not None and served.decode_tokens_per_s.value == 5_820


def test_a_70b_model_needs_several_gpus_and_fits_nowhere_small() -> None:
    hw = hardware()
    assert hw.serving_of("70b", "h100-80gb").gpus_per_replica == 4
    assert hw.serving_of("70b", "h200").gpus_per_replica == 2
    assert not hw.serving_of("70b", "l4").fits
    assert hw.fitting_gpus("70b") == ["a100-80gb", "h100-80gb", "h200"]


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
    for served in hw.serving.values():
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
