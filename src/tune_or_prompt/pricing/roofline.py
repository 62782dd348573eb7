"""Serving capacity of an open model on a GPU type, derived from the roofline.

Few public benchmarks cover every GPU and model size the cost model offers,
and the ones that exist differ in engine, precision and workload. So the
shipped capacity figures (``serving_capacity.json``) are derived here, the
same way for every pair, from datasheet figures (memory, memory bandwidth,
dense BF16 tensor FLOPS) and model facts (parameters, layers, KV heads), and
the public benchmarks serve as cross-checks in each figure's range. The
arithmetic is simple enough to check by hand:

* **Weights** take ``2 x params`` bytes (BF16). A replica uses the fewest of
  1, 2, 4 or 8 GPUs (up to the type's limit) whose usable memory
  (:data:`MEMORY_USABLE` of the total, as vLLM reserves by default) holds the
  weights with at least :data:`KV_RESERVE` of it left for the KV cache.
* **Prefill** is compute-bound: ``2 x params`` FLOPs per token at
  :data:`PREFILL_MFU` of the replica's dense BF16 FLOPS.
* **Decode** is memory-bound: each step reads the weights and every running
  sequence's KV cache once and emits one token per sequence. The batch is as
  many sequences of :data:`CONTEXT_TOKENS` tokens as the KV memory holds, at
  most :data:`MAX_BATCH`; bandwidth is used at :data:`BANDWIDTH_EFFICIENCY`.
  A step never runs faster than its FLOPs allow.
* Tensor parallelism loses :data:`TP_EFFICIENCY` per doubling of GPUs.

The efficiencies are set so that Llama-3.1-8B on one H100 and one A100 lands
on the middle of the published vLLM figures (see the sources in the data
file); engines with FP8 and kernel fusion (TensorRT-LLM) reach about twice
this, which the high end of each range allows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MEMORY_USABLE = 0.9
KV_RESERVE = 0.2
PREFILL_MFU = 0.6
BANDWIDTH_EFFICIENCY = 0.6
DECODE_MFU = 0.6
TP_EFFICIENCY = 0.9
CONTEXT_TOKENS = 2048
MAX_BATCH = 256
BYTES_PER_PARAM = 2  # BF16 weights and KV cache
REPLICA_SIZES = (1, 2, 4, 8)
RANGE_LOW = 0.5
RANGE_HIGH = 2.0

ASSUMPTIONS_TEXT = (
    f"roofline: BF16 weights and KV cache, {MEMORY_USABLE:.0%} of memory usable with at least "
    f"{KV_RESERVE:.0%} of it for the KV cache, prefill at {PREFILL_MFU:.0%} of dense BF16 FLOPS, decode at "
    f"{BANDWIDTH_EFFICIENCY:.0%} of memory bandwidth with up to {MAX_BATCH} sequences of {CONTEXT_TOKENS:,} "
    f"tokens, {TP_EFFICIENCY:.0%} tensor-parallel efficiency per doubling of GPUs"
)


@dataclass(frozen=True)
class GpuSpec:
    """What the roofline needs of a GPU type (datasheet figures)."""

    memory_gb: float
    bandwidth_gb_s: float
    bf16_tflops: float
    max_gpus_per_replica: int


@dataclass(frozen=True)
class ModelSpec:
    """What the roofline needs of an open model (its config)."""

    params_b: float
    layers: int
    kv_heads: int
    head_dim: int

    @property
    def weight_bytes(self) -> float:
        """Bytes of the BF16 weights."""
        return self.params_b * 1e9 * BYTES_PER_PARAM

    @property
    def kv_bytes_per_token(self) -> float:
        """Bytes of KV cache per token: keys and values, every layer, every KV head."""
        return 2.0 * self.layers * self.kv_heads * self.head_dim * BYTES_PER_PARAM


@dataclass(frozen=True)
class Capacity:
    """One replica's serving capacity (``gpus`` is 0 and the rates 0 when the model does not fit)."""

    gpus: int
    fits: bool
    batch: int
    prefill_tokens_per_s: float
    decode_tokens_per_s: float


