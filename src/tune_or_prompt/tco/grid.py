"""The what-if grid the HTML memo's sliders read.

The memo's what-if panel lets a reader move the monthly query volume and the
API price and watch both totals, the savings, the break-even month and the two
cumulative-cost lines change. The browser must not re-implement the cost model,
so the engine computes every figure here, on a grid of volumes (log-spaced, two
orders of magnitude either side of the answer) by API price changes (-80% to
+100% on every price of the API model prompting uses); the page only
interpolates between grid points, and says so. At each point the fine-tuning
path is the cheapest option there and the prompting path the cheapest that can
meet the accuracy target there, as in the report, and the totals, savings
and break-even month are the report's headline figures at that point (present
values when the discount rate is above 0, rounded by the same function); the
cumulative lines are nominal, as the memo's chart.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict

from tune_or_prompt.tco.compare import cheapest_allowed
from tune_or_prompt.tco.grouped import price_by_prompting, take
from tune_or_prompt.tco.headline import headline
from tune_or_prompt.tco.model import fine_tuning, prompt_engineering
from tune_or_prompt.tco.outcomes import cumulative
from tune_or_prompt.tco.portfolio import own_values, prompting_choice
from tune_or_prompt.tco.pricing_run import Priced, ft_allowed

PRICE_CHANGES_PCT = (-80, -60, -40, -20, 0, 25, 50, 75, 100)
VOLUME_STEPS = 17  # 1/100x ... 100x in quarter-decades
_DECADES = 2


class GridPoint(BaseModel):
    """Both paths at one (volume, price change) point.

    Attributes:
        pe_total_usd: Prompting's horizon total as the headline states it (present value when discounting).
        ft_total_usd: Fine-tuning's, likewise.
        savings_with_prompting_usd: The headline's savings at this point.
        break_even_month: The headline's break-even month at this point.
        pe_cumulative_usd: Prompting's nominal cumulative cost, month by month.
        ft_cumulative_usd: Fine-tuning's, likewise.

    """

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
    discount_rate_pct: float = 0.0  # above 0 the totals and savings are present values, as in the headline
    api_model: str
    queries_per_month: float  # the answer, the centre of the volume axis
    volumes: list[float]
    price_changes_pct: list[float]
    prices_apply: bool  # False when prompting runs on own GPUs: no API price to change
    points: list[list[GridPoint]]


def whatif_grid(priced: Priced) -> WhatIfGrid:
    """Compute the grid around a priced workload with the same prices and figures as its report."""
    ctx = priced.ctx
    workload = ctx.workload
    centre = workload.queries_per_month if workload.queries_per_month > 0 else 1.0
    volumes = [centre * 10 ** (_DECADES * (2 * k / (VOLUME_STEPS - 1) - 1)) for k in range(VOLUME_STEPS)]
    prices_apply = not ctx.on_premise
    changes = list(PRICE_CHANGES_PCT) if prices_apply else [0]
    q = np.repeat(np.array(volumes), len(changes))
    factor = np.tile(1 + np.array(changes, dtype=np.float64) / 100, len(volumes))
    values = {"queries_per_month": q, **({"api_price_factor": factor} if prices_apply else {})}
    n = len(q)
    # Each point prompts on the path a report there would choose (the cheapest that can meet the target).
    contexts, chosen = prompting_choice(ctx, values, n, priced.heads or None)
    options = priced.candidates
    run = price_by_prompting(contexts, chosen, options,
                             lambda b, rows: [own_values(contexts[b], take(values, rows, n))] * len(options))
    allowed = ft_allowed(ctx, options)  # measured below the target: not compared
    best = cheapest_allowed(run.ft_value, allowed)
    cols = np.arange(n)
    pe_value, ft_value, months = run.pe_value, run.ft_value[best, cols], run.break_even_month[best, cols]
    pe_cum, ft_cum = np.empty((ctx.workload.horizon_months, n)), np.empty((ctx.workload.horizon_months, n))
    for g in run.groups:
        pe_cum[:, g.rows] = cumulative(prompt_engineering(g.scenarios[0]).monthly())
        ft_cum_all = np.stack([cumulative(fine_tuning(s).monthly()) for s in g.scenarios])  # (options, months, rows)
        ft_cum[:, g.rows] = ft_cum_all[best[g.rows], :, np.arange(len(g.rows))].T
    points = []
    for i in range(len(volumes)):
        row = []
        for j in range(len(changes)):
            k = i * len(changes) + j
            h = headline(float(pe_value[k]), float(ft_value[k]), int(months[k]) or None, None)
            row.append(GridPoint(
                pe_total_usd=h.prompt_engineering_usd,
                ft_total_usd=h.fine_tuning_usd,
                savings_with_prompting_usd=h.savings_with_prompting_usd,
                break_even_month=h.break_even_month,
                pe_cumulative_usd=[round(float(x), 2) for x in pe_cum[:, k]],
                ft_cumulative_usd=[round(float(x), 2) for x in ft_cum[:, k]],
            ))
        points.append(row)
    return WhatIfGrid(
        horizon_months=ctx.workload.horizon_months,
        discount_rate_pct=ctx.assumptions.discount_rate_pct,
        api_model=workload.api_model,
        queries_per_month=workload.queries_per_month,
        volumes=[round(v, 3) for v in volumes],
        price_changes_pct=[float(c) for c in changes],
        prices_apply=prices_apply,
        points=points,
    )
