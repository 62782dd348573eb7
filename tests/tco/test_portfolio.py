"""The portfolio figures equal the scalar model's (full.py, breakeven.py) on random inputs.

One call mixes every fine-tuning mode, privacy setting and horizon, so the grouping and the
shared volume search are exercised together with GPU steps, growth and retraining.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tune_or_prompt.pricing import load_catalogue
from tune_or_prompt.tco import Assumptions, Workload
from tune_or_prompt.tco.breakeven import break_even_month, break_even_queries
from tune_or_prompt.tco.full import fine_tuning, prompt_engineering
from tune_or_prompt.tco.inputs import Inputs, resolve
from tune_or_prompt.tco.portfolio import CHUNK_ROWS, Figures, figures, rounded
from tune_or_prompt.tco.report import headline


def random_inputs(seed: int, n: int) -> list[Inputs]:
    rnd = random.Random(seed)
    catalogue = load_catalogue()
    out = []
    for _ in range(n):
        mode = rnd.choice(["self_hosted", "hosted_api", "flat"])
        privacy = "cloud_ok" if mode == "hosted_api" else rnd.choice(["cloud_ok", "on_premise"])
        workload = Workload(
            queries_per_month=10 ** rnd.uniform(0, 9), input_tokens=rnd.choice([0, 100, 2000, 8000]),
            output_tokens=rnd.choice([0, 50, 500]), growth_pct_per_month=rnd.choice([0, 0, 2.5, 10, -5]),
            horizon_months=rnd.choice([1, 12, 36, 61]), api_model=rnd.choice(["gpt-4o-mini", "gpt-4o"]),
            privacy=privacy,
        )
        assumptions = Assumptions(
            ft_mode=mode, ft_retrain_every_months=rnd.choice([0, 1, 3, 7]),
            ft_retrain_cost_usd=rnd.choice([None, 2500.0]), min_gpus=rnd.choice([0, 1, 2]),
            prompt_cache_hit_pct=rnd.choice([0, 40]), batch_share_pct=rnd.choice([0, 30]),
            ft_flat_monthly_infra_usd=rnd.choice([0, 3000]),
        )
        out.append(resolve(workload, assumptions, catalogue)[0])
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_figures_equal_the_scalar_model(seed: int) -> None:
    inputs = random_inputs(seed, 150)
    fig = figures(inputs)
    for k, inp in enumerate(inputs):
        pe, ft = prompt_engineering(inp), fine_tuning(inp)
        assert fig.pe_total[k] == pytest.approx(pe.total, rel=1e-12)
        assert fig.ft_total[k] == pytest.approx(ft.total, rel=1e-12)
        assert (int(fig.break_even_month[k]) or None) == break_even_month(pe.monthly, ft.monthly)
        volume = break_even_queries(inp)
        if volume is None:
            assert math.isnan(fig.break_even_queries[k])
        else:
            assert fig.break_even_queries[k] == pytest.approx(volume, rel=1e-9, abs=1e-9)


def test_totals_and_months_equal_the_scalar_model_to_the_bit() -> None:
    """Batch rounds these to cents; equal bits give the cents ``decide`` shows, even on a half cent."""
    inputs = random_inputs(4, 200)
    fig = figures(inputs)
    assert fig.pe_total.tolist() == [prompt_engineering(i).total for i in inputs]
    assert fig.ft_total.tolist() == [fine_tuning(i).total for i in inputs]


def test_more_rows_than_a_chunk_keep_their_order() -> None:
    inputs = random_inputs(5, 40)
    one = figures(inputs)
    copies = CHUNK_ROWS // 40 + 10  # two chunks, the second starting mid-list
    many = figures(inputs * copies)
    for name in ("pe_total", "ft_total", "break_even_month", "break_even_queries"):
        assert np.array_equal(getattr(many, name), np.tile(getattr(one, name), copies), equal_nan=True), name


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
    fig = Figures(pe, ft, month.astype(np.int64), volume)
    expected = [headline(p, f, m or None, None if math.isnan(v) else v) for p, f, m, v in rows]
    assert fig.headlines() == expected


def test_headlines_of_ties_and_free_paths() -> None:
    # Equal to the cent: a tie. A path costing nothing: no ratio. 0.005 apart
    # rounds to one cent apart (1.00 vs 1.01 after rounding 1.005 -> 1.0: a tie).
    fig = Figures(np.array([10.004, 0.0, 1.005, 2.0]), np.array([10.001, 5.0, 1.0, 1.0]),
                  np.array([0, 1, 0, 3]), np.array([math.nan, 0.0, 12.25, 7.05]))
    got = fig.headlines()
    assert [(h.cheaper, h.cost_ratio, h.break_even_month, h.break_even_queries_per_month) for h in got] == [
        ("tie", 1.0, None, None), ("prompt_engineering", None, 1, 0.0), ("tie", 1.0, None, 12.2),
        ("fine_tuning", 2.0, 3, 7.0),
    ]
