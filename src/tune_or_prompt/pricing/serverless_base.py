"""Per-token prices of open base models at serverless hosts: prompting an open model without GPUs.

``serverless_base.json`` beside this module holds one host's price per open
model size (8B, 14B, 70B), each with its public source and the date it was
read. A size with no row has no serverless prompting path.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

_DATA = Path(__file__).with_name("serverless_base.json")


class ServerlessBase(BaseModel):
    """One host's per-token price of an open base model (USD per 1M tokens)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    size: str
    host: str
    host_model: str
    input_usd_per_mtok: float
    output_usd_per_mtok: float
    source: str
    as_of: str


@cache
def serverless_base() -> dict[str, ServerlessBase]:
    """Return the shipped serverless base-model prices by open model size (``8b``, ``14b``, ``70b``)."""
    rows = json.loads(_DATA.read_text(encoding="utf-8"))["models"]
    return {r["size"]: ServerlessBase.model_validate(r) for r in rows}
