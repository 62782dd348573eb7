"""The inputs of the cost model: the workload and every cost parameter.

Each cost parameter is a pydantic field whose name carries its unit and whose
``json_schema_extra`` carries its source and a low/high range (the range the
sensitivity and uncertainty analyses sweep). Every number is bounded above
too, so nothing a user types can overflow the model. Fields left at ``None``
are filled when the inputs are resolved: API prices from the catalogue, GPU
and throughput figures and fine-tuning prices from the shipped files.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator

from tune_or_prompt.checks import MAX_QUERIES_PER_MONTH, MAX_TOKENS_PER_QUERY, Checked
from tune_or_prompt.pricing.capacity import MIN_USER_OUTPUT_SOURCE, MIN_USER_OUTPUT_TOKENS_PER_S, Precision
from tune_or_prompt.pricing.lifecycle import RetirementDates
from tune_or_prompt.sources import CATALOGUE, article, estimate, web

Privacy = Literal["cloud_ok", "on_premise"]
OpenModelSize = Literal["3b", "8b", "14b", "70b"]
GpuType = Literal["l4", "a10g", "l40s", "a100-80gb", "h100-80gb", "h200"]
GpuPricing = Literal["gpu_cloud", "hyperscaler", "reserved_1y", "spot"]
FleetKind = Literal["autoscaled", "fixed"]
GpuHosting = Literal["rented", "owned"]
HardwarePayment = Literal["spread", "upfront"]
TrainingData = Literal["labelled", "distilled"]
Distribution = Literal["triangular", "uniform", "fixed"]

MAX_USD = 1e12
MAX_HOURS = 1e6
MAX_QUERIES = MAX_QUERIES_PER_MONTH
MAX_TOKENS = MAX_TOKENS_PER_QUERY

# Parameters of earlier versions, with what replaces them (for the "unknown parameter" message).
RENAMED: dict[str, str] = {
    "ft_mode": "ft_option (provider, serverless_lora, dedicated or flat)",
    "min_gpus": "min_replicas",
    "ft_prompt_tokens_pct": "static_prompt_pct (the share the fine-tuned prompt drops: 100 minus the old value)",
    "gpu_throughput_tokens_per_s": "prefill_tokens_per_s and decode_tokens_per_s",
    "ft_training_gpu_hours_per_run": "ft_training_mfu_pct (training GPU time now follows the data's size)",
}


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
    """Declare a cost parameter: default, unit, source, low/high range and bounds in one place.

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


def choice(default: Any, *, source: str, description: str) -> Any:
    """Declare a choice (a model, a GPU type, a pricing tier): no range, not drawn."""
    return Field(default, description=description, json_schema_extra={"unit": "", "source": source})


