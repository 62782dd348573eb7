"""Shipped serverless prices: base models and LoRA adapters per token, by host and model size."""

from __future__ import annotations

import json

from tune_or_prompt.pricing.serverless import serverless


def test_the_cheapest_priced_host_for_the_workloads_tokens() -> None:
    shipped = serverless()
    # Llama-3.1-8B adapters: W&B Inference at $0.22 / $0.22; Nebius and Together sell it at no published rate.
    lora = shipped.cheapest_lora("8b", 800, 500)
    assert lora is not None and lora.host == "W&B Inference (CoreWeave)"
    assert lora.usd_per_query(800, 500) == 1300 * 0.22 / 1e6
    assert {h.host for h in shipped.lora_hosts("8b") if not h.priced} == {"Nebius Token Factory", "Together"}
    assert shipped.cheapest_lora("3b", 800, 500) is None
    # Base Llama-3.3-70B: DeepInfra (0.13 / 0.38) beats W&B (0.71) and Groq (0.59 / 0.79) for 800 / 500:
    # 800 x 0.13 + 500 x 0.38 = 294 against 923 and 867 per 1M queries' tokens.
    base = shipped.cheapest_base("70b", 800, 500)
    assert base is not None and base.host == "DeepInfra"


def test_prices_infra_lists_the_serverless_hosts(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("prices", "--infra", "llama-3.1-8b", "--format", "json")
    assert code == 0, err
    rows = {r["id"]: r for r in json.loads(out)["offers"]}
    assert rows["serverless_lora:llama-3.1-8b@W&B Inference (CoreWeave)"]["input"] == 0.22
    assert not rows["serverless_lora:llama-3.1-8b@Together"]["available"]
    assert rows["serverless:llama-3.1-8b@Groq"]["output"] == 0.08
