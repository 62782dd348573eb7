"""Owned GPUs: each GPU type's purchase price and power, where a public figure exists.

``owned_hardware.json`` beside this module holds, per GPU type, the price of
one GPU and its board power, each a :class:`~.hardware.Figure` with a source
and a date. GPU types it does not list (no purchase price good enough was
found) can be owned only when the user gives the price.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from tune_or_prompt.pricing.hardware import Figure

_DATA = Path(__file__).with_name("owned_hardware.json")


class OwnedGpu(BaseModel):
    """What owning one GPU of a type costs up front, and the power it draws."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    purchase_usd: Figure | None
    power_kw: Figure


@cache
def owned_gpus() -> dict[str, OwnedGpu]:
    """Return the GPU types with shipped owned figures (power; a purchase price where one was found), by id."""
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    return {g["id"]: OwnedGpu(**g) for g in raw["gpus"]}
