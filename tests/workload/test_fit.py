"""The growth fit: exact on exact exponential volume, and its interval around the truth."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tune_or_prompt.workload.fit import fit_growth, t_quantile


@pytest.mark.parametrize(("dof", "exact"), [(5, 2.5706), (10, 2.2281), (26, 2.0555), (60, 2.0003), (1000, 1.9623)])
def test_t_quantile_matches_the_tables(dof: int, exact: float) -> None:
    # Student's t, 97.5th percentile, to four places (any statistics table).
    assert t_quantile(0.975, dof) == pytest.approx(exact, abs=1e-3)


def test_ten_percent_a_month_for_ninety_days() -> None:
    # 1,000 requests on day 0, x 1.10 ** (d / 30.44) on day d: ln(total) = ln 1000 + d ln(1.10) / 30.44,
    # a straight line, so the fit is exact and its interval has no width.
    days = list(range(90))
    totals = [1_000 * 1.10 ** (d / 30.44) for d in days]
    fit = fit_growth([float(d) for d in days], totals)
    assert fit.pct_per_month == pytest.approx(10.0, abs=1e-9)
    assert fit.low_pct == pytest.approx(10.0, abs=1e-6) and fit.high_pct == pytest.approx(10.0, abs=1e-6)
    assert fit.days == 90


def test_noise_widens_the_interval_around_the_fitted_growth() -> None:
    # +-5% alternating noise on a flat series: no trend to find, an interval either side of 0.
    days = [float(d) for d in range(40)]
    totals = [1_000 * (1.05 if d % 2 else 0.95) for d in range(40)]
    fit = fit_growth(days, totals)
    assert fit.low_pct < fit.pct_per_month < fit.high_pct
    assert fit.low_pct < 0 < fit.high_pct


@given(growth=st.floats(-50, 100), base=st.floats(1, 1e7), days=st.integers(28, 400))
def test_any_steady_growth_is_recovered(growth: float, base: float, days: int) -> None:
    totals = [base * (1 + growth / 100) ** (d / 30.44) for d in range(days)]
    fit = fit_growth([float(d) for d in range(days)], totals)
    assert math.isclose(fit.pct_per_month, growth, abs_tol=1e-6)
    assert fit.low_pct <= fit.pct_per_month <= fit.high_pct


def test_too_few_days_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="at least three"):
        fit_growth([0.0, 1.0], [1.0, 2.0])
