"""Shipped figures genai-prices does not hold: hosted training prices, GPU rental, serving throughput.

They live in ``infra_prices.json`` beside this module, each with a unit, a
low/high range, a source and a date, so the memo can quote them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from tune_or_prompt.errors import UserError

_DATA = Path(__file__).with_name("infra_prices.json")

GPU_TYPES = ("a100-80gb", "h100-80gb")


class InfraFigure(BaseModel):
    """One shipped figure with its provenance."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    description: str
    value: float
    low: float
    high: float
    unit: str
    source: str
    as_of: str


@cache
def infra_figures() -> dict[str, InfraFigure]:
    """Return every shipped figure by id."""
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    return {f["id"]: InfraFigure(**f) for f in raw["figures"]}


def infra_figure(figure_id: str) -> InfraFigure:
    """Return one figure.

    Raises:
        UserError: no such figure (for instance hosted training of a model we have no price for).

    """
    figures = infra_figures()
    if figure_id not in figures:
        kind = figure_id.split(":", 1)[0]
        known = sorted(k.split(":", 1)[1] for k in figures if k.startswith(kind + ":"))
        raise UserError(
            f"no shipped figure {figure_id!r}; known for {kind}: {', '.join(known)} "
            "(set the price explicitly with the matching --ft-* flag)"
        )
    return figures[figure_id]
