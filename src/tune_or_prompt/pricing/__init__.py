"""Prices: API token prices (genai-prices, offline), shipped infrastructure figures, user overrides."""

from tune_or_prompt.pricing.catalogue import Catalogue, ProviderSummary, load_catalogue
from tune_or_prompt.pricing.infra import InfraFigure, infra_figure, infra_figures
from tune_or_prompt.pricing.model_price import ModelPrice

__all__ = [
    "Catalogue",
    "InfraFigure",
    "ModelPrice",
    "ProviderSummary",
    "infra_figure",
    "infra_figures",
    "load_catalogue",
]
