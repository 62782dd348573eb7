"""The cost parameters' command-line flags: (field, kind, choices, help), one row per parameter.

Generated from :class:`~tune_or_prompt.tco.assumptions.Assumptions` by
``python -m tune_or_prompt.cli.flag_table_gen``; do not edit by hand
(``tests/cli/test_flag_table.py`` fails when it differs from the model).
``kind`` is float, int, str, choice (one of ``choices``) or file.
"""

from __future__ import annotations

FLAGS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("engineer_rate_usd_per_hour", "float", (),
     "Loaded cost of one engineer hour. [USD/hour] Default: 200."),
    ("annotator_rate_usd_per_hour", "float", (),
     "Cost of one hour of labelling or reviewing training examples. [USD/hour] Default: 60."),
    ("discount_rate_pct", "float", (),
     "Annual discount rate; above 0, totals and break-even compare present values. [% per year] Default: "
     "0."),
    ("input_price_usd_per_mtok", "float", (),
     "API input price; empty = the catalogue's price for the API model. [USD per 1M tokens] Default: from "
     "the catalogue."),
    ("output_price_usd_per_mtok", "float", (),
     "API output price; empty = the catalogue's price for the API model. [USD per 1M tokens] Default: from"
     " the catalogue."),
    ("api_overhead_pct", "float", (),
     "Extra spend on failed and retried calls, on every per-token bill. [% of API bill] Default: 10."),
    ("api_price_trend_pct_per_year", "float", (),
     "Yearly change of per-token prices (negative: they fall), compounding. [% per year] Default: 0."),
    ("gpu_price_trend_pct_per_year", "float", (),
     "Yearly change of GPU-hour prices (negative: they fall), compounding. [% per year] Default: 0."),
    ("start_month", "str", (),
     "Month the horizon starts (YYYY-MM): where model shutdowns fall; empty = this month. [YYYY-MM] "
     "Default: from the catalogue."),
    ("retirement_dates", "choice", ("confirmed", "reported"),
     "Which announced API model shutdowns are priced: confirmed (on the provider's own page) or reported "
     "(also earliest-possible dates and third-party reports). Default: confirmed."),
    ("migration_prompt_hours", "float", (),
     "Re-prompting when the API model shuts down and traffic moves to its successor. [hours per migration]"
     " Default: 20."),
    ("migration_eval_hours", "float", (),
     "Re-evaluating on the successor model when the API model shuts down. [hours per migration] Default: "
     "8."),
    ("typical_accuracy_prompting_pct", "float", (),
     "Prompting's accuracy when none was measured (prices wrong answers when they have a cost). [% of "
     "answers right] Default: 88.5."),
    ("typical_accuracy_fine_tuned_pct", "float", (),
     "A fine-tuned model's accuracy when none was measured. [% of answers right] Default: 95."),
    ("pe_prompt_hours", "float", (),
     "Initial prompt iteration effort. [hours] Default: 60."),
    ("eval_suite_hours", "float", (),
     "Building the evaluation suite (both paths need one). [hours] Default: 24."),
    ("pe_maintenance_hours_per_month", "float", (),
     "Prompt upkeep when models or behaviour change. [hours/month] Default: 4."),
    ("pe_monitoring_usd_per_month", "float", (),
     "Monitoring and prompt version management tooling. [USD/month] Default: 50."),
    ("static_prompt_pct", "float", (),
     "Share of each prompt that is the same on every call: the fine-tuned model no longer needs it, and "
     "the provider's prompt cache can serve it. [% of input tokens] Default: 60."),
    ("prompt_cache_hit_pct", "float", (),
     "Share of the static prompt tokens billed at the provider's cached-input price (used only when the "
     "catalogue has one). [% of the static prompt] Default: 50."),
    ("batch_share_pct", "float", (),
     "Queries sent through the provider's batch API. [% of queries] Default: 0."),
    ("batch_discount_pct", "float", (),
     "Batch discount, used only when the catalogue has no batch price. [% off standard] Default: 50."),
    ("pe_open_model_size", "choice", ("3b", "8b", "14b", "70b"),
     "On premise: the open model prompting would run on own GPUs; empty = model_size. Default: from the "
     "catalogue."),
    ("candidates", "str", (),
     "Paths to compare, comma-separated: path ids (prompt:gpt-4o-mini@api), 'adaptation:model' or a model "
     "name; a leading '+' adds to the built-in list instead of replacing it; empty = the built-in list. "
     "Default: from the catalogue."),
    ("ft_option", "str", (),
     "Pin the fine-tuning option: provider, serverless_lora, dedicated or flat, or an option id such as "
     "provider:gpt-4o-mini; empty = the cheapest feasible one. Default: from the catalogue."),
    ("ft_model", "str", (),
     "The provider model to fine-tune; empty = the API model and its smaller siblings. Default: from the "
     "catalogue."),
    ("model_size", "choice", ("3b", "8b", "14b", "70b"),
     "Open model size for serverless LoRA and dedicated GPUs. Default: 8b."),
    ("training_data", "choice", ("labelled", "distilled"),
     "labelled: people label the examples; distilled: the API model writes them and people review them. "
     "Default: from the catalogue."),
    ("ft_build_months", "int", (),
     "Months before the fine-tuned model is live; the traffic runs prompted meanwhile. [months] Default: "
     "2."),
    ("ft_prompt_baseline_pct", "float", (),
     "Share of the prompt development effort the fine-tuning path pays for its baseline. [% of prompt "
     "development] Default: 100."),
    ("serverless_lora_input_usd_per_mtok", "float", (),
     "Serverless LoRA: your host's per-token price for input tokens to a LoRA adapter; empty = the shipped"
     " host's price. [USD per 1M tokens] Default: from the catalogue."),
    ("serverless_lora_output_usd_per_mtok", "float", (),
     "Serverless LoRA: your host's per-token price for output tokens; empty = the shipped host's. [USD per"
     " 1M tokens] Default: from the catalogue."),
    ("ft_training_examples", "float", (),
     "Training examples. [examples] Default: 2000."),
    ("ft_label_hours_per_example", "float", (),
     "Labelled data: reviewer time per example. [hours/example] Default: 0.05."),
    ("ft_review_hours_per_example", "float", (),
     "Distilled data: reviewer time per generated example. [hours/example] Default: 0.01."),
    ("ft_data_prep_hours", "float", (),
     "Engineer time preparing the training data. [hours] Default: 40."),
    ("ft_pipeline_hours", "float", (),
     "Building and running the training pipeline. [hours] Default: 20."),
    ("ft_experiment_runs", "float", (),
     "Extra training runs before the final one. [training runs] Default: 2."),
    ("ft_epochs", "float", (),
     "Passes over the training set. [epochs] Default: 3."),
    ("ft_training_usd_per_mtok", "float", (),
     "Per-token training price; empty = the option's shipped price. [USD per 1M training tokens] Default: "
     "from the catalogue."),
    ("ft_training_mfu_pct", "float", (),
     "Dedicated GPUs: share of peak FLOPS a training run achieves (6 x params FLOPs per token). [% of "
     "dense BF16 FLOPS] Default: 35."),
    ("ft_training_overhead_gpu_hours", "float", (),
     "Dedicated GPUs: time per training run beyond the training FLOPs. [GPU-hours per run] Default: 1."),
    ("ft_flat_initial_usd", "float", (),
     "flat option: initial training (compute and data) as one sum. [USD] Default: 5000."),
    ("ft_flat_monthly_infra_usd", "float", (),
     "flat option: monthly fine-tuning infrastructure. [USD/month] Default: 2000."),
    ("gpu_type", "choice", ("l4", "a10g", "l40s", "a100-80gb", "h100-80gb", "h200"),
     "GPU type for dedicated serving and training (and on-premise prompting). Default: from the catalogue."),
    ("gpu_pricing", "choice", ("gpu_cloud", "hyperscaler", "reserved_1y", "spot"),
     "GPU price tier: gpu_cloud, hyperscaler (on demand), reserved_1y or spot. Default: gpu_cloud."),
    ("gpu_usd_per_hour", "float", (),
     "GPU rental price of the chosen GPU type; empty = the shipped price for the tier. [USD per GPU-hour] "
     "Default: from the catalogue."),
    ("prefill_tokens_per_s", "float", (),
     "Input tokens one replica of the fine-tuned model reads per second; empty = shipped figure. [tokens/s"
     " per replica] Default: from the catalogue."),
    ("decode_tokens_per_s", "float", (),
     "Output tokens one replica of the fine-tuned model writes per second; empty = shipped figure. "
     "[tokens/s per replica] Default: from the catalogue."),
    ("serving_precision", "choice", ("bf16", "fp8", "int4"),
     "Precision of self-hosted replicas: bf16, fp8 (weight-only where the GPU has no FP8 tensor cores) or "
     "int4 (AWQ weights); empty = FP8 where supported, else BF16. Default: from the catalogue."),
    ("min_user_output_tokens_per_s", "float", (),
     "Slowest output speed one user may see from a self-hosted replica (0 = no limit); the batch per "
     "replica is capped to meet it. [output tokens/s per user] Default: 20.0."),
    ("max_time_to_first_token_s", "float", (),
     "Longest wait for the first token from a self-hosted replica; empty = no limit. [s] Default: from the"
     " catalogue."),
    ("fleet", "choice", ("autoscaled", "fixed"),
     "autoscaled: replicas follow the daily traffic; fixed: sized for the peak hour, billed 24/7. Default:"
     " autoscaled."),
    ("traffic_profile", "file", (),
     "YAML or JSON file of 24 hourly traffic weights (hour 0 = midnight); default: the built-in daytime "
     "profile."),
    ("peak_to_average_ratio", "float", (),
     "Built-in profile: the 8 busy hours' rate over the daily average (at most 3). [x average rate] "
     "Default: 2."),
    ("gpu_utilisation_target_pct", "float", (),
     "Busy share of a replica at which another is added. [% of throughput] Default: 70."),
    ("autoscale_headroom_pct", "float", (),
     "Replicas kept above the need. [% of replicas] Default: 10."),
    ("min_replicas", "int", (),
     "Fewest replicas kept running at any hour. [replicas] Default: 1."),
    ("self_hosted_ops_fte", "float", (),
     "Share of an engineer (2,080 hours a year at the engineer rate) that runs a self-hosted fleet: "
     "on-call and upkeep, apart from model maintenance. [engineers] Default: 0.1."),
    ("self_hosted_overhead_usd_per_month", "float", (),
     "Infrastructure around self-hosted GPUs. [USD/month] Default: 150."),
    ("gpu_hosting", "choice", ("rented", "owned"),
     "rented: GPUs by the hour; owned: bought, with power, colocation and operators; empty = owned on "
     "premise, rented otherwise. Default: from the catalogue."),
    ("hardware_payment", "choice", ("spread", "upfront"),
     "Owned: spread the purchase over the hardware's life, or pay it up front when GPUs are bought (and "
     "again when they are replaced). Default: spread."),
    ("gpu_purchase_usd", "float", (),
     "Owned: purchase price of one GPU of the chosen type; empty = the shipped price. [USD per GPU] "
     "Default: from the catalogue."),
    ("server_share_pct", "float", (),
     "Owned: server, network and rack share added to each GPU's purchase price. [% of the GPU price] "
     "Default: 38."),
    ("hardware_life_years", "float", (),
     "Owned: years the purchase is spread over (straight line, replaced at the end). [years] Default: 4."),
    ("server_power_pct", "float", (),
     "Owned: power of CPUs, memory, network and fans on top of the GPUs' own. [% over the GPUs' power] "
     "Default: 35."),
    ("pue", "float", (),
     "Owned: power usage effectiveness of the data centre (cooling and losses on top of IT power). "
     "[facility kW per IT kW] Default: 1.54."),
    ("electricity_usd_per_kwh", "float", (),
     "Owned: electricity price. [USD/kWh] Default: 0.0862."),
    ("colocation_usd_per_kw_month", "float", (),
     "Owned: colocation (space, cooling, connectivity) per kW of IT load. [USD per kW per month] Default: "
     "184.06."),
    ("owned_ops_hours_per_month", "float", (),
     "Owned: engineer time on the hardware (parts, firmware, racking), per fleet, on top of the fleet's "
     "operations. [hours/month] Default: 8."),
    ("ft_retrain_every_months", "int", (),
     "Months between retraining cycles from go-live (0 = never). [months] Default: 3."),
    ("ft_retrain_data_hours", "float", (),
     "Engineer time refreshing the data each cycle. [hours per cycle] Default: 8."),
    ("ft_retrain_new_examples_pct", "float", (),
     "New examples labelled or generated each cycle. [% of the training set] Default: 25."),
    ("ft_retrain_eval_hours", "float", (),
     "Evaluating the retrained model. [hours per cycle] Default: 4."),
    ("ft_deploy_hours", "float", (),
     "Deploying each retrained model. [hours per cycle] Default: 2."),
    ("ft_retrain_cost_pct", "float", (),
     "Override: each cycle as a share of the initial cost; empty = priced bottom-up. [% of initial "
     "fine-tuning cost] Default: from the catalogue."),
    ("ft_retrain_cost_usd", "float", (),
     "Override: each cycle as one sum; empty = priced bottom-up. [USD per cycle] Default: from the "
     "catalogue."),
    ("ft_maintenance_hours_per_month", "float", (),
     "Model upkeep beyond retraining. [hours/month] Default: 8."),
    ("ft_monitoring_usd_per_month", "float", (),
     "Monitoring of the fine-tuned model. [USD/month] Default: 100."),
)
