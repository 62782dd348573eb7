"""The what-if grid equals the engine's figures at its points."""

from __future__ import annotations

import contextlib
import io
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_discounted_grid_states_the_headline_at_the_answer() -> None:
    # The example workload at an 8% discount rate: the headline compares present values, prompting
    # saves $112,806.69 - $46,187.29 = $66,619.40 (the nominal totals $123,151.24 - $49,604.93 = $73,546.31
    # are no saving the memo states). The grid's centre point (the answer's volume, price unchanged) says the same.
    costs = Assumptions(discount_rate_pct=8)
    r = compute_tco(Workload(), costs)
    assert r.present_value is not None
    assert r.savings_with_prompting_usd == 66_619.40
    g = grid(Workload(), costs)
    p = g.points[VOLUME_STEPS // 2][PRICE_CHANGES_PCT.index(0)]
    assert g.discount_rate_pct == 8
    assert p.savings_with_prompting_usd == 66_619.40
    assert p.pe_total_usd == r.present_value.prompt_engineering_usd
    assert p.ft_total_usd == r.present_value.fine_tuning_usd
    assert p.break_even_month == r.break_even.month
    # The lines stay nominal, as the memo's chart: they end at the nominal totals.
    assert p.pe_cumulative_usd[-1] == r.prompt_engineering.total_usd == 49_604.93
    assert p.ft_cumulative_usd[-1] == r.fine_tuning.total_usd == 123_151.24


def test_discounted_memo_panel_and_headline_agree() -> None:
    from tune_or_prompt.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()), pytest.raises(SystemExit):
        main(["advise", "--defaults", "--no-input", "--format", "html", "--draws", "0",
              "--discount-rate-pct", "8"])
    html = out.getvalue()
    data = json.loads(re.search(r'<script type="application/json" id="wi-data">(.*?)</script>', html, re.S)[1])
    centre = data["points"][len(data["volumes"]) // 2][data["price_changes_pct"].index(0)]
    assert '<strong>$66,619.40</strong>' in html
    assert centre["savings_with_prompting_usd"] == 66_619.40
    assert "the totals and savings are present values at 8% a year" in " ".join(html.split())


@settings(max_examples=15, deadline=None)
@given(
    discount=st.sampled_from([0.0, 3.0, 8.0, 15.0]),
    api_trend=st.sampled_from([-50.0, 0.0, 20.0]),
    gpu_trend=st.sampled_from([-30.0, 0.0, 10.0]),
    growth=st.sampled_from([0.0, 2.0, 5.0]),
    privacy=st.sampled_from(["cloud_ok", "on_premise"]),
    queries=st.sampled_from([20_000.0, 100_000.0, 3_000_000.0]),
)
def test_grid_centre_is_the_headline(discount: float, api_trend: float, gpu_trend: float, growth: float,
                                     privacy: str, queries: float) -> None:
    # At the answer's volume and today's price, the what-if panel states the report's headline to the cent.
    work = Workload(queries_per_month=queries, growth_pct_per_month=growth, privacy=privacy)  # type: ignore[arg-type]
    costs = Assumptions(discount_rate_pct=discount, api_price_trend_pct_per_year=api_trend,
                        gpu_price_trend_pct_per_year=gpu_trend)
    priced = price_options(work, costs, Catalogue())
    r = compute_tco(work, costs)
    g = whatif_grid(priced)
    p = g.points[VOLUME_STEPS // 2][g.price_changes_pct.index(0.0)]
    h = r.headline()
    assert (p.pe_total_usd, p.ft_total_usd, p.savings_with_prompting_usd, p.break_even_month) == (
        h.prompt_engineering_usd, h.fine_tuning_usd, h.savings_with_prompting_usd, h.break_even_month)
