"""The inputs of the full cost model: the workload and every cost parameter.

Each cost parameter is a pydantic field whose name carries its unit and whose
``json_schema_extra`` carries its source and a low/high range (the range the
sensitivity and uncertainty analyses sweep). Fields left at ``None`` are filled
when the inputs are resolved: API prices from the catalogue, GPU figures and
hosted-training prices from the shipped figures.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from tune_or_prompt.checks import MAX_QUERIES_PER_MONTH, MAX_TOKENS_PER_QUERY, Checked

S1 = "domain-facts §1"
S2 = "domain-facts §2 (article's worked example)"
S5 = "domain-facts §5"
S6 = "domain-facts §6"
EST = "tune-or-prompt estimate"

FtMode = Literal["self_hosted", "hosted_api", "flat"]
Privacy = Literal["cloud_ok", "on_premise"]
GpuType = Literal["a100-80gb", "h100-80gb"]
Distribution = Literal["triangular", "uniform", "fixed"]


def param(
    default: Any,
    *,
    unit: str,
    source: str,
    description: str,
    low: float | None = None,
    high: float | None = None,
    ge: float | None = 0,
    le: float | None = None,
    distribution: Distribution | None = None,
) -> Any:
    """Declare a cost parameter: default, unit, source and low/high range in one place.

    ``distribution`` says how the uncertainty analysis draws it (default
    ``triangular`` over low, default and high; ``fixed`` keeps a choice the
    user makes at its value while the sensitivity analysis still sweeps it).
    """
    extra: dict[str, Any] = {"unit": unit, "source": source}
    if low is not None:
        extra["low"] = low
    if high is not None:
        extra["high"] = high
    if distribution is not None:
        extra["distribution"] = distribution
    return Field(default, ge=ge, le=le, description=description, json_schema_extra=extra)


class Workload(Checked):
    """What the LLM feature does each month, and over how long to price it."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    queries_per_month: float = Field(
        100_000, ge=0, le=MAX_QUERIES_PER_MONTH, description="Queries per month (month 1)."
    )
    input_tokens: float = Field(
        2_000, ge=0, le=MAX_TOKENS_PER_QUERY, description="Input tokens per query with the full prompt."
    )
    output_tokens: float = Field(500, ge=0, le=MAX_TOKENS_PER_QUERY, description="Output tokens per query.")
    growth_pct_per_month: float = Field(
        0, gt=-100, le=100, description="Monthly growth of the query volume, percent."
    )
    api_model: str = Field(
        "gpt-4o-mini", min_length=1, max_length=200, description="API model prompting would use."
    )
    privacy: Privacy = Field(
        "cloud_ok",
        description="cloud_ok: external APIs allowed; on_premise: everything runs on own GPUs.",
    )
    horizon_months: int = Field(36, ge=1, le=240, description="Months to price both paths over.")

    @property
    def monthly_tokens(self) -> float:
        """Input plus output tokens in month 1."""
        return self.queries_per_month * (self.input_tokens + self.output_tokens)


