"""The vectorised figures equal the scalar model's (full.py, breakeven.py) on random inputs."""

from __future__ import annotations

import math
import random

import pytest

from tune_or_prompt.batch.evaluate import BatchConfig, Evaluator
from tune_or_prompt.batch.vector import figures
from tune_or_prompt.pricing import load_catalogue
from tune_or_prompt.tco import Assumptions, Workload
from tune_or_prompt.tco.breakeven import break_even_month, break_even_queries
from tune_or_prompt.tco.full import fine_tuning, prompt_engineering
from tune_or_prompt.tco.inputs import Inputs, resolve


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


def test_shared_inputs_with_per_row_workloads_equal_resolving_each_row() -> None:
    """Evaluator.inputs_for resolves once per price setting; the rows' own figures are set after."""
    evaluator = Evaluator(BatchConfig(assumptions={"ft_mode": "hosted_api"}))
    from tune_or_prompt.answers import Answers
    from tune_or_prompt.batch.evaluate import _workloads
    from tune_or_prompt.pipeline import workload_of

    answers = [Answers(queries_per_month=q, input_tokens=t, output_tokens=o, growth_pct_per_month=g,
                       horizon_months=h)
               for q, t, o, g, h in [(1e5, 2000, 500, 0, 36), (3e6, 800, 100, 3, 12), (1e3, 2000, 500, -2, 60)]]
    shared = figures([evaluator.inputs_for(a) for a in answers], _workloads(answers))
    own = figures([resolve(workload_of(a), evaluator.assumptions, evaluator.catalogue)[0] for a in answers])
    assert list(shared.pe_total) == list(own.pe_total)
    assert list(shared.ft_total) == list(own.ft_total)
    assert list(shared.break_even_month) == list(own.break_even_month)
    assert list(shared.break_even_queries) == pytest.approx(list(own.break_even_queries), nan_ok=True)
