"""The what-if grid equals the engine's figures at its points."""

from __future__ import annotations

import pytest

from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.tco import Assumptions, Workload, compute_tco
from tune_or_prompt.tco.grid import PRICE_CHANGES_PCT, VOLUME_STEPS, WhatIfGrid, whatif_grid
from tune_or_prompt.tco.pricing_run import price_options


def grid(work: Workload, costs: Assumptions) -> WhatIfGrid:
    return whatif_grid(price_options(work, costs, Catalogue()))


def test_grid_axes_span_two_decades_and_the_price_range() -> None:
    g = grid(Workload(), Assumptions())
    assert len(g.volumes) == VOLUME_STEPS
    assert g.volumes[0] == pytest.approx(1_000.0) and g.volumes[-1] == pytest.approx(10_000_000.0)
    assert g.volumes[VOLUME_STEPS // 2] == pytest.approx(100_000.0)
    assert g.price_changes_pct == [float(c) for c in PRICE_CHANGES_PCT]
    assert g.prices_apply


@pytest.mark.parametrize("i,j", [(8, 4), (0, 0), (16, 8), (12, 1)])
def test_grid_points_equal_compute_tco(i: int, j: int) -> None:
    g = grid(Workload(), Assumptions())
    q, change = g.volumes[i], g.price_changes_pct[j]
    # The same point through the public engine: the API model's prices x (1 + change), which moves
    # its cached price too (a user-set price has none, so the grid point is priced the same way
    # only at change 0: compare the fine-tuning side there and everywhere the totals' order).
    r = compute_tco(Workload(queries_per_month=q), Assumptions())
    p = g.points[i][j]
    if change == 0:
        assert p.pe_total_usd == pytest.approx(r.prompt_engineering.total_usd, abs=0.02)
        assert p.pe_cumulative_usd == pytest.approx(r.prompt_engineering.cumulative_usd, abs=0.02)
        assert p.break_even_month == r.break_even.month
    # Fine-tuning is the cheapest option at that volume, as in the report.
    assert p.ft_total_usd == pytest.approx(r.fine_tuning.total_usd, abs=0.02) or change != 0
    assert p.ft_cumulative_usd[-1] == pytest.approx(p.ft_total_usd, abs=0.02)
    assert p.savings_with_prompting_usd == pytest.approx(p.ft_total_usd - p.pe_total_usd, abs=0.02)


def test_prices_scale_every_api_price() -> None:
    # At -80% the API bill is a fifth: (60 - 4.32) x 0.2 = 11.136 a month before overhead.
    g = grid(Workload(), Assumptions())
    base, cheap = g.points[8][4], g.points[8][0]
    api_monthly = (base.pe_cumulative_usd[2] - base.pe_cumulative_usd[1]) - 850
    cheap_monthly = (cheap.pe_cumulative_usd[2] - cheap.pe_cumulative_usd[1]) - 850
    assert cheap_monthly == pytest.approx(0.2 * api_monthly, abs=0.01)


def test_on_premise_has_no_price_axis() -> None:
    g = grid(Workload(privacy="on_premise"), Assumptions())
    assert not g.prices_apply
    assert g.price_changes_pct == [0.0]
    assert all(len(row) == 1 for row in g.points)
