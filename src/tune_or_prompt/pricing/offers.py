"""Shipped fine-tuning offers sold per token: providers' own fine-tuning, and LoRA training at model hosts.

``finetuning_offers.json`` beside this module holds, each with a source and a date:

* ``provider``: an API provider's fine-tuning of one of its models: the
  training price per 1M training tokens and the fine-tuned model's prices per
  1M tokens. ``tier`` orders a provider's models by size (1 smallest), so the
  options for an API model are its own fine-tuning and that of its smaller
  siblings. An offer that can no longer be bought carries ``available:
  false`` and the reason, and is listed as not feasible, never priced.
* ``no_provider_option``: providers whose fine-tuned models are not sold per
  token, and why (never priced at the base model's price instead).
* ``lora_training``: the price per 1M training tokens of a LoRA on an open
  model at a model host, by model size class.

The per-token prices of serving an adapter are in :mod:`.serverless`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

_DATA = Path(__file__).with_name("finetuning_offers.json")


class ProviderOffer(BaseModel):
    """An API provider's fine-tuning of one model, priced per token."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str
    provider: str
    tier: int
    training_usd_per_mtok: float
    input_usd_per_mtok: float
    cached_input_usd_per_mtok: float
    output_usd_per_mtok: float
    source: str
    as_of: str
    available: bool = True
    unavailable_reason: str = ""
    unavailable_source: str = ""


class NoProviderOption(BaseModel):
    """A provider whose fine-tuned models are not sold per token."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: str
    reason: str
    source: str
    as_of: str


class LoraTraining(BaseModel):
    """A host's price to train a LoRA on an open model of one size class."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str
    training_usd_per_mtok: float
    low: float
    high: float


class Offers(BaseModel):
    """Every shipped per-token fine-tuning offer."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    provider: list[ProviderOffer]
    no_provider_option: list[NoProviderOption]
    lora_training: list[LoraTraining]
    lora_training_source: str
    lora_training_as_of: str

    def provider_offer(self, model: str) -> ProviderOffer | None:
        """Return the provider offer to fine-tune ``model`` (a dated name matches its base), if any."""
        key = model.strip().lower().removeprefix("ft:")
        for offer in sorted(self.provider, key=lambda o: -len(o.model)):
            if key == offer.model or key.startswith(offer.model + "-"):
                return offer
        return None

    def why_no_provider(self, provider: str) -> NoProviderOption | None:
        """Return why ``provider`` has no per-token fine-tuning, if it is listed."""
        return next((n for n in self.no_provider_option if n.provider == provider), None)

    def lora(self, size: str) -> LoraTraining | None:
        """Return the LoRA training price for an open model size class, if any."""
        return next((o for o in self.lora_training if o.model == size), None)


@cache
def offers() -> Offers:
    """Return the shipped offers (read once per process)."""
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    raw.pop("_about", None)
    return Offers.model_validate(raw)
