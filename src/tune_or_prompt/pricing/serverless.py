"""Shipped per-token prices of open models at serverless hosts: base models, and LoRA adapters on them.

``serverless.json`` beside this module holds, by the cost model's size
classes (3b, 8b, 14b, 70b), each with a source and a date:

* ``base``: a host's price per 1M input and output tokens to serve the base
  model as is (a path that prompts an open model on a serverless host);
* ``lora``: a host that serves a customer's LoRA adapter on that base per
  token, with its price, or with no price when the service is sold at no
  published rate (listed, never priced).

A workload picks the host whose price is lowest for its own token mix
(:meth:`Serverless.cheapest_lora`, :meth:`Serverless.cheapest_base`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

_DATA = Path(__file__).with_name("serverless.json")


class HostPrice(BaseModel):
    """One host's per-token price for one open model size (None: sold, but at no published rate)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str
    model: str
    model_name: str
    input_usd_per_mtok: float | None
    output_usd_per_mtok: float | None
    source: str
    as_of: str

    @property
    def priced(self) -> bool:
        """Whether the host publishes a per-token rate."""
        return self.input_usd_per_mtok is not None and self.output_usd_per_mtok is not None

    def usd_per_query(self, input_tokens: float, output_tokens: float) -> float:
        """Return the price of one query of the given tokens (the host must be priced)."""
        assert self.input_usd_per_mtok is not None and self.output_usd_per_mtok is not None
        return (input_tokens * self.input_usd_per_mtok + output_tokens * self.output_usd_per_mtok) / 1e6


class Serverless(BaseModel):
    """Every shipped serverless price."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base: tuple[HostPrice, ...]
    lora: tuple[HostPrice, ...]

    def lora_hosts(self, size: str) -> list[HostPrice]:
        """Return every host that serves a LoRA adapter on model ``size`` per token, priced or not."""
        return [h for h in self.lora if h.model == size]

    def cheapest_lora(self, size: str, input_tokens: float, output_tokens: float) -> HostPrice | None:
        """Return the priced LoRA host cheapest for this token mix, or None."""
        return _cheapest(self.lora_hosts(size), input_tokens, output_tokens)

    def cheapest_base(self, size: str, input_tokens: float, output_tokens: float) -> HostPrice | None:
        """Return the priced base-model host cheapest for this token mix, or None."""
        return _cheapest([h for h in self.base if h.model == size], input_tokens, output_tokens)


def _cheapest(hosts: list[HostPrice], input_tokens: float, output_tokens: float) -> HostPrice | None:
    priced = [h for h in hosts if h.priced]
    return min(priced, key=lambda h: (h.usd_per_query(input_tokens, output_tokens), h.host), default=None)


@cache
def serverless() -> Serverless:
    """Return the shipped serverless prices (read once per process)."""
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    raw.pop("_about", None)
    return Serverless.model_validate(raw)
