"""The price of one API model, whatever catalogue it came from."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ModelPrice(BaseModel):
    """USD prices per one million tokens for one model.

    Attributes:
        model: The name it is looked up by (the catalogue's id).
        provider: Who sells it (``openai``, ``anthropic``, or ``user`` for a price file).
        input_usd_per_mtok: Standard input (prompt) price.
        output_usd_per_mtok: Standard output (completion) price.
        cached_input_usd_per_mtok: Price of input tokens read from the provider's prompt cache.
        batch_input_usd_per_mtok: Input price through the provider's batch API.
        batch_output_usd_per_mtok: Output price through the provider's batch API.
        source: Where the figures come from.
        as_of: Date or catalogue version the figures are valid for.

    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str
    provider: str
    input_usd_per_mtok: float
    output_usd_per_mtok: float
    cached_input_usd_per_mtok: float | None = None
    batch_input_usd_per_mtok: float | None = None
    batch_output_usd_per_mtok: float | None = None
    source: str
    as_of: str
