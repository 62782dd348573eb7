"""Serving capacity of one replica of an open model on a GPU type, for one workload.

The cost model and the ``capacity`` command both call :func:`capacity`; no
other code sizes a replica. It is a roofline, simple enough to check by
hand, with efficiencies fitted to public benchmark runs (the table in
``tests/pricing/test_capacity_benchmarks.py`` holds it within 0.6x-1.5x of
each):

* **Precision.** ``bf16`` weights and KV cache; ``fp8`` weights,
  activations and KV cache (W8A8) on GPUs with FP8 tensor cores (Ada: L4,
  L40S; Hopper: H100, H200), weight-only FP8 with a BF16 KV cache elsewhere
  (vLLM's FP8 page: https://docs.vllm.ai/en/latest/features/quantization/fp8.html,
  read 2026-12-07); ``int4`` weights (AWQ, group size 128: 4.25 bits a
  weight) with BF16 activations and KV cache. The default is FP8 where the
  GPU has FP8 tensor cores and BF16 elsewhere: NVIDIA's TensorRT-LLM
  performance overview and its NIM profiles serve Llama in FP8 on Hopper,
  and FP8 Llama keeps about 99% of its BF16 scores (Neural Magic's
  Meta-Llama-3.1-8B-Instruct-FP8 model card, 2024).
* **Memory.** A replica uses the fewest of 1, 2, 4 or 8 GPUs whose usable
  memory (:data:`MEMORY_USABLE`, vLLM's default ``gpu_memory_utilization``)
  holds the weights with at least :data:`KV_RESERVE` of it left for the KV
  cache. Each sequence in flight holds the KV cache of its whole context,
  the workload's input plus output tokens, so a longer prompt leaves room
  for fewer sequences (at most :data:`MAX_BATCH`).
* **Prefill** is compute-bound: ``2 x params`` FLOPs a token at
  :data:`PREFILL_MFU` of the replica's dense tensor FLOPS in its precision.
* **Decode** is memory-bound: each step reads the weights and every
  sequence's KV cache (on average input + output / 2 tokens) once, at
  :data:`BANDWIDTH_EFFICIENCY` of the memory bandwidth, and emits one token
  per sequence; a step never runs faster than its FLOPs allow
  (:data:`DECODE_MFU`).
* A query takes ``input / prefill + output / decode`` seconds of replica
  time. With ``B`` sequences in flight a query stays ``B`` times that in the
  replica (Little's law), so each user sees its output tokens at
  ``output / (B x seconds per query - input / prefill)`` tokens a second.
  The batch is the largest that keeps this at or above the latency target;
  a replica that misses it even alone is unavailable, with the reason.
* The time to first token is the prompt's prefill at the replica's full
  compute (a floor: queueing behind other prompts adds to it).
* Tensor parallelism loses :data:`TP_EFFICIENCY` per doubling of GPUs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Precision = Literal["bf16", "fp8", "int4"]
PRECISIONS: tuple[Precision, ...] = ("bf16", "fp8", "int4")
PRECISION_LABELS: dict[str, str] = {
    "bf16": "BF16 weights and KV cache",
    "fp8": "FP8 weights, activations and KV cache",
    "fp8-weights": "FP8 weights (weight-only: no FP8 tensor cores), BF16 KV cache",
    "int4": "INT4 (AWQ) weights, BF16 activations and KV cache",
}

MEMORY_USABLE = 0.9
KV_RESERVE = 0.2
PREFILL_MFU = 0.5
DECODE_MFU = 0.5
BANDWIDTH_EFFICIENCY = 0.7
TP_EFFICIENCY = 0.9
MAX_BATCH = 512
REPLICA_SIZES = (1, 2, 4, 8)
RANGE_LOW = 0.6
RANGE_HIGH = 1.5
INT4_BYTES_PER_PARAM = 4.25 / 8  # 4-bit weights plus a 16-bit scale and zero per group of 128

MIN_USER_OUTPUT_TOKENS_PER_S = 20.0
"""Default latency target. MLPerf Inference's interactive Llama-3.1-8B scenario allows a 30 ms time per
output token (33 tokens/s a user) and its server scenario 100 ms (10 tokens/s) (mlcommons/inference,
loadgen/mlperf.conf); Databricks calls 10 tokens/s faster than most people read ("Conduct your own LLM
endpoint benchmarking", docs.databricks.com). 20 tokens/s sits between the two MLPerf limits."""

MIN_USER_OUTPUT_SOURCE = (
    "tune-or-prompt estimate between MLPerf Inference's Llama-3.1-8B limits: 10 tokens/s a user (server, "
    "100 ms a token) and 33 tokens/s (interactive, 30 ms) (https://github.com/mlcommons/inference, "
    "loadgen/mlperf.conf, read 2026-12-07); Databricks: 10 tokens/s is faster than most people read "
    "(https://docs.databricks.com/en/machine-learning/foundation-model-apis/prov-throughput-run-benchmark.html, "
    "read 2026-12-07); range 10-33"
)

EFFICIENCY_SOURCE = (
    f"tune-or-prompt estimate: memory bandwidth used at {BANDWIDTH_EFFICIENCY:.0%} of peak and tensor FLOPS "
    f"at {PREFILL_MFU:.0%}, fitted to 18 public runs (TensorRT-LLM performance overview, "
    "https://nvidia.github.io/TensorRT-LLM/performance/perf-overview.html, 2025: Llama-3.1-8B and "
    "Llama-3.3-70B in FP8 on H100 and H200 at 128 to 5,000 input tokens; vLLM and SGLang on H100, "
    "https://github.com/LambdaLabsML/vllm-benchmark, 2024-09, and https://research.aimultiple.com/inference-engines, "
    f"read 2026-12-01); each run lands within x{RANGE_LOW:g}-x{RANGE_HIGH:g} of the model, the range given"
)


@dataclass(frozen=True)
class GpuSpec:
    """What the roofline needs of a GPU type (datasheet figures; ``fp8_tflops`` 0 without FP8 tensor cores)."""

    memory_gb: float
    bandwidth_gb_s: float
    bf16_tflops: float
    fp8_tflops: float
    max_gpus_per_replica: int

    @property
    def default_precision(self) -> Precision:
        """FP8 where the GPU has FP8 tensor cores, else BF16."""
        return "fp8" if self.fp8_tflops > 0 else "bf16"


@dataclass(frozen=True)
class ModelSpec:
    """What the roofline needs of an open model (its config)."""

    params_b: float
    layers: int
    kv_heads: int
    head_dim: int


@dataclass(frozen=True)
class Shape:
    """What the workload asks of a replica.

    Attributes:
        input_tokens: Prompt tokens a query.
        output_tokens: Output tokens a query.
        precision: The replica's precision; None for the GPU's default.
        min_user_output_tokens_per_s: The slowest output speed a user may see (0: no limit).
        max_time_to_first_token_s: The longest wait for the first token, or None for no limit.

    """

    input_tokens: float
    output_tokens: float
    precision: Precision | None = None
    min_user_output_tokens_per_s: float = MIN_USER_OUTPUT_TOKENS_PER_S
    max_time_to_first_token_s: float | None = None


DEFAULT_SHAPE = Shape(2000.0, 500.0)


@dataclass(frozen=True)
class Capacity:
    """One replica's serving capacity for one workload shape.

    Attributes:
        gpus: GPUs in a replica (0 when the weights fit on none).
        precision: The precision served (``fp8-weights`` for weight-only FP8).
        available: Whether the replica holds the model and meets the latency target.
        reason: Why not, when not available.
        batch: Sequences in flight.
        memory_batch: Sequences the KV memory holds (the batch before the latency cap).
        prefill_tokens_per_s: Prompt tokens read a second while prefilling.
        decode_tokens_per_s: Output tokens written a second at ``batch`` sequences.
        seconds_per_query: Replica-seconds a query takes.
        output_tokens_per_s: Output tokens a second over a stream of queries (prefill included), as
            benchmarks report it.
        user_output_tokens_per_s: Output speed each user sees.
        time_to_first_token_s: The prompt's prefill time (a floor).

    """

    gpus: int
    precision: str
    available: bool
    reason: str
    batch: int
    memory_batch: int
    prefill_tokens_per_s: float
    decode_tokens_per_s: float
    seconds_per_query: float
    output_tokens_per_s: float
    user_output_tokens_per_s: float
    time_to_first_token_s: float


def _bytes(gpu: GpuSpec, precision: Precision) -> tuple[float, float, float, str]:
    """Return (bytes a weight, bytes a KV value, tensor TFLOPS, label) of ``precision`` on ``gpu``."""
    if precision == "fp8":
        if gpu.fp8_tflops > 0:
            return 1.0, 1.0, gpu.fp8_tflops, "fp8"
        return 1.0, 2.0, gpu.bf16_tflops, "fp8-weights"
    if precision == "int4":
        return INT4_BYTES_PER_PARAM, 2.0, gpu.bf16_tflops, "int4"
    return 2.0, 2.0, gpu.bf16_tflops, "bf16"


def replica_gpus(gpu: GpuSpec, model: ModelSpec, precision: Precision | None = None) -> int:
    """Return the fewest GPUs (1, 2, 4 or 8, up to the type's limit) that hold the model, 0 if none do."""
    weight = model.params_b * 1e9 * _bytes(gpu, precision or gpu.default_precision)[0]
    for n in REPLICA_SIZES:
        if n > gpu.max_gpus_per_replica:
            break
        if weight <= n * gpu.memory_gb * 1e9 * MEMORY_USABLE * (1 - KV_RESERVE):
            return n
    return 0


def capacity(gpu: GpuSpec, model: ModelSpec, shape: Shape) -> Capacity:
    """Return what one replica of ``model`` on ``gpu`` delivers for ``shape``."""
    precision = shape.precision or gpu.default_precision
    w_bytes, kv_bytes, tflops, label = _bytes(gpu, precision)
    n = replica_gpus(gpu, model, precision)
    if n == 0:
        why = f"the {label} weights do not fit on {gpu.max_gpus_per_replica} GPUs"
        return Capacity(0, label, False, why, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    tin, tout = max(shape.input_tokens, 0.0), max(shape.output_tokens, 1.0)
    tp: float = TP_EFFICIENCY ** math.log2(n)
    flops = n * tflops * 1e12 * tp
    flops_per_token = 2 * model.params_b * 1e9
    prefill = flops * PREFILL_MFU / flops_per_token
    weights = model.params_b * 1e9 * w_bytes
    kv_per_token = 2.0 * model.layers * model.kv_heads * model.head_dim * kv_bytes
    kv_room = n * gpu.memory_gb * 1e9 * MEMORY_USABLE - weights
    memory_batch = max(1, min(MAX_BATCH, math.floor(kv_room / ((tin + tout) * kv_per_token))))
    bandwidth = n * gpu.bandwidth_gb_s * 1e9 * BANDWIDTH_EFFICIENCY * tp
    read_per_sequence = (tin + tout / 2) * kv_per_token
    ttft = tin / prefill

    def step(b: int) -> float:
        return max((weights + b * read_per_sequence) / bandwidth, b * flops_per_token / (flops * DECODE_MFU))

    def user_speed(b: int) -> float:
        # In the replica for b x (tin/prefill + tout x step/b) seconds, of which ttft before the first token.
        return tout / ((b - 1) * ttft + tout * step(b))

    target = shape.min_user_output_tokens_per_s
    reasons = []
    if kv_room < (tin + tout) * kv_per_token:
        reasons.append(f"one sequence of {tin + tout:,.0f} tokens needs {(tin + tout) * kv_per_token / 1e9:.1f} GB "
                       f"of KV cache; {kv_room / 1e9:.1f} GB is left beside the weights")
    if shape.max_time_to_first_token_s is not None and ttft > shape.max_time_to_first_token_s:
        reasons.append(f"the first token takes {ttft:.2f} s, over the {shape.max_time_to_first_token_s:g} s limit")
    batch = memory_batch
    if target > 0 and user_speed(memory_batch) < target:
        if user_speed(1) < target:
            reasons.append(f"even one sequence at a time writes {user_speed(1):.1f} output tokens/s, "
                           f"under the {target:g} tokens/s a user needs")
        lo, hi = 1, memory_batch  # user_speed(lo) >= target > user_speed(hi)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if user_speed(mid) >= target else (lo, mid)
        batch = lo
    decode = batch / step(batch)
    seconds = ttft + tout / decode
    return Capacity(n, label, not reasons, "; ".join(reasons), batch, memory_batch, prefill, decode, seconds,
                    tout / seconds, user_speed(batch), ttft)
