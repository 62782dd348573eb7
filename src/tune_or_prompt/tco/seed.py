"""The calculator of "Fine-Tuning vs Prompt Engineering: 3-Year Total Cost of Ownership Analysis", reproduced exactly.

Kept as a named profile so anyone can check the article's numbers to the cent,
including its flaws: prompting's engineer time is left out, and its
"break-even month" divides the initial fine-tuning cost by the monthly API bill,
ignoring fine-tuning's own running costs. The full profile is
the one to decide with.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field

from tune_or_prompt.checks import (
    MAX_MONTHS,
    MAX_QUERIES_PER_MONTH,
    MAX_TOKENS_PER_QUERY,
    MAX_USD,
    MAX_USD_PER_TOKEN,
    Checked,
)

MAX_USD_PER_MTOK = MAX_USD_PER_TOKEN * 1_000_000


class SeedInputs(Checked):
    """The article calculator's inputs, with its worked example as defaults."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    queries_per_month: float = Field(100_000, ge=0, le=MAX_QUERIES_PER_MONTH, description="Queries per month.")
    input_tokens: float = Field(2_000, ge=0, le=MAX_TOKENS_PER_QUERY, description="Input tokens per query.")
    output_tokens: float = Field(500, ge=0, le=MAX_TOKENS_PER_QUERY, description="Output tokens per query.")
    input_price: float = Field(
        0.15, ge=0, le=MAX_USD_PER_MTOK, description="USD per 1M input tokens (GPT-4o-mini)."
    )
    output_price: float = Field(
        0.60, ge=0, le=MAX_USD_PER_MTOK, description="USD per 1M output tokens (GPT-4o-mini)."
    )
    ft_initial_cost: float = Field(5_000, ge=0, le=MAX_USD, description="Initial fine-tuning cost, USD.")
    ft_monthly_infra: float = Field(
        2_000, ge=0, le=MAX_USD, description="Fine-tuning infrastructure, USD/month."
    )
    retrain_every_months: int = Field(3, ge=1, le=MAX_MONTHS, description="Months between retraining cycles.")
    retrain_cost: float = Field(1_500, ge=0, le=MAX_USD, description="Cost of one retraining cycle, USD.")


class SeedResult(BaseModel):
    """The article calculator's five outputs, rounded as it rounds them."""

    model_config = ConfigDict(extra="forbid")

    prompt_engineering_3year: float
    fine_tuning_3year: float
    savings_with_prompting: float
    monthly_api_cost: float
    break_even_month: float | None


HORIZON_MONTHS = 36


def seed_tco(inputs: SeedInputs) -> SeedResult:
    """Apply the article's formula.

    monthly API = q x in / 1M x p_in + q x out / 1M x p_out; PE = API x 36;
    FT = initial + infra x 36 + floor(36 / interval) x retrain; savings = FT - PE;
    "break-even" = initial / API (None where the formula divides by zero).
    Money is rounded to cents, the month to one decimal.
    """
    q = inputs.queries_per_month
    monthly_api = (
        q * inputs.input_tokens / 1_000_000 * inputs.input_price
        + q * inputs.output_tokens / 1_000_000 * inputs.output_price
    )
    pe = monthly_api * HORIZON_MONTHS
    ft = (
        inputs.ft_initial_cost
        + inputs.ft_monthly_infra * HORIZON_MONTHS
        + math.floor(HORIZON_MONTHS / inputs.retrain_every_months) * inputs.retrain_cost
    )
    break_even = inputs.ft_initial_cost / monthly_api if monthly_api > 0 else None
    return SeedResult(
        prompt_engineering_3year=round(pe, 2),
        fine_tuning_3year=round(ft, 2),
        savings_with_prompting=round(ft - pe, 2),
        monthly_api_cost=round(monthly_api, 2),
        break_even_month=None if break_even is None else round(break_even, 1),
    )
