"""The what-if grid the HTML memo's sliders read.

The memo's what-if panel lets a reader move the monthly query volume and the
API price and watch both totals, the savings, the break-even month and the two
cumulative-cost lines change. The browser must not re-implement the cost model,
so the engine computes every figure here, on a grid of volumes (log-spaced, two
orders of magnitude either side of the answer) by API price changes (-80% to
+100%); the page only interpolates between grid points, and says so.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import accumulate

from pydantic import BaseModel, ConfigDict

from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.tco.assumptions import Assumptions, Workload
from tune_or_prompt.tco.breakeven import break_even_month
from tune_or_prompt.tco.full import fine_tuning, prompt_engineering
from tune_or_prompt.tco.inputs import Inputs, resolve

PRICE_CHANGES_PCT = (-80, -60, -40, -20, 0, 25, 50, 75, 100)
VOLUME_STEPS = 17  # 1/100x ... 100x in quarter-decades
_DECADES = 2


class GridPoint(BaseModel):
    """Both paths at one (volume, price change) point."""

    model_config = ConfigDict(extra="forbid")

    pe_total_usd: float
    ft_total_usd: float
    savings_with_prompting_usd: float
    break_even_month: int | None
    pe_cumulative_usd: list[float]
    ft_cumulative_usd: list[float]


class WhatIfGrid(BaseModel):
    """Engine figures on a volume x API-price grid; ``points[i][j]`` is volume i, price j."""

    model_config = ConfigDict(extra="forbid")

    horizon_months: int
    api_model: str
    queries_per_month: float  # the answer, the centre of the volume axis
    volumes: list[float]
    price_changes_pct: list[float]
    prices_apply: bool  # False when prompting runs on own GPUs: no API price to change
    points: list[list[GridPoint]]


def _point(inp: Inputs) -> GridPoint:
    pe = prompt_engineering(inp)
    ft = fine_tuning(inp)
    pe_total, ft_total = pe.total, ft.total
    return GridPoint(
        pe_total_usd=round(pe_total, 2),
        ft_total_usd=round(ft_total, 2),
        savings_with_prompting_usd=round(round(ft_total, 2) - round(pe_total, 2), 2),
        break_even_month=break_even_month(pe.monthly, ft.monthly),
        pe_cumulative_usd=[round(x, 2) for x in accumulate(pe.monthly)],
        ft_cumulative_usd=[round(x, 2) for x in accumulate(ft.monthly)],
    )


def whatif_grid(workload: Workload, assumptions: Assumptions, catalogue: Catalogue) -> WhatIfGrid:
    """Compute the grid around ``workload`` with the same resolved prices and figures as its report."""
    inputs, _ = resolve(workload, assumptions, catalogue)
    centre = workload.queries_per_month if workload.queries_per_month > 0 else 1.0
    volumes = [centre * 10 ** (_DECADES * (2 * k / (VOLUME_STEPS - 1) - 1)) for k in range(VOLUME_STEPS)]
    prices_apply = not inputs.on_premise
    changes = list(PRICE_CHANGES_PCT) if prices_apply else [0.0]
    points = []
    for q in volumes:
        row = []
        for change in changes:
            m = 1 + change / 100
            row.append(_point(replace(
                inputs,
                queries_per_month=q,
                input_price=inputs.input_price * m,
                output_price=inputs.output_price * m,
                cached_input_price=inputs.cached_input_price * m,
                batch_input_price=inputs.batch_input_price * m,
                batch_output_price=inputs.batch_output_price * m,
            )))
        points.append(row)
    return WhatIfGrid(
        horizon_months=inputs.months,
        api_model=workload.api_model,
        queries_per_month=workload.queries_per_month,
        volumes=[round(v, 3) for v in volumes],
        price_changes_pct=[float(c) for c in changes],
        prices_apply=prices_apply,
        points=points,
    )
