"""Batch resolves inputs once per price setting; the rows' own workload figures are set after."""

from __future__ import annotations

import pytest

from tune_or_prompt.answers import Answers
from tune_or_prompt.batch.evaluate import BatchConfig, Evaluator, _workloads
from tune_or_prompt.pipeline import workload_of
from tune_or_prompt.tco.inputs import resolve
from tune_or_prompt.tco.portfolio import figures


def test_shared_inputs_with_per_row_workloads_equal_resolving_each_row() -> None:
    """Evaluator.inputs_for resolves once per price setting; the rows' own figures are set after."""
    evaluator = Evaluator(BatchConfig(assumptions={"ft_mode": "hosted_api"}))
    answers = [Answers(queries_per_month=q, input_tokens=t, output_tokens=o, growth_pct_per_month=g,
                       horizon_months=h)
               for q, t, o, g, h in [(1e5, 2000, 500, 0, 36), (3e6, 800, 100, 3, 12), (1e3, 2000, 500, -2, 60)]]
    shared = figures([evaluator.inputs_for(a) for a in answers], _workloads(answers))
    own = figures([resolve(workload_of(a), evaluator.assumptions, evaluator.catalogue)[0] for a in answers])
    assert list(shared.pe_total) == list(own.pe_total)
    assert list(shared.ft_total) == list(own.ft_total)
    assert list(shared.break_even_month) == list(own.break_even_month)
    assert list(shared.break_even_queries) == pytest.approx(list(own.break_even_queries), nan_ok=True)
