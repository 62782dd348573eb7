"""The cost model's workload for a set of answers: the one place answers become cost-model inputs.

The pipeline, the what-if search and batch all price answers through
:func:`workload_of`, so a workload answer reaches the cost model the same way
from every entry point.
"""

from __future__ import annotations

from tune_or_prompt.answers import Answers
from tune_or_prompt.tco import Workload

# The answers that are also workload inputs of the cost model.
WORKLOAD_KEYS = (
    "queries_per_month",
    "input_tokens",
    "output_tokens",
    "growth_pct_per_month",
    "horizon_months",
    "api_model",
    "privacy",
    "availability",
    "accuracy_prompting_pct",
    "accuracy_fine_tuned_pct",
    "production_data_months",
    "accuracy_target_pct",
    "monthly_budget_usd",
)


def workload_of(answers: Answers) -> Workload:
    """Return the cost model's workload for a set of answers."""
    values = {k: getattr(answers, k) for k in WORKLOAD_KEYS}
    return Workload(**values, cost_per_error_usd=answers.cost_per_error_usd or 0.0)