def replica_gpus(gpu: GpuSpec, model: ModelSpec) -> int:
    """Return the fewest GPUs (1, 2, 4 or 8, up to the type's limit) that hold the model, 0 if none do."""
    for n in REPLICA_SIZES:
        if n > gpu.max_gpus_per_replica:
            break
        usable = n * gpu.memory_gb * 1e9 * MEMORY_USABLE
        if model.weight_bytes <= usable * (1 - KV_RESERVE):
            return n
    return 0


def capacity(gpu: GpuSpec, model: ModelSpec) -> Capacity:
    """Return the prefill and decode rates of one replica of ``model`` on ``gpu``."""
    n = replica_gpus(gpu, model)
    if n == 0:
        return Capacity(0, False, 0, 0.0, 0.0)
    tp = TP_EFFICIENCY ** math.log2(n)
    flops = n * gpu.bf16_tflops * 1e12 * tp
    prefill = flops * PREFILL_MFU / (2 * model.params_b * 1e9)
    kv_room = n * gpu.memory_gb * 1e9 * MEMORY_USABLE - model.weight_bytes
    per_sequence = CONTEXT_TOKENS * model.kv_bytes_per_token
    batch = max(1, min(MAX_BATCH, math.floor(kv_room / per_sequence)))
    bandwidth = n * gpu.bandwidth_gb_s * 1e9 * BANDWIDTH_EFFICIENCY * tp
    memory_time = (model.weight_bytes + batch * per_sequence) / bandwidth
    compute_time = batch * 2 * model.params_b * 1e9 / (flops * DECODE_MFU)
    decode = batch / max(memory_time, compute_time)
    return Capacity(n, True, batch, prefill, decode)


def _sig3(x: float) -> float:
    """Round to three significant figures (the data file's precision)."""
    if x == 0:
        return 0.0
    return float(f"{x:.3g}")


CROSS_CHECK = (
    "cross-check: vLLM serves Llama-3.1-8B on one H100 at about 5,700 output tokens/s on ShareGPT prompts "
    "(https://github.com/LambdaLabsML/vllm-benchmark, 2024-09) and TensorRT-LLM with FP8 at 15,220 output "
    "tokens/s at 1,000/1,000 tokens (https://nvidia.github.io/TensorRT-LLM/performance/perf-overview.html, 2025)"
)


def serving_entry(gpu_id: str, gpu_source: str, gpu: GpuSpec, size: str, model_source: str,
                  model: ModelSpec) -> dict[str, object]:
    """Return one entry of ``serving_capacity.json``: the derived capacity with its range and source."""
    cap = capacity(gpu, model)
    entry: dict[str, object] = {"model": size, "gpu": gpu_id, "fits": cap.fits, "gpus_per_replica": cap.gpus}
    if not cap.fits:
        entry["prefill_tokens_per_s"] = entry["decode_tokens_per_s"] = None
        return entry
    source = (f"tune-or-prompt estimate from the roofline ({cap.gpus} GPU{'s' if cap.gpus > 1 else ''} per replica, "
              f"batch {cap.batch}; {ASSUMPTIONS_TEXT}) on {gpu_source} and the {model_source}; "
              f"range x{RANGE_LOW:g} to x{RANGE_HIGH:g}: engines and precisions differ; {CROSS_CHECK}")
    for key, rate in (("prefill_tokens_per_s", cap.prefill_tokens_per_s),
                      ("decode_tokens_per_s", cap.decode_tokens_per_s)):
        value = _sig3(rate)
        entry[key] = {"value": value, "low": _sig3(value * RANGE_LOW), "high": _sig3(value * RANGE_HIGH),
                      "unit": "tokens/s per replica", "source": source, "as_of": "2026-12-01"}
    return entry
