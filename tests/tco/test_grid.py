"""The what-if grid equals the engine's figures at its points."""

from __future__ import annotations

import pytest

from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.tco import Assumptions, Workload, compute_tco
from tune_or_prompt.tco.grid import PRICE_CHANGES_PCT, VOLUME_STEPS, whatif_grid


def test_grid_axes_span_two_decades_and_the_price_range() -> None:
    g = whatif_grid(Workload(), Assumptions(), Catalogue())
    assert len(g.volumes) == VOLUME_STEPS
    assert g.volumes[0] == pytest.approx(1_000.0) and g.volumes[-1] == pytest.approx(10_000_000.0)
    assert g.volumes[VOLUME_STEPS // 2] == pytest.approx(100_000.0)
    assert g.price_changes_pct == [float(c) for c in PRICE_CHANGES_PCT]
    assert g.prices_apply


@pytest.mark.parametrize("i,j", [(8, 4), (0, 0), (16, 8), (12, 1)])
def test_grid_points_equal_compute_tco(i: int, j: int) -> None:
    a = Assumptions()
    g = whatif_grid(Workload(), a, Catalogue())
    q, change = g.volumes[i], g.price_changes_pct[j]
    # The same point through the public engine: prices set explicitly at (1 + change) x catalogue.
    m = 1 + change / 100
    priced = a.model_copy(update={"input_price_usd_per_mtok": 0.15 * m, "output_price_usd_per_mtok": 0.60 * m})
    r = compute_tco(Workload(queries_per_month=q), priced)
    p = g.points[i][j]
    assert p.pe_total_usd == pytest.approx(r.prompt_engineering.total_usd, abs=0.02)
    assert p.ft_total_usd == pytest.approx(r.fine_tuning.total_usd, abs=0.02)
    assert p.savings_with_prompting_usd == pytest.approx(r.savings_with_prompting_usd, abs=0.02)
    assert p.break_even_month == r.break_even.month
    assert p.pe_cumulative_usd == pytest.approx(r.prompt_engineering.cumulative_usd, abs=0.02)
    assert p.ft_cumulative_usd[-1] == pytest.approx(r.fine_tuning.total_usd, abs=0.02)


def test_on_premise_has_no_price_axis() -> None:
    g = whatif_grid(Workload(privacy="on_premise"), Assumptions(), Catalogue())
    assert not g.prices_apply
    assert g.price_changes_pct == [0.0]
    assert all(len(row) == 1 for row in g.points)
