"""Batch's portfolio figures are the report's, row for row; rounding is Python's, to the bit."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.tco import Assumptions, Workload, compute_tco
from tune_or_prompt.tco.portfolio import Figures, group_figures, rounded
from tune_or_prompt.tco.report import headline
from tune_or_prompt.tco.resolve import context

PORTFOLIO = [
    (100_000, 2_000, 500, 0.0), (10_000_000, 2_000, 500, 0.0), (2_500_000, 1_000, 5, 3.0),
    (4_000_000, 5, 1_000, -2.0), (0.0, 800, 200, 0.0), (60_000_000, 3_000, 300, 1.0), (7_000, 1_000, 5, 0.0),
]


@pytest.mark.parametrize("privacy", ["cloud_ok", "on_premise"])
def test_group_figures_equal_the_report_row_for_row(privacy: str) -> None:
    # One context per token shape (the tokens size the replicas); volumes and growth vary within it.
    costs = Assumptions()
    for shape in sorted({(tin, tout) for _, tin, tout, _ in PORTFOLIO}):
        rows = [row for row in PORTFOLIO if row[1:3] == shape]
        ctx = context(Workload(privacy=privacy, input_tokens=shape[0], output_tokens=shape[1]), costs, Catalogue())
        values = {name: np.array([row[i] for row in rows], dtype=np.float64) for i, name in enumerate(
            ("queries_per_month", "input_tokens", "output_tokens", "growth_pct_per_month"))}
        got = group_figures(ctx, values).headlines()
        for row, h in zip(rows, got, strict=True):
            q, tin, tout, g = row
            r = compute_tco(Workload(queries_per_month=q, input_tokens=tin, output_tokens=tout,
                                     growth_pct_per_month=g, privacy=privacy), costs)
            assert h == r.headline(), row


# Values whose exact binary expansion lies at or next to a half-way point: 2.675
# is stored just below 2.675 and rounds down; (k + 0.5) / 100 is a tie when exact.
HALF_WAYS = st.integers(-10**12, 10**12).flatmap(
    lambda k: st.sampled_from([(k + 0.5) / 100, (k + 0.5) / 10, k / 1000 + 0.0005, k * 0.01 + 0.005, k / 8])
)
ANY_FLOAT = st.floats(allow_nan=False, allow_infinity=False)


@given(st.lists(st.one_of(HALF_WAYS, ANY_FLOAT, st.floats(-1e7, 1e7)), min_size=1, max_size=50),
       st.sampled_from([1, 2]))
def test_rounded_is_pythons_round_to_the_bit(values: list[float], digits: int) -> None:
    got = rounded(np.array(values), digits).tolist()
    assert not any(v == 0 and math.copysign(1, v) < 0 for v in got)  # no -0.0, as cents() gives
    assert got == [round(v, digits) + 0.0 for v in values]


@given(st.lists(st.tuples(st.one_of(HALF_WAYS, st.floats(0, 1e9)), st.one_of(HALF_WAYS, st.floats(0, 1e9)),
                          st.integers(0, 60), st.one_of(st.just(math.nan), st.floats(0, 1e12))),
                min_size=1, max_size=30))
def test_headlines_are_headline_for_each_workload(rows: list[tuple[float, float, int, float]]) -> None:
    pe, ft, month, volume = (np.array(col) for col in zip(*rows, strict=True))
    fig = Figures(pe, ft, month.astype(np.int64), volume, ["flat"] * len(rows))
    expected = [headline(p, f, m or None, None if math.isnan(v) else v, "flat") for p, f, m, v in rows]
    assert fig.headlines() == expected


def test_headlines_of_ties_and_free_paths() -> None:
    # Equal to the cent: a tie. A path costing nothing: no ratio. 0.005 apart
    # rounds to one cent apart (1.00 vs 1.01 after rounding 1.005 -> 1.0: a tie).
    fig = Figures(np.array([10.004, 0.0, 1.005, 2.0]), np.array([10.001, 5.0, 1.0, 1.0]),
                  np.array([0, 1, 0, 3]), np.array([math.nan, 0.0, 12.25, 7.05]), ["flat"] * 4)
    got = fig.headlines()
    assert [(h.cheaper, h.cost_ratio, h.break_even_month, h.break_even_queries_per_month) for h in got] == [
        ("tie", 1.0, None, None), ("prompt_engineering", None, 1, 0.0), ("tie", 1.0, None, 12.2),
        ("fine_tuning", 2.0, 3, 7.0),
    ]
