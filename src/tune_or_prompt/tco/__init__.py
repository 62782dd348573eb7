"""Total cost of ownership of both paths: the article's seed formula and the full cash-flow model."""

from tune_or_prompt.tco.assumptions import Assumptions, Workload
from tune_or_prompt.tco.report import TcoReport, compute_tco
from tune_or_prompt.tco.seed import SeedInputs, SeedResult, seed_tco

__all__ = [
    "Assumptions",
    "SeedInputs",
    "SeedResult",
    "TcoReport",
    "Workload",
    "compute_tco",
    "seed_tco",
]
