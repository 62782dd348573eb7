"""The answers: what the user tells us about the workload.

One pydantic model defines every built-in question: its type and range (the
field), the question asked (``description``), a help line with the unit and
where the default comes from (``json_schema_extra``). The questionnaire, the
answers-file loader and the rules' fact vocabulary all read this model. Every
default is the article's worked example where it has one, and each question's
source names the public document it rests on (:mod:`tune_or_prompt.sources`).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from tune_or_prompt.checks import MAX_COUNT, MAX_MONTHS, MAX_QUERIES_PER_MONTH, MAX_TOKENS_PER_QUERY, MAX_USD, Checked
from tune_or_prompt.sources import article, estimate

RequirementsChange = Literal["weekly", "monthly", "quarterly", "rarely"]
Privacy = Literal["cloud_ok", "on_premise"]

EXAMPLE = article("its worked example, a customer-support chatbot")
NEUTRAL = estimate("a neutral default, with no evidence either way")

# Days per month used for the derived ``daily_tokens`` fact.
DAYS_PER_MONTH = 30


def question(
    default: Any,
    prompt: str,
    *,
    help: str,
    unit: str = "",
    source: str = NEUTRAL,
    ge: float | None = None,
    le: float | None = None,
    ask_if: str | None = None,
) -> Any:
    """Declare a question: the field's default and range plus what the questionnaire shows."""
    extra: dict[str, Any] = {"help": help, "unit": unit, "source": source}
    if ask_if:
        extra["ask_if"] = ask_if
    return Field(default, description=prompt, ge=ge, le=le, json_schema_extra=extra)


