"""Pricing every option under each scenario's own prompting path: the same figures as each scenario priced alone."""

from __future__ import annotations

import numpy as np

from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.tco import Assumptions, Workload
from tune_or_prompt.tco.breakeven import break_even_queries
from tune_or_prompt.tco.grouped import price_by_prompting, take
from tune_or_prompt.tco.pricing_run import price_many, price_options

# claude-haiku-4-5 at 300 in / 500 out: seven prompting paths (the API model, three open models per token and on
# rented GPUs) and seven fine-tuning options (a serverless LoRA, six GPU types): both structures on both sides.
WORKLOAD = Workload(queries_per_month=140e6, input_tokens=300, output_tokens=500, api_model="claude-haiku-4-5",
                    accuracy_target_pct=85)
# Each scenario's prompting path (an index into the contexts): per token (0, 1) and on GPUs (2, 4), interleaved.
CHOSEN = np.array([2, 0, 1, 2, 4, 0, 1, 4, 2, 0, 0, 1])
VALUES = {"queries_per_month": np.geomspace(1e4, 1e9, len(CHOSEN)),
          "growth_pct_per_month": np.array([0.0, 3.0] * (len(CHOSEN) // 2))}


def test_each_scenario_is_priced_as_it_would_be_alone() -> None:
    priced = price_options(WORKLOAD, Assumptions(), Catalogue())
    contexts = [p.ctx for p in priced.prompts if p.ctx is not None]
    options = priced.candidates
    n = len(CHOSEN)
    run = price_by_prompting(contexts, CHOSEN, options, lambda b, rows: [take(VALUES, rows, n)] * len(options))
    assert [(g.path, g.rows.tolist()) for g in run.groups] == [
        (0, [1, 5, 9, 10]), (1, [2, 6, 11]), (2, [0, 3, 8]), (4, [4, 7])]
    volumes = run.volumes(range(len(options)))
    for i, b in enumerate(CHOSEN.tolist()):
        alone = price_many(contexts[b], options, {k: v[i:i + 1] for k, v in VALUES.items()})
        assert run.pe_value[i] == alone[0][1].pe_value[0]
        assert run.ft_value[:, i].tolist() == [float(out.ft_value[0]) for _, out in alone]
        assert run.break_even_month[:, i].tolist() == [int(out.break_even_month[0]) for _, out in alone]
        # Searched with the other groups of its structure, a volume is the one searched alone.
        np.testing.assert_array_equal(volumes[:, i], [break_even_queries(s)[0] for s, _ in alone])


def test_take_keeps_numbers_and_every_row_uncopied() -> None:
    values = {"queries_per_month": np.array([1.0, 2.0, 3.0]), "api_price_factor": 0.5}
    assert take(values, np.arange(3), 3) is values
    picked = take(values, np.array([0, 2]), 3)
    assert picked["queries_per_month"].tolist() == [1.0, 3.0]
    assert picked["api_price_factor"] == 0.5