class Assumptions(Checked):
    """Every cost parameter of the full model, with unit, default, source and range."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    # -- shared ---------------------------------------------------------------
    engineer_rate_usd_per_hour: float = param(
        200, unit="USD/hour", source=f"{S1}: 40-80 senior hours quoted as $8K-16K",
        description="Loaded cost of one engineer hour.", low=150, high=250,
    )
    input_price_usd_per_mtok: float | None = param(
        None, unit="USD per 1M tokens", source="API price catalogue (genai-prices) unless set",
        description="API input price; empty = the catalogue's price for the API model.",
    )
    output_price_usd_per_mtok: float | None = param(
        None, unit="USD per 1M tokens", source="API price catalogue (genai-prices) unless set",
        description="API output price; empty = the catalogue's price for the API model.",
    )
    api_overhead_pct: float = param(
        10, unit="% of API bill", source=f"{S6}.4: failed requests, timeouts and retries add 5-15%",
        description="Extra API spend on failures, filter rejections and retries.", low=5, high=15,
        le=100,
    )
    # -- prompt engineering ---------------------------------------------------
    pe_prompt_hours: float = param(
        60, unit="hours", source=f"{S1}: 40-80 hours of a senior engineer",
        description="Initial prompt iteration effort.", low=40, high=80,
    )
    eval_suite_hours: float = param(
        24, unit="hours", source=f"{EST}: a 100-500 case benchmark ({S5})",
        description="Building the evaluation suite (both paths need one).", low=8, high=40,
    )
    pe_maintenance_hours_per_month: float = param(
        4, unit="hours/month", source=f"{EST}: prompt updates and A/B tests ({S1})",
        description="Prompt upkeep when models or behaviour change.", low=2, high=10,
    )
    pe_monitoring_usd_per_month: float = param(
        50, unit="USD/month", source=f"{EST}: prompt-drift monitoring ({S6}.3)",
        description="Monitoring and prompt version management tooling.", low=0, high=200,
    )
    prompt_cache_hit_pct: float = param(
        0, unit="% of input tokens", source=f"{EST}: off unless measured ({S5}, optimise API cost)",
        description="Input tokens billed at the provider's cached-input price.", low=0, high=50,
        le=100,
    )
    batch_share_pct: float = param(
        0, unit="% of queries", source=f"{EST}: off unless the workload tolerates delay ({S5})",
        description="Queries sent through the provider's batch API.", low=0, high=50, le=100,
        distribution="fixed",  # a design choice (does the workload tolerate delay?), not a guess
    )
    batch_discount_pct: float = param(
        50, unit="% off standard", source="OpenAI and Anthropic batch APIs: 50% of standard rates",
        description="Batch discount, used only when the catalogue has no batch price.",
        low=50, high=50, le=100,
    )
    # -- fine-tuning: how ----------------------------------------------------
    ft_mode: FtMode = Field(
        "self_hosted",
        description=(
            "self_hosted: train and serve an open 7-8B model on rented GPUs; hosted_api: the "
            "provider's fine-tuning and per-token fine-tuned model; flat: lump sums as in the article."
        ),
        json_schema_extra={"unit": "", "source": f"{S1}: dedicated GPU instances for inference"},
    )
    ft_model: str | None = Field(
        None, description="Hosted fine-tuned model to price per token; empty = 'ft:' + API model.",
        json_schema_extra={"unit": "", "source": "API price catalogue (genai-prices)"},
    )
    # -- fine-tuning: initial -------------------------------------------------
    ft_data_prep_hours: float = param(
        40, unit="hours", source=f"{EST}: cleaning, labelling, formatting ({S1})",
        description="Training-data preparation.", low=20, high=80,
    )
    ft_pipeline_hours: float = param(
        20, unit="hours", source=f"{EST}: engineer time running the training pipeline ({S1})",
        description="Building and running the training pipeline.", low=10, high=40,
    )
    ft_experiment_runs: float = param(
        2, unit="training runs", source=f"{S1}: several runs to tune hyper-parameters",
        description="Extra training runs before the final one.", low=1, high=4,
    )
    ft_training_examples: float = param(
        2_000, unit="examples", source=f"{EST}: a few thousand labelled examples",
        description="Training examples (hosted_api training price).", low=500, high=10_000,
    )
    ft_epochs: float = param(
        3, unit="epochs", source=f"{EST}: provider default of a few epochs",
        description="Passes over the training set (hosted_api training price).", low=2, high=4,
    )
    ft_training_usd_per_mtok: float | None = param(
        None, unit="USD per 1M training tokens", source="shipped figure for the API model",
        description="Hosted training price; empty = the shipped figure for the API model.",
    )
    ft_training_gpu_hours_per_run: float = param(
        12, unit="GPU-hours", source=f"{EST}: a LoRA run of a 7-8B model",
        description="GPU time of one self-hosted training run.", low=4, high=48,
    )
    ft_flat_initial_usd: float = param(
        5_000, unit="USD", source=f"{S2}: initial fine-tuning cost (range §7: $5K-15K)",
        description="flat mode: initial training (compute and data) as one sum.",
        low=5_000, high=15_000,
    )
    # -- fine-tuning: running -------------------------------------------------
    gpu_type: GpuType = Field(
        "a100-80gb", description="GPU used for self-hosted training and serving.",
        json_schema_extra={"unit": "", "source": f"{S1}: the article prices A100s"},
    )
    gpu_usd_per_hour: float | None = param(
        None, unit="USD per GPU-hour", source="shipped figure for the GPU type",
        description="GPU rental price; empty = the shipped figure for the GPU type.",
    )
    gpu_throughput_tokens_per_s: float | None = param(
        None, unit="tokens/s per GPU", source="shipped figure for the GPU type",
        description="Serving throughput of one GPU for a 7-8B model; empty = shipped figure.",
    )
    gpu_utilisation_target_pct: float = param(
        60, unit="% of throughput", source=f"{EST}: head-room for bursts ({S6}.2)",
        description="Share of a GPU's throughput planned to be used at peak.", low=40, high=80,
        le=100,
    )
    peak_to_average_ratio: float = param(
        3, unit="x average rate", source=f"{EST}: daytime traffic peaks",
        description="Peak token rate over the monthly average.", low=2, high=5,
    )
    min_gpus: float = param(
        1, unit="GPUs", source=f"{EST}: 2 buys availability ({S1}, load balancing)",
        description="Fewest GPUs kept running, 24/7.", low=1, high=2,
    )
    self_hosted_overhead_usd_per_month: float = param(
        150, unit="USD/month", source=f"{EST}: load balancer, storage, logs ({S1})",
        description="Infrastructure around self-hosted GPUs.", low=50, high=500,
    )
    ft_flat_monthly_infra_usd: float = param(
        2_000, unit="USD/month", source=f"{S2}: monthly infrastructure (range §7: $2K-4K)",
        description="flat mode: monthly fine-tuning infrastructure.", low=2_000, high=4_000,
    )
    ft_prompt_tokens_pct: float = param(
        40, unit="% of prompt tokens", source=f"{EST}: no few-shot examples or long instructions",
        description="Input tokens a fine-tuned model needs, as a share of the prompted input.",
        low=25, high=70, le=100,
    )
    # -- fine-tuning: maintenance ---------------------------------------------
    ft_retrain_every_months: int = Field(
        3, ge=0, le=240,
        description="Months between retraining cycles (0 = never).",
        json_schema_extra={"unit": "months", "source": S2, "low": 1, "high": 6},
    )
    ft_retrain_cost_pct: float = param(
        40, unit="% of initial fine-tuning cost", source=f"{S6}.1: 30-50% of the original",
        description="Cost of one retraining cycle.", low=30, high=50, le=1000,
    )
    ft_retrain_cost_usd: float | None = param(
        None, unit="USD per cycle", source="set by user (overrides the percentage)",
        description="Cost of one retraining cycle as a sum; empty = the percentage.",
    )
    ft_maintenance_hours_per_month: float = param(
        8, unit="hours/month", source=f"{EST}: evaluation on production data, edge cases ({S1})",
        description="Model upkeep beyond retraining.", low=4, high=16,
    )
    ft_monitoring_usd_per_month: float = param(
        100, unit="USD/month", source=f"{EST}: drift monitoring ({S1})",
        description="Monitoring of the fine-tuned model.", low=50, high=300,
    )


def field_meta(name: str) -> dict[str, Any]:
    """Return a parameter's unit, source, low and high (empty where it has none)."""
    info = Assumptions.model_fields[name]
    extra = info.json_schema_extra
    return dict(extra) if isinstance(extra, dict) else {}