class Workload(Checked):
    """What the LLM feature does each month, over how long to price it, and what a wrong answer costs."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    queries_per_month: float = Field(100_000, ge=0, le=MAX_QUERIES, description="Queries per month (month 1).")
    input_tokens: float = Field(2_000, ge=0, le=MAX_TOKENS, description="Input tokens per query with the full prompt.")
    output_tokens: float = Field(500, ge=0, le=MAX_TOKENS, description="Output tokens per query.")
    growth_pct_per_month: float = Field(
        0, gt=-100, le=100, description="Monthly growth of the query volume, percent."
    )
    api_model: str = Field("gpt-4o-mini", min_length=1, max_length=200, description="API model prompting would use.")
    privacy: Privacy = Field(
        "cloud_ok",
        description="cloud_ok: external APIs allowed; on_premise: everything runs on own GPUs.",
    )
    horizon_months: int = Field(36, ge=1, le=240, description="Months to price both paths over.")
    availability: bool = Field(False, description="User-facing with an uptime need: a self-hosted fleet keeps at "
                                                  "least two replicas at every hour.")
    cost_per_error_usd: float = Field(0, ge=0, le=1e6, description="What one wrong answer costs; 0 leaves errors out.")
    accuracy_prompting_pct: float | None = Field(
        None, ge=0, le=100, description="Measured accuracy of prompting; empty = the typical range.")
    accuracy_fine_tuned_pct: float | None = Field(
        None, ge=0, le=100, description="Measured or expected accuracy of the fine-tuned model; empty = typical.")
    production_data_months: float = Field(
        0, ge=0, le=240, description="Months of production data collected so far (prompt then fine-tune waits "
        "for 6).")
    accuracy_target_pct: float = Field(90, ge=0, le=100, description="Accuracy the feature must reach, percent.")
    monthly_budget_usd: float | None = Field(
        None, ge=0, le=MAX_USD, description="What the team may spend a month; empty = no budget to compare with.")

    @property
    def monthly_tokens(self) -> float:
        """Input plus output tokens in month 1."""
        return self.queries_per_month * (self.input_tokens + self.output_tokens)


class Assumptions(Checked):
    """Every cost parameter of the model, with unit, default, source and range."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    # -- people and money -----------------------------------------------------
    engineer_rate_usd_per_hour: float = param(
        200, unit="USD/hour", source=article("40-80 senior engineer hours quoted as $8K-16K, about $200 an hour"),
        description="Loaded cost of one engineer hour.", low=150, high=250, le=10_000,
    )
    annotator_rate_usd_per_hour: float = param(
        60, unit="USD/hour",
        source=estimate("a domain reviewer labelling or checking examples costs less than an engineer"),
        description="Cost of one hour of labelling or reviewing training examples.", low=30, high=100, le=10_000,
    )
    discount_rate_pct: float = param(
        0, unit="% per year", source=estimate("0 compares plain sums; set your cost of capital for present values"),
        description="Annual discount rate; above 0, totals and break-even compare present values.",
        le=100, distribution="fixed",
    )
    # -- API prices -----------------------------------------------------------
    input_price_usd_per_mtok: float | None = param(
        None, unit="USD per 1M tokens", source=CATALOGUE,
        description="API input price; empty = the catalogue's price for the API model.", le=MAX_USD,
    )
    output_price_usd_per_mtok: float | None = param(
        None, unit="USD per 1M tokens", source=CATALOGUE,
        description="API output price; empty = the catalogue's price for the API model.", le=MAX_USD,
    )
    api_overhead_pct: float = param(
        10, unit="% of API bill",
        source=article("failed requests, timeouts, content-filter rejections and retries add 5-15%"),
        description="Extra spend on failed and retried calls, on every per-token bill.", low=5, high=15, le=100,
    )
    api_price_trend_pct_per_year: float = param(
        0, unit="% per year",
        source="OpenAI's list prices of gpt-4o-mini and gpt-4.1 did not change from 2025 to 2026 "
        "(https://platform.openai.com/docs/pricing); the cheapest model of a given capability fell about 10x a year "
        "(a16z, \"Welcome to LLMflation\", https://a16z.com/llmflation-llm-inference-cost/, 2024-11-12; Epoch AI, "
        "https://epoch.ai/data-insights/llm-inference-price-trends, 2025-03-12), so the range reaches a halving a year",
        description="Yearly change of per-token prices (negative: they fall), compounding.",
        low=-50, high=0, ge=-90, le=100,
    )
    gpu_price_trend_pct_per_year: float = param(
        0, unit="% per year",
        source="hyperscaler GPU list prices flat since AWS's June 2025 cut (https://aws.amazon.com/ec2/pricing/); "
        "GPU-cloud H100 rental fell to a $1.70 one-year rate in October 2025 and rose to about $2.65 by June 2026 "
        "(SemiAnalysis H100 rental index, https://newsletter.semianalysis.com, as reported 2026-06-26)",
        description="Yearly change of GPU-hour prices (negative: they fall), compounding.",
        low=-25, high=15, ge=-90, le=100,
    )
    # -- model lifecycle --------------------------------------------------------
    start_month: str | None = Field(
        None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
        description="Month the horizon starts (YYYY-MM): where model shutdowns fall; empty = this month.",
        json_schema_extra={"unit": "YYYY-MM", "source": "set by the user; empty = the month the tool runs in"},
    )
    retirement_dates: RetirementDates = choice(
        "confirmed", source=estimate("a shutdown only third parties report may not happen on that date"),
        description="Which announced API model shutdowns are priced: confirmed (on the provider's own page) "
        "or reported (also earliest-possible dates and third-party reports).",
    )
    migration_prompt_hours: float = param(
        20, unit="hours per migration",
        source=estimate("re-tuning a working prompt and its examples for the successor model: a third of the "
                        "article's 40-80 hours of first prompt iteration"),
        description="Re-prompting when the API model shuts down and traffic moves to its successor.",
        low=8, high=40, le=MAX_HOURS,
    )
    migration_eval_hours: float = param(
        8, unit="hours per migration",
        source=estimate("a day to run the evaluation suite on the successor and read the differences"),
        description="Re-evaluating on the successor model when the API model shuts down.",
        low=4, high=16, le=MAX_HOURS,
    )
    typical_accuracy_prompting_pct: float = param(
        88.5, unit="% of answers right", source=article("prompting's accuracy ceiling is 85-92%"),
        description="Prompting's accuracy when none was measured (prices wrong answers when they have a cost).",
        low=85, high=92, le=100,
    )
    typical_accuracy_fine_tuned_pct: float = param(
        95, unit="% of answers right", source=article("fine-tuning reaches 92-98%"),
        description="A fine-tuned model's accuracy when none was measured.", low=92, high=98, le=100,
    )
    # -- prompt engineering ---------------------------------------------------
    pe_prompt_hours: float = param(
        60, unit="hours", source=article("initial prompt iteration takes 40-80 hours of a senior engineer"),
        description="Initial prompt iteration effort.", low=40, high=80, le=MAX_HOURS,
    )
    eval_suite_hours: float = param(
        24, unit="hours", source=estimate("three days for a benchmark of 100-500 cases, which the article recommends"),
        description="Building the evaluation suite (both paths need one).", low=8, high=40, le=MAX_HOURS,
    )
    pe_maintenance_hours_per_month: float = param(
        4, unit="hours/month", source=estimate("half a day a month of prompt updates and A/B tests"),
        description="Prompt upkeep when models or behaviour change.", low=2, high=10, le=MAX_HOURS,
    )
    pe_monitoring_usd_per_month: float = param(
        50, unit="USD/month", source=estimate("a prompt-drift monitoring and versioning tool's entry tier"),
        description="Monitoring and prompt version management tooling.", low=0, high=200, le=MAX_USD,
    )
    static_prompt_pct: float = param(
        60, unit="% of input tokens",
        source=estimate("instructions and few-shot examples repeat on every call; retrieved context and "
                        "the user's text do not"),
        description="Share of each prompt that is the same on every call: the fine-tuned model no longer "
        "needs it, and the provider's prompt cache can serve it.", low=30, high=75, le=100,
    )
    prompt_cache_hit_pct: float = param(
        50, unit="% of the static prompt",
        source=estimate("providers keep a cached prefix for minutes, so steady traffic hits it often"),
        description="Share of the static prompt tokens billed at the provider's cached-input price "
        "(used only when the catalogue has one).", low=0, high=90, le=100,
    )
    batch_share_pct: float = param(
        0, unit="% of queries", source=estimate("off unless the workload tolerates a delay of hours"),
        description="Queries sent through the provider's batch API.", low=0, high=50, le=100,
        distribution="fixed",  # a design choice (does the workload tolerate delay?), not a guess
    )
    batch_discount_pct: float = param(
        50, unit="% off standard",
        source="OpenAI and Anthropic batch APIs: 50% of standard rates (https://openai.com/api/pricing, "
        "https://www.anthropic.com/pricing, read 2026-12-01)",
        description="Batch discount, used only when the catalogue has no batch price.", low=50, high=50, le=100,
    )
    pe_open_model_size: OpenModelSize | None = choice(
        None, source=estimate("unless set, the fine-tuned model's size (model_size), so that prompting and "
                              "fine-tuning are compared on the same model"),
        description="On premise: the open model prompting would run on own GPUs; empty = model_size.",
    )
    candidates: str | None = Field(
        None, max_length=2_000,
        description="Paths to compare, comma-separated: path ids (prompt:gpt-4o-mini@api), 'adaptation:model' "
        "or a model name; a leading '+' adds to the built-in list instead of replacing it; empty = the built-in "
        "list.",
        json_schema_extra={"unit": "", "source": estimate(
            "unless set, the named model, cheaper catalogue models of its arena tier or one below, and open 8B, "
            "14B and 70B models at a serverless host or on GPUs")},
    )
    accuracy_by_path: dict[str, float] | None = Field(
        None, description="Measured accuracy (%) per path, keyed by path id or 'adaptation:model' "
        "(e.g. 'prompt:gpt-4o-mini: 88'); empty = each path's default by quality tier.",
        json_schema_extra={"unit": "% of answers right", "source": "set by the user"},
    )
    # -- fine-tuning: which option -------------------------------------------
    ft_option: str | None = Field(
        None, max_length=200,
        description="Pin the fine-tuning option: provider, serverless_lora, dedicated or flat, or an option id "
        "such as provider:gpt-4o-mini; empty = the cheapest feasible one.",
        json_schema_extra={"unit": "", "source": "the cheapest feasible option unless set"},
    )
    ft_model: str | None = Field(
        None, max_length=200,
        description="The provider model to fine-tune; empty = the API model and its smaller siblings.",
        json_schema_extra={"unit": "", "source": "shipped fine-tuning offers"},
    )
    model_size: OpenModelSize = choice(
        "8b", source=estimate("a 7-8B model is the usual student for LoRA fine-tuning"),
        description="Open model size for serverless LoRA and dedicated GPUs.",
    )
    training_data: TrainingData | None = choice(
        None, source="distilled when the fine-tuned model differs from the API model (on premise, the prompted "
        "open model) and is no bigger than it, else labelled",
        description="labelled: people label the examples; distilled: the API model writes them and people "
        "review them.",
    )
    ft_build_months: int = Field(
        2, ge=0, le=24, description="Months before the fine-tuned model is live; the traffic runs prompted meanwhile.",
        json_schema_extra={"unit": "months", "source": article("4-8 weeks to deploy a fine-tuned model"),
                           "low": 1, "high": 3},
    )
    ft_prompt_baseline_pct: float = param(
        100, unit="% of prompt development",
        source=estimate("the fine-tuned model is measured against a working prompt, which also serves the build "
                        "months and writes distilled data"),
        description="Share of the prompt development effort the fine-tuning path pays for its baseline.",
        low=50, high=100, le=100,
    )
    serverless_lora_input_usd_per_mtok: float | None = param(
        None, unit="USD per 1M tokens", source="the shipped host cheapest for the workload unless set",
        description="Serverless LoRA: your host's per-token price for input tokens to a LoRA adapter; "
        "empty = the shipped host's price.", le=MAX_USD,
    )
    serverless_lora_output_usd_per_mtok: float | None = param(
        None, unit="USD per 1M tokens", source="the shipped host cheapest for the workload unless set",
        description="Serverless LoRA: your host's per-token price for output tokens; empty = the shipped host's.",
        le=MAX_USD,
    )
    # -- fine-tuning: data and training ---------------------------------------
    ft_training_examples: float = param(
        2_000, unit="examples", source=estimate("a few thousand examples for a narrow task"),
        description="Training examples.", low=500, high=10_000, le=1e9,
    )
    ft_label_hours_per_example: float = param(
        0.05, unit="hours/example", source=estimate("three minutes to write or correct one answer"),
        description="Labelled data: reviewer time per example.", low=0.02, high=0.15, le=100,
    )
    ft_review_hours_per_example: float = param(
        0.01, unit="hours/example", source=estimate("half a minute to check one generated answer"),
        description="Distilled data: reviewer time per generated example.", low=0.003, high=0.03, le=100,
    )
    ft_data_prep_hours: float = param(
        40, unit="hours", source=estimate("a week to collect, clean and format the data"),
        description="Engineer time preparing the training data.", low=20, high=80, le=MAX_HOURS,
    )
    ft_pipeline_hours: float = param(
        20, unit="hours", source=estimate("half a week to set up and run the training pipeline"),
        description="Building and running the training pipeline.", low=10, high=40, le=MAX_HOURS,
    )
    ft_experiment_runs: float = param(
        2, unit="training runs", source=article("several training runs to tune hyper-parameters"),
        description="Extra training runs before the final one.", low=1, high=4, le=1000,
    )
    ft_epochs: float = param(
        3, unit="epochs", source=estimate("providers' default of a few epochs"),
        description="Passes over the training set.", low=2, high=4, le=100,
    )
    ft_training_usd_per_mtok: float | None = param(
        None, unit="USD per 1M training tokens", source="shipped fine-tuning offers unless set",
        description="Per-token training price; empty = the option's shipped price.", le=MAX_USD,
    )
    ft_training_mfu_pct: float = param(
        35, unit="% of dense BF16 FLOPS",
        source="Meta, \"The Llama 3 Herd of Models\" (https://arxiv.org/abs/2407.21783, 2024): 38-43% MFU in "
        "BF16 on H100s; single-GPU fine-tuning runs reach 20-50%",
        description="Dedicated GPUs: share of peak FLOPS a training run achieves (6 x params FLOPs per token).",
        low=25, high=50, ge=1, le=100,
    )
    ft_training_overhead_gpu_hours: float = param(
        1, unit="GPU-hours per run", source=estimate("start-up, checkpoints and evaluation of each run"),
        description="Dedicated GPUs: time per training run beyond the training FLOPs.", low=0.5, high=4,
        le=MAX_HOURS,
    )
    ft_flat_initial_usd: float = param(
        5_000, unit="USD", source=article("initial fine-tuning cost $5,000 (its table: $5K-15K)"),
        description="flat option: initial training (compute and data) as one sum.", low=5_000, high=15_000,
        le=MAX_USD,
    )
    ft_flat_monthly_infra_usd: float = param(
        2_000, unit="USD/month", source=article("monthly infrastructure $2,000 (its table: $2K-4K)"),
        description="flat option: monthly fine-tuning infrastructure.", low=2_000, high=4_000, le=MAX_USD,
    )
    # -- serving on GPUs ------------------------------------------------------
    gpu_type: GpuType | None = choice(
        None, source="the cheapest GPU type that fits the model unless set",
        description="GPU type for dedicated serving and training (and on-premise prompting).",
    )
    gpu_pricing: GpuPricing = choice(
        "gpu_cloud", source=estimate("GPU clouds' on-demand price is what a team can rent today without a "
                                     "commitment"),
        description="GPU price tier: gpu_cloud, hyperscaler (on demand), reserved_1y or spot.",
    )
    gpu_usd_per_hour: float | None = param(
        None, unit="USD per GPU-hour", source="shipped GPU prices unless set",
        description="GPU rental price of the chosen GPU type; empty = the shipped price for the tier.",
        le=MAX_USD,
    )
    prefill_tokens_per_s: float | None = param(
        None, unit="tokens/s per replica", source="shipped serving capacity unless set",
        description="Input tokens one replica of the fine-tuned model reads per second; empty = shipped figure.",
        ge=1, le=1e9,
    )
    decode_tokens_per_s: float | None = param(
        None, unit="tokens/s per replica", source="shipped serving capacity unless set",
        description="Output tokens one replica of the fine-tuned model writes per second; empty = shipped figure.",
        ge=1, le=1e9,
    )
    serving_precision: Precision | None = choice(
        None, source=web("vLLM FP8 quantization", "https://docs.vllm.ai/en/latest/features/quantization/fp8.html",
                         "2026-12-07", "FP8 weights and activations need FP8 tensor cores (Ada: L4, L40S; Hopper: "
                         "H100, H200), halve weight memory and raise throughput up to 1.6x at little accuracy loss; "
                         "so FP8 there, else BF16, unless set"),
        description="Precision of self-hosted replicas: bf16, fp8 (weight-only where the GPU has no FP8 tensor "
                    "cores) or int4 (AWQ weights); empty = FP8 where supported, else BF16.",
    )
    min_user_output_tokens_per_s: float = Field(
        MIN_USER_OUTPUT_TOKENS_PER_S, ge=0, le=10_000,
        description="Slowest output speed one user may see from a self-hosted replica (0 = no limit); the batch "
                    "per replica is capped to meet it.",
        json_schema_extra={"unit": "output tokens/s per user", "source": MIN_USER_OUTPUT_SOURCE},
    )
    max_time_to_first_token_s: float | None = Field(
        None, gt=0, le=3_600,
        description="Longest wait for the first token from a self-hosted replica; empty = no limit.",
        json_schema_extra={"unit": "s", "source": estimate(
            "no limit unless set; MLPerf Inference allows 0.5 s (Llama-3.1-8B interactive) to 2 s (server) "
            "(https://github.com/mlcommons/inference, loadgen/mlperf.conf, read 2026-12-07)")},
    )
    fleet: FleetKind = choice(
        "autoscaled", source=estimate("serving stacks scale replicas with the load; a fixed fleet is sized "
                                      "for the peak"),
        description="autoscaled: replicas follow the daily traffic; fixed: sized for the peak hour, billed 24/7.",
    )
    traffic_profile: list[float] | None = Field(
        None, description="24 hourly traffic weights (hour 0 = midnight); empty = the built-in daytime shape.",
        json_schema_extra={"unit": "weights", "source": "the built-in profile unless set"},
    )
    peak_to_average_ratio: float = param(
        2, unit="x average rate",
        source=estimate("business traffic: 8 daytime hours at twice the average, the rest at half"),
        description="Built-in profile: the 8 busy hours' rate over the daily average (at most 3).",
        low=1.5, high=3, ge=1, le=3,
    )
    gpu_utilisation_target_pct: float = param(
        70, unit="% of throughput", source=estimate("keeps latency in bounds under bursts"),
        description="Busy share of a replica at which another is added.", low=50, high=85, ge=1, le=100,
    )
    autoscale_headroom_pct: float = param(
        10, unit="% of replicas", source=estimate("covers the minutes a new replica takes to start"),
        description="Replicas kept above the need.", low=0, high=30, le=1000,
    )
    min_replicas: int = Field(
        1, ge=1, le=10_000, description="Fewest replicas kept running at any hour.",
        json_schema_extra={"unit": "replicas", "source": estimate("2 buys availability at twice the floor"),
                           "low": 1, "high": 2},
    )
    self_hosted_ops_fte: float = param(
        0.1, unit="engineers", source=estimate(
            "on-call and upkeep of a self-hosted model server (engine and driver upgrades, capacity, incidents), "
            "shared with other services: a tenth of an engineer; blog estimates of 1 to 1.5 engineers for one or "
            "two self-hosted models (2026) bound it from above"),
        description="Share of an engineer (2,080 hours a year at the engineer rate) that runs a self-hosted fleet: "
                    "on-call and upkeep, apart from model maintenance.", low=0.05, high=0.5, le=100,
    )
    self_hosted_overhead_usd_per_month: float = param(
        150, unit="USD/month", source=estimate("a load balancer, storage for checkpoints and logs"),
        description="Infrastructure around self-hosted GPUs.", low=50, high=500, le=MAX_USD,
    )
    # -- owned GPUs -------------------------------------------------------------
    gpu_hosting: GpuHosting | None = choice(
        None, source=estimate("a team that keeps its data on premise runs its own machines; in the cloud it rents"),
        description="rented: GPUs by the hour; owned: bought, with power, colocation and operators; "
        "empty = owned on premise, rented otherwise.",
    )
    hardware_payment: HardwarePayment = choice(
        "spread", source=estimate("spreading the purchase over the hardware's life compares it with renting "
                                  "month by month; paying up front shows the cash a team lays out"),
        description="Owned: spread the purchase over the hardware's life, or pay it up front when GPUs are "
        "bought (and again when they are replaced).",
    )
    gpu_purchase_usd: float | None = param(
        None, unit="USD per GPU", source="shipped purchase prices unless set",
        description="Owned: purchase price of one GPU of the chosen type; empty = the shipped price.",
        le=MAX_USD,
    )
    server_share_pct: float = param(
        38, unit="% of the GPU price",
        source="Epoch AI, server and networking overhead of an 8-GPU server about 38% over the GPUs' cost "
        "(https://epoch.ai/data/machine-learning-hardware, 2025)",
        description="Owned: server, network and rack share added to each GPU's purchase price.",
        low=25, high=60, le=1000,
    )
    hardware_life_years: float = param(
        4, unit="years",
        source="IRS Publication 946 (https://www.irs.gov/publications/p946): computers are 5-year property; "
        "Amazon's 10-K for 2024 (https://ir.aboutamazon.com/annual-reports-proxies-and-shareholder-letters/) "
        "shortened part of its servers' life to 5 years for the pace of AI; GPUs run hard age faster, so 3-5",
        description="Owned: years the purchase is spread over (straight line, replaced at the end).",
        low=3, high=5, ge=0.5, le=20,
    )
    server_power_pct: float = param(
        35, unit="% over the GPUs' power",
        source="NVIDIA DGX H100 datasheet (https://www.nvidia.com/en-us/data-center/dgx-h100/): 10.2 kW maximum "
        "for 8 GPUs of 700 W, 82% over the GPUs; typical draw about 7.5 kW, 34% over",
        description="Owned: power of CPUs, memory, network and fans on top of the GPUs' own.",
        low=20, high=82, le=1000,
    )
    pue: float = param(
        1.54, unit="facility kW per IT kW",
        source="Uptime Institute Global Data Center Survey 2025 (https://uptimeinstitute.com/resources/research-"
        "and-reports): average PUE 1.54; hyperscale facilities reach 1.1-1.2",
        description="Owned: power usage effectiveness of the data centre (cooling and losses on top of IT power).",
        low=1.2, high=1.6, ge=1, le=5,
    )
    electricity_usd_per_kwh: float = param(
        0.0862, unit="USD/kWh",
        source="US EIA Electric Power Monthly (https://www.eia.gov/electricity/monthly/): industrial average "
        "8.62 cents/kWh in 2025 (Table 5.3); state prices from 6.04 (Iowa, industrial) to 19.14 (New York, "
        "commercial) in April 2025 (Table 5.6.A)",
        description="Owned: electricity price.", low=0.06, high=0.19, le=100,
    )
    colocation_usd_per_kw_month: float = param(
        184.06, unit="USD per kW per month",
        source="CBRE North America Data Center Trends H2 2024 (https://www.cbre.com/insights/reports/north-"
        "america-data-center-trends-h2-2024): $184.06 per kW per month for 250-500 kW in primary markets; "
        "$174.06 in H1 2024; CBRE's global average $217.30 (Q1 2025)",
        description="Owned: colocation (space, cooling, connectivity) per kW of IT load.",
        low=174.06, high=217.30, le=MAX_USD,
    )
    owned_ops_hours_per_month: float = param(
        8, unit="hours/month",
        source=estimate("the machines themselves, on top of the fleet's operations (self_hosted_ops_fte): failed "
                        "parts and their replacement, firmware and BIOS updates, racking and capacity planning of "
                        "a small owned fleet, about a day a month; blogs quote 1-1.5 engineers for larger fleets"),
        description="Owned: engineer time on the hardware (parts, firmware, racking), per fleet, on top of the "
                    "fleet's operations.", low=4, high=40, le=MAX_HOURS,
    )
    # -- fine-tuning: maintenance ---------------------------------------------
    ft_retrain_every_months: int = Field(
        3, ge=0, le=240,
        description="Months between retraining cycles from go-live (0 = never).",
        json_schema_extra={"unit": "months", "source": article("retraining every 3 months"), "low": 1, "high": 6},
    )
    ft_retrain_data_hours: float = param(
        8, unit="hours per cycle", source=estimate("a day to collect and clean new production examples"),
        description="Engineer time refreshing the data each cycle.", low=4, high=24, le=MAX_HOURS,
    )
    ft_retrain_new_examples_pct: float = param(
        25, unit="% of the training set", source=estimate("a quarter's new cases"),
        description="New examples labelled or generated each cycle.", low=10, high=50, le=1000,
    )
    ft_retrain_eval_hours: float = param(
        4, unit="hours per cycle", source=estimate("half a day to run and read the evaluation suite"),
        description="Evaluating the retrained model.", low=2, high=8, le=MAX_HOURS,
    )
    ft_deploy_hours: float = param(
        2, unit="hours per cycle", source=estimate("rolling out a new model version behind the same interface"),
        description="Deploying each retrained model.", low=1, high=4, le=MAX_HOURS,
    )
    ft_retrain_cost_pct: float | None = param(
        None, unit="% of initial fine-tuning cost", source=article("each cycle costs 30-50% of the original"),
        description="Override: each cycle as a share of the initial cost; empty = priced bottom-up.", le=1000,
    )
    ft_retrain_cost_usd: float | None = param(
        None, unit="USD per cycle", source="set by the user",
        description="Override: each cycle as one sum; empty = priced bottom-up.", le=MAX_USD,
    )
    ft_maintenance_hours_per_month: float = param(
        8, unit="hours/month", source=estimate("a day a month evaluating on production data and fixing edge cases"),
        description="Model upkeep beyond retraining.", low=4, high=16, le=MAX_HOURS,
    )
    ft_monitoring_usd_per_month: float = param(
        100, unit="USD/month", source=estimate("drift monitoring of a model you operate"),
        description="Monitoring of the fine-tuned model.", low=50, high=300, le=MAX_USD,
    )

    @field_validator("accuracy_by_path")
    @classmethod
    def _accuracies(cls, v: dict[str, float] | None) -> dict[str, float] | None:
        if v is None:
            return v
        if len(v) > 1_000:
            raise ValueError("at most 1,000 measured accuracies")
        for key, pct in v.items():
            if not key or len(key) > 200:
                raise ValueError("a path key has 1 to 200 characters")
            if not math.isfinite(pct) or not 0 <= pct <= 100:
                raise ValueError(f"{key}: an accuracy is a percentage from 0 to 100, not {pct}")
        return {k.strip().lower(): float(p) for k, p in v.items()}

    @field_validator("traffic_profile")
    @classmethod
    def _profile(cls, v: list[float] | None) -> list[float] | None:
        if v is None:
            return v
        if len(v) != 24:
            raise ValueError(f"a traffic profile has 24 hourly weights, not {len(v)}")
        if any(not math.isfinite(w) or w < 0 for w in v):
            raise ValueError("traffic profile weights must be finite and not negative")
        if sum(v) <= 0:
            raise ValueError("a traffic profile needs at least one hour with traffic")
        return v


def field_meta(name: str) -> dict[str, Any]:
    """Return a parameter's unit, source, low and high (empty where it has none)."""
    info = Assumptions.model_fields[name]
    extra = info.json_schema_extra
    return dict(extra) if isinstance(extra, dict) else {}
