"""Prices: API token prices (genai-prices, offline), shipped hardware and fine-tuning figures, user overrides."""

from tune_or_prompt.pricing.catalogue import Catalogue, ProviderSummary, load_catalogue
from tune_or_prompt.pricing.model_price import ModelPrice

__all__ = [
    "Catalogue",
    "ModelPrice",
    "ProviderSummary",
    "load_catalogue",
]