class Answers(Checked):
    """Every built-in question, with its default.

    Attributes mirror the rules' fact vocabulary one to one. Every number has
    an upper bound (:mod:`tune_or_prompt.checks`), so no figure priced from
    the answers can overflow.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    workload: str = Field(
        "Customer-support chatbot",
        min_length=1,
        max_length=200,
        description="What does the LLM feature do?",
        json_schema_extra={"help": "A short name; it titles the memo.", "unit": "", "source": EXAMPLE},
    )
    queries_per_month: float = question(
        100_000, "How many queries a month?", ge=0, le=MAX_QUERIES_PER_MONTH, unit="queries/month", source=EXAMPLE,
        help="Requests to the model per month today (month 1 of the horizon).",
    )
    input_tokens: float = question(
        2_000, "Input tokens per query?", ge=0, le=MAX_TOKENS_PER_QUERY, unit="tokens", source=EXAMPLE,
        help="System prompt, few-shot examples, retrieved context and the user's text.",
    )
    output_tokens: float = question(
        500, "Output tokens per query?", ge=0, le=MAX_TOKENS_PER_QUERY, unit="tokens", source=EXAMPLE,
        help="Tokens the model writes per answer.",
    )
    growth_pct_per_month: float = question(
        0, "Monthly volume growth?", ge=-99, le=100, unit="% per month", source=EXAMPLE,
        help="How fast the query volume grows; 0 keeps it flat.",
    )
    horizon_months: int = question(
        36, "Horizon to price over?", ge=1, le=240, unit="months", source=EXAMPLE,
        help="Both paths are priced month by month over this many months.",
    )
    privacy: Privacy = Field(
        "cloud_ok",
        description="May the data go to an external API?",
        json_schema_extra={"help": "on_premise: everything runs on your own machines (no API model to choose).",
                           "unit": "", "source": EXAMPLE,
                           "choice_labels": {"cloud_ok": "Yes: external APIs are allowed (cloud_ok)",
                                             "on_premise": "No: it stays on our own machines (on_premise)"}},
    )
    api_model: str = Field(
        "gpt-4o-mini",
        min_length=1,
        max_length=200,
        description="Which API model would prompting use?",
        json_schema_extra={"help": "Any name `tune-or-prompt prices` lists.", "unit": "",
                           "source": EXAMPLE, "ask_if": "privacy == cloud_ok"},
    )
    accuracy_target_pct: float = question(
        90, "Accuracy the feature must reach?", ge=0, le=100, unit="%",
        source=article("prompting's accuracy ceiling is 85-92%, fine-tuning's 92-98%"),
        help="Share of answers that must be right; above 95% points to fine-tuning.",
    )
    requirements_change: RequirementsChange = Field(
        "monthly",
        description="How often do the requirements change?",
        json_schema_extra={"help": "Weekly change favours prompts, which change in minutes.",
                           "unit": "", "source": NEUTRAL},
    )
    monthly_budget_usd: float = question(
        5_000, "Monthly budget for this feature?", ge=0, le=MAX_USD, unit="USD/month",
        source=article("its decision tree points to prompting below $5K a month"),
        help="What the team may spend a month; below $5K points to prompting.",
    )
    availability: bool = Field(
        False,
        description="Is the feature user-facing, with an uptime need?",
        json_schema_extra={"help": "Yes keeps at least two replicas of a self-hosted model running at every hour, "
                                   "so that one can fail or be replaced.", "unit": "",
                           "source": "Together docs, dedicated endpoints (https://docs.together.ai/docs/dedicated-"
                                     "inference, read 2026-12-07): a second replica keeps an endpoint up when one "
                                     "fails"},
    )
    latency_critical: bool = Field(
        False,
        description="Is latency critical?",
        json_schema_extra={"help": "A fine-tuned small model can answer faster.", "unit": "",
                           "source": NEUTRAL},
    )
    consistency_critical: bool = Field(
        False,
        description="Must behaviour stay consistent across thousands of variations?",
        json_schema_extra={"help": "Fine-tuning bakes the behaviour in.", "unit": "",
                           "source": NEUTRAL},
    )
    tasks_sharing_model: int = question(
        1, "How many tasks share the model?", ge=1, le=MAX_COUNT, unit="tasks",
        help="Several tasks on one model favour prompting.",
    )
    prompt_iterations: int = question(
        0, "How many prompt iterations so far?", ge=0, le=MAX_COUNT, unit="iterations",
        help="Measured prompt versions; 20-30 show whether accuracy has plateaued.",
    )
    prompting_plateaued: bool = Field(
        False,
        description="Has prompt accuracy plateaued below the target?",
        json_schema_extra={"help": "After 20-30 iterations, further prompt changes stopped helping.",
                           "unit": "", "source": NEUTRAL, "ask_if": "prompt_iterations > 0"},
    )
    production_data_months: float = question(
        0, "Months of production data collected?", ge=0, le=MAX_MONTHS, unit="months",
        help="Fine-tuning wants 6+ months of real traffic to learn from.",
    )

    cost_per_error_usd: float | None = question(
        None, "What does one wrong answer cost you?", ge=0, le=1e6, unit="USD",
        source=estimate("empty: wrong answers are not priced"),
        help="A human correction, a refund, a lost ticket. Leave empty to keep errors out of the costs.",
    )
    accuracy_prompting_pct: float | None = question(
        None, "Accuracy prompting reaches on your evaluation set?", ge=0, le=100, unit="%",
        source=article("empty: prompting tops out at 85-92%"),
        help="Measured on your evaluation set; leave empty for the article's typical 85-92%.",
        ask_if="cost_per_error_usd > 0",
    )
    accuracy_fine_tuned_pct: float | None = question(
        None, "Accuracy a fine-tuned model reaches (measured or expected)?", ge=0, le=100, unit="%",
        source=article("empty: fine-tuning reaches 92-98%"),
        help="Leave empty for the article's typical 92-98%.",
        ask_if="cost_per_error_usd > 0",
    )

    @property
    def monthly_tokens(self) -> float:
        """Input plus output tokens a month (month 1)."""
        return self.queries_per_month * (self.input_tokens + self.output_tokens)

    @property
    def daily_tokens(self) -> float:
        """Tokens a day, at 30 days a month."""
        return self.monthly_tokens / DAYS_PER_MONTH


def question_meta(name: str) -> dict[str, Any]:
    """Return a built-in question's help, unit, source and ``ask_if`` (empty where none)."""
    extra = Answers.model_fields[name].json_schema_extra
    return dict(extra) if isinstance(extra, dict) else {}
