"""The vectorised model equals the scalar one, scenario for scenario.

Two layers are checked against the scalar reference: :func:`simulate` on
stacked :class:`Inputs` (the model alone), and :meth:`Baseline.input_arrays`
on drawn assumption values against ``resolve`` + the scalar model on the same
values set as assumptions (the derivation of inputs from assumptions too).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from tune_or_prompt.tco import Assumptions, Workload
from tune_or_prompt.tco.breakeven import break_even_month
from tune_or_prompt.tco.full import fine_tuning, prompt_engineering
from tune_or_prompt.tco.inputs import Inputs
from tune_or_prompt.tco.ranges import as_assumptions, baseline
from tune_or_prompt.tco.uncertainty import draw_values
from tune_or_prompt.tco.vectorized import InputArrays, simulate, stack

REL = 1e-9


def scalar(inp: Inputs) -> tuple[float, float, int]:
    pe, ft = prompt_engineering(inp), fine_tuning(inp)
    return pe.total, ft.total, break_even_month(pe.monthly, ft.monthly) or 0


def assert_same(x: InputArrays, scenarios: list[Inputs]) -> None:
    out = simulate(x, chunk_rows=7)  # an odd chunk size exercises the chunking
    for i, inp in enumerate(scenarios):
        pe, ft, month = scalar(inp)
        assert out.prompt_engineering_usd[i] == pytest.approx(pe, rel=REL), i
        assert out.fine_tuning_usd[i] == pytest.approx(ft, rel=REL), i
        assert out.break_even_month[i] == month, i


def test_fields_mirror_the_scalar_inputs() -> None:
    assert [f.name for f in dataclasses.fields(InputArrays)] == [f.name for f in dataclasses.fields(Inputs)]


CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("article example", {}, {}),
    ("growth and GPU steps", {"queries_per_month": 3e6, "growth_pct_per_month": 8}, {}),
    ("shrinking volume", {"queries_per_month": 5e6, "growth_pct_per_month": -6}, {}),
    ("on-premise", {"privacy": "on_premise", "queries_per_month": 2e6, "growth_pct_per_month": 3}, {}),
    ("hosted api", {"queries_per_month": 4e6}, {"ft_mode": "hosted_api"}),
    ("flat, article lump sums", {"growth_pct_per_month": 2}, {"ft_mode": "flat"}),
    ("flat on-premise", {"privacy": "on_premise", "queries_per_month": 1e7}, {"ft_mode": "flat"}),
    ("retraining as a sum", {"queries_per_month": 2e7}, {"ft_retrain_cost_usd": 900.0}),
    ("cache and batch", {"queries_per_month": 1e7}, {"prompt_cache_hit_pct": 30, "batch_share_pct": 20}),
    ("cheap prices, FT wins", {"queries_per_month": 3e7, "horizon_months": 60},
     {"input_price_usd_per_mtok": 2.5, "output_price_usd_per_mtok": 10.0, "batch_discount_pct": 40}),
]


@pytest.mark.parametrize(("case", "work", "extra"), CASES, ids=[c[0] for c in CASES])
def test_drawn_scenarios_equal_the_scalar_model(case: str, work: dict[str, Any], extra: dict[str, Any]) -> None:
    workload, assumptions = Workload(**work), Assumptions(**extra)
    base = baseline(workload, assumptions)
    n = 40
    values = draw_values(base.parameters, n, np.random.default_rng(7))
    # Widen some draws well past their ranges so GPU counts and retraining cadences step.
    rng = np.random.default_rng(8)
    for name in ("gpu_throughput_tokens_per_s", "peak_to_average_ratio", "ft_prompt_tokens_pct"):
        if name in values:
            values[name] = values[name] * rng.uniform(0.3, 1.0, n)
    if "ft_retrain_every_months" in values:
        values["ft_retrain_every_months"] = rng.integers(0, 13, n).astype(float)
    if "min_gpus" in values:
        values["min_gpus"] = rng.integers(0, 4, n).astype(float)
    x = base.input_arrays(values, n)
    scenarios = []
    for i in range(n):
        override = {name: float(v[i]) for name, v in values.items()}
        scenarios.append(baseline(workload, as_assumptions(assumptions, override)).inputs)
    assert_same(x, scenarios)
    out = simulate(x)
    if case == "cheap prices, FT wins":  # the sample covers both outcomes of the comparison
        assert (out.savings_with_prompting_usd < 0).any()
    if case == "growth and GPU steps":
        counts = {fine_tuning(s).gpus[-1] for s in scenarios}
        assert len(counts) > 3


def test_stacked_inputs_equal_the_scalar_model_and_round_trip() -> None:
    inp = baseline(Workload(queries_per_month=2e7, growth_pct_per_month=4), Assumptions()).inputs
    rng = np.random.default_rng(3)
    scenarios = [
        dataclasses.replace(
            inp, queries_per_month=float(rng.uniform(0, 4e7)), min_gpus=int(rng.integers(0, 3)),
            retrain_every_months=int(rng.integers(0, 8)), gpu_tokens_per_month=float(rng.uniform(1e9, 9e9)),
            retrain_usd=None if i % 2 else float(rng.uniform(0, 5000)),
        )
        for i in range(30)
    ]
    x = stack(scenarios)
    assert_same(x, scenarios)
    assert [x.scenario(i) for i in range(30)] == scenarios


def test_stack_refuses_scenarios_of_different_shape() -> None:
    inp = baseline(Workload(), Assumptions()).inputs
    with pytest.raises(ValueError, match="differ in months"):
        stack([inp, dataclasses.replace(inp, months=12)])
    with pytest.raises(ValueError, match="no scenarios"):
        stack([])


def test_fine_tuning_cheaper_from_month_one_and_never() -> None:
    inp = baseline(Workload(), Assumptions()).inputs
    cheap = dataclasses.replace(inp, ft_mode="flat", ft_flat_initial_usd=0.0, ft_flat_monthly_infra_usd=0.0,
                                ft_data_prep_usd=0.0, ft_pipeline_usd=0.0, ft_training_run_usd=0.0,
                                ft_maintenance_usd_per_month=0.0, ft_monitoring_usd_per_month=0.0)
    dear = dataclasses.replace(inp, ft_mode="flat")
    out = simulate(stack([cheap, cheap, cheap]).with_values(ft_flat_monthly_infra_usd=[0.0, 5000.0, 0.0]))
    assert list(out.break_even_month) == [1, 0, 1]
    assert simulate(stack([dear])).break_even_month[0] == 0
