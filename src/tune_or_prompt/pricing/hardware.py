"""Shipped hardware figures: GPU types and their rental prices, open models, serving capacity.

``hardware.json`` beside this module holds, each figure with a source and a
date, the GPU types (datasheet memory, bandwidth, dense BF16 and FP8 FLOPS)
with a rental price per pricing tier, and the open models the cost model can
fine-tune and serve (parameters and the config figures that size the KV
cache). The serving capacity of a model on a GPU type depends on the
workload (its context, the precision, the latency target) and is worked out
by :mod:`.capacity` for each: :meth:`Hardware.serving_of`.

A replica of model M on GPU type G serves a query of I input and O output
tokens in ``I / prefill + O / decode`` seconds of replica time.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr

from tune_or_prompt.errors import UserError
from tune_or_prompt.pricing.capacity import (
    DEFAULT_SHAPE,
    EFFICIENCY_SOURCE,
    PRECISION_LABELS,
    RANGE_HIGH,
    RANGE_LOW,
    GpuSpec,
    ModelSpec,
    Shape,
    capacity,
)

_HERE = Path(__file__).parent

GpuPricing = Literal["gpu_cloud", "hyperscaler", "reserved_1y", "spot"]
GPU_PRICING: tuple[GpuPricing, ...] = ("gpu_cloud", "hyperscaler", "reserved_1y", "spot")
PRICING_LABELS: dict[str, str] = {
    "gpu_cloud": "on demand at a GPU cloud",
    "hyperscaler": "on demand at a hyperscaler",
    "reserved_1y": "one-year reservation",
    "spot": "spot (interruptible)",
}


class Figure(BaseModel):
    """A shipped figure: its value, the low..high range of the market, its unit, source and date."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float
    low: float
    high: float
    unit: str
    source: str
    as_of: str


class Gpu(BaseModel):
    """A GPU type: datasheet figures and a rental price per tier (USD per GPU-hour)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    memory_gb: float
    bandwidth_gb_s: float
    bf16_tflops: float
    fp8_tflops: float
    max_gpus_per_replica: int
    spec_source: str
    prices: dict[GpuPricing, Figure]

    @property
    def spec(self) -> GpuSpec:
        """The figures the roofline reads."""
        return GpuSpec(self.memory_gb, self.bandwidth_gb_s, self.bf16_tflops, self.fp8_tflops,
                       self.max_gpus_per_replica)


class OpenModel(BaseModel):
    """An open model the cost model can fine-tune (a LoRA) and serve, named by its size class."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    size: str
    id: str
    name: str
    params_b: float
    layers: int
    kv_heads: int
    head_dim: int
    source: str

    @property
    def spec(self) -> ModelSpec:
        """The figures the roofline reads."""
        return ModelSpec(self.params_b, self.layers, self.kv_heads, self.head_dim)


class Serving(BaseModel):
    """One replica of an open model on a GPU type for one workload: how many GPUs, and how fast.

    ``fits`` says whether the weights fit at all; ``available`` also asks the
    latency target to be met, and ``reason`` says why not.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str
    gpu: str
    fits: bool
    available: bool
    reason: str
    precision: str
    gpus_per_replica: int
    batch: int
    user_output_tokens_per_s: float
    time_to_first_token_s: float
    prefill_tokens_per_s: Figure | None
    decode_tokens_per_s: Figure | None


_SERVINGS_KEPT = 8192  # sizings remembered (a few MB); memory stays flat over any portfolio


class Hardware(BaseModel):
    """Everything in the hardware files, indexed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    gpus: dict[str, Gpu]
    models: dict[str, OpenModel]  # by size class: 3b, 8b, 14b, 70b
    # Each model, GPU type and shape sized once: a portfolio asks for the same shapes again and again.
    _servings: dict[tuple[str, str, Shape], Serving] = PrivateAttr(default_factory=dict)

    def gpu(self, gpu_id: str) -> Gpu:
        """Return a GPU type by id.

        Raises:
            UserError: unknown id, listing the known ones.

        """
        if gpu_id not in self.gpus:
            raise UserError(f"gpu_type: unknown GPU type {gpu_id!r}; known: {', '.join(self.gpus)}")
        return self.gpus[gpu_id]

    def model(self, size: str) -> OpenModel:
        """Return an open model by size class.

        Raises:
            UserError: unknown size, listing the known ones.

        """
        if size not in self.models:
            raise UserError(f"model_size: unknown open model size {size!r}; known: {', '.join(self.models)}")
        return self.models[size]

    def serving_of(self, size: str, gpu_id: str, shape: Shape = DEFAULT_SHAPE) -> Serving:
        """Return the serving capacity of model ``size`` on ``gpu_id`` for the workload ``shape``."""
        key = (size, gpu_id, shape)
        found = self._servings.get(key)
        if found is None:
            if len(self._servings) >= _SERVINGS_KEPT:
                self._servings.clear()
            found = self._servings[key] = _serving(self.model(size), self.gpu(gpu_id), shape)
        return found

    def fitting_gpus(self, size: str, shape: Shape = DEFAULT_SHAPE) -> list[str]:
        """Return the GPU types a replica of model ``size`` is available on for ``shape``, in catalogue order."""
        return [g for g in self.gpus if self.serving_of(size, g, shape).available]


def _serving(model: OpenModel, gpu: Gpu, shape: Shape) -> Serving:
    cap = capacity(gpu.spec, model.spec, shape)
    fits = cap.gpus > 0
    rates: dict[str, Figure | None] = {"prefill_tokens_per_s": None, "decode_tokens_per_s": None}
    if fits:
        plural = "s" if cap.batch != 1 else ""
        source = (f"{EFFICIENCY_SOURCE}; {cap.gpus} GPU{'s' if cap.gpus > 1 else ''} per replica, "
                  f"{PRECISION_LABELS[cap.precision]}, {cap.batch} sequence{plural} of {shape.input_tokens:,.0f} "
                  f"input and {shape.output_tokens:,.0f} output tokens in flight; on the {gpu.spec_source} and "
                  f"the {model.source}")
        for key, rate in (("prefill_tokens_per_s", cap.prefill_tokens_per_s),
                          ("decode_tokens_per_s", cap.decode_tokens_per_s)):
            rates[key] = Figure(value=rate, low=rate * RANGE_LOW, high=rate * RANGE_HIGH,
                                unit="tokens/s per replica", source=source, as_of="2026-12-07")
    return Serving(model=model.size, gpu=gpu.id, fits=fits, available=cap.available, reason=cap.reason,
                   precision=cap.precision, gpus_per_replica=cap.gpus, batch=cap.batch,
                   user_output_tokens_per_s=cap.user_output_tokens_per_s,
                   time_to_first_token_s=cap.time_to_first_token_s, **rates)


def _read(name: str) -> dict[str, object]:
    data = json.loads((_HERE / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@cache
def hardware() -> Hardware:
    """Return the shipped hardware catalogue (read once per process)."""
    raw = _read("hardware.json")
    gpus = {g["id"]: Gpu(**g) for g in raw["gpus"]}  # type: ignore[attr-defined]
    models = {m["size"]: OpenModel(**m) for m in raw["open_models"]}  # type: ignore[attr-defined]
    return Hardware(gpus=gpus, models=models)
