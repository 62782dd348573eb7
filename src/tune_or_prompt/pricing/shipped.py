"""The shipped figures genai-prices does not hold, as plain data for ``prices --infra``."""

from __future__ import annotations

from typing import Any

from tune_or_prompt.pricing.hardware import hardware
from tune_or_prompt.pricing.offers import offers
from tune_or_prompt.pricing.serverless import serverless


def shipped_figures(pattern: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Return GPU types with prices, serving capacity and per-token offers, filtered by a substring.

    The offers are fine-tuning (providers', LoRA training) and serverless hosts' prices for base models and
    LoRA adapters.

    The serving capacity is that of the default workload shape (2,000 input and 500 output tokens, the GPU's
    default precision, the default latency target); ``capacity`` works it out for another.
    """
    hw, off = hardware(), offers()
    key = (pattern or "").lower()
    gpus = [g.model_dump(mode="json") for g in hw.gpus.values() if key in g.id or key in g.name.lower()]
    serving = [hw.serving_of(m, g).model_dump(mode="json") for m in hw.models for g in hw.gpus
               if key in m or key in g or key in hw.models[m].id]
    rows: list[dict[str, Any]] = [
        {"id": f"provider:{o.model}", "training": o.training_usd_per_mtok, "input": o.input_usd_per_mtok,
         "output": o.output_usd_per_mtok, "available": o.available, "reason": o.unavailable_reason,
         "source": o.source, "as_of": o.as_of} for o in off.provider
    ]
    rows += [{"id": f"lora_training:{hw.models[t.model].id}", "training": t.training_usd_per_mtok,
              "low": t.low, "high": t.high, "source": off.lora_training_source, "as_of": off.lora_training_as_of}
             for t in off.lora_training]
    shipped = serverless()
    for kind, hosts in (("serverless_lora", shipped.lora), ("serverless", shipped.base)):
        rows += [{"id": f"{kind}:{hw.models[h.model].id}@{h.host}", "input": h.input_usd_per_mtok,
                  "output": h.output_usd_per_mtok, "available": h.priced,
                  "reason": "" if h.priced else "sold per token at no published rate",
                  "source": h.source, "as_of": h.as_of} for h in hosts]
    rows = [r for r in rows if key in r["id"].lower()]
    return {"gpus": gpus, "serving": serving, "offers": rows}
