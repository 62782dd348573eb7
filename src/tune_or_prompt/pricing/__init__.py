"""Prices: API token prices (genai-prices, offline), shipped hardware and fine-tuning figures, user overrides.

:class:`ModelPrice` is a pydantic model; it is imported on first use, so a
command that only summarises the catalogue (``prices``) never builds it.
"""

from typing import TYPE_CHECKING, Any

from tune_or_prompt.pricing.catalogue import Catalogue, ProviderSummary, load_catalogue

if TYPE_CHECKING:
    from tune_or_prompt.pricing.model_price import ModelPrice


def __getattr__(name: str) -> Any:
    if name == "ModelPrice":
        from tune_or_prompt.pricing.model_price import ModelPrice

        return ModelPrice
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Catalogue",
    "ModelPrice",
    "ProviderSummary",
    "load_catalogue",
]
