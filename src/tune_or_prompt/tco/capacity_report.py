"""What one replica of an open model on a GPU type delivers for a workload, and what a fleet of them costs.

The ``capacity`` command's core. The replica comes from
:meth:`~tune_or_prompt.pricing.hardware.Hardware.serving_of` and the fleet
from :class:`~.fleet.Fleet` with the cost model's defaults (traffic profile,
utilisation target, head-room, fewest replicas), so the figures are the ones
``tco`` and ``advise`` price.
"""

from __future__ import annotations

from typing import Any

from tune_or_prompt.checks import MAX_QUERIES_PER_MONTH, MAX_TOKENS_PER_QUERY
from tune_or_prompt.errors import UserError
from tune_or_prompt.pricing.capacity import PRECISION_LABELS, Precision, Shape
from tune_or_prompt.pricing.hardware import GPU_PRICING, PRICING_LABELS, Gpu, Hardware, OpenModel, hardware
from tune_or_prompt.tco.assumptions import Assumptions


def _model(hw: Hardware, name: str) -> OpenModel:
    key = name.strip().lower()
    for m in hw.models.values():
        if key in (m.id, m.size, m.name.lower()):
            return m
    known = ", ".join(f"{m.id} ({m.size})" for m in hw.models.values())
    raise UserError(f"--model: unknown open model {name!r}; known: {known}")


def _gpu(hw: Hardware, name: str) -> Gpu:
    """Return a GPU type by id, or by the start of one when only one id starts so (``h100``)."""
    key = name.strip().lower()
    if key in hw.gpus:
        return hw.gpus[key]
    starts = [g for g in hw.gpus.values() if g.id.startswith(key)]
    if len(starts) == 1:
        return starts[0]
    raise UserError(f"--gpu: unknown GPU type {name!r}; known: {', '.join(hw.gpus)}")


def _bounded(name: str, value: float, low: float, high: float) -> float:
    if not low <= value <= high:  # also false for NaN
        raise UserError(f"{name}: {value:g} is out of range; give a number from {low:g} to {high:g}")
    return value


def capacity_report(*, model: str, gpu: str, input_tokens: float, output_tokens: float,
                    precision: Precision | None = None, min_user_output_tokens_per_s: float | None = None,
                    max_time_to_first_token_s: float | None = None,
                    queries_per_month: float | None = None) -> dict[str, Any]:
    """Return one replica's capacity for the workload and, with a volume, the fleet at the peak hour and its cost.

    Raises:
        UserError: an unknown model or GPU type, or a number out of range.

    """
    hw = hardware()
    m, g = _model(hw, model), _gpu(hw, gpu)
    defaults = Assumptions()
    target = (defaults.min_user_output_tokens_per_s if min_user_output_tokens_per_s is None
              else _bounded("--min-user-output-tokens-per-s", min_user_output_tokens_per_s, 0, 10_000))
    if max_time_to_first_token_s is not None:
        _bounded("--max-time-to-first-token-s", max_time_to_first_token_s, 1e-3, 3_600)
    shape = Shape(_bounded("--input-tokens", input_tokens, 0, MAX_TOKENS_PER_QUERY),
                  _bounded("--output-tokens", output_tokens, 1, MAX_TOKENS_PER_QUERY),
                  precision, target, max_time_to_first_token_s)
    served = hw.serving_of(m.size, g.id, shape)
    prefill = served.prefill_tokens_per_s.value if served.prefill_tokens_per_s else 0.0
    decode = served.decode_tokens_per_s.value if served.decode_tokens_per_s else 0.0
    seconds = shape.input_tokens / prefill + shape.output_tokens / decode if served.fits else 0.0
    report: dict[str, Any] = {
        "model": m.id,
        "gpu": g.id,
        "precision": served.precision,
        "precision_label": PRECISION_LABELS[served.precision],
        "gpus_per_replica": served.gpus_per_replica,
        "input_tokens": shape.input_tokens,
        "output_tokens": shape.output_tokens,
        "min_user_output_tokens_per_s": target,
        "max_time_to_first_token_s": max_time_to_first_token_s,
        "meets_latency_target": served.available,
        "reason": served.reason if served.fits else f"{m.name} does not fit on {g.max_gpus_per_replica} {g.name}",
        "max_concurrent_sequences": served.batch,
        "prefill_tokens_per_s": prefill,
        "decode_tokens_per_s": decode,
        "output_tokens_per_s": shape.output_tokens / seconds if seconds else 0.0,
        "user_output_tokens_per_s": served.user_output_tokens_per_s,
        "time_to_first_token_s": served.time_to_first_token_s,
        "seconds_per_query": seconds,
        "source": served.prefill_tokens_per_s.source if served.prefill_tokens_per_s else g.spec_source,
    }
    if queries_per_month is not None:
        q = _bounded("--queries-per-month", queries_per_month, 0, MAX_QUERIES_PER_MONTH)
        report["queries_per_month"] = q
        report["fleet"] = _fleet(g, served.gpus_per_replica, seconds, q, defaults) if served.available else None
    return report


def _fleet(gpu: Gpu, gpus: int, seconds: float, queries: float, a: Assumptions) -> dict[str, Any]:
    """Replicas at the peak hour and the monthly bill per price tier, as the cost model's fleet works them out."""
    import numpy as np

    from tune_or_prompt.tco.fleet import Fleet, builtin_profile

    weights, counts = builtin_profile(np.array([a.peak_to_average_ratio]))
    one = np.ones(1)
    fleet = Fleet(seconds_per_query=one * seconds, usd_per_replica_hour=one * gpus, gpus_per_replica=one * gpus,
                  minimum=one * a.min_replicas, utilisation=one * a.gpu_utilisation_target_pct / 100,
                  headroom=one * a.autoscale_headroom_pct / 100, weights=weights, counts=counts, fixed=False)
    hours, peak = fleet.replica_hours(np.array([[queries]]))
    gpu_hours = float(hours[0, 0]) * gpus
    return {
        "peak_replicas": int(peak[0, 0]),
        "gpu_hours_per_month": gpu_hours,
        "monthly_cost_usd": {tier: gpu_hours * gpu.prices[tier].value for tier in GPU_PRICING},
        "price_usd_per_gpu_hour": {tier: gpu.prices[tier].value for tier in GPU_PRICING},
        "tiers": {tier: PRICING_LABELS[tier] for tier in GPU_PRICING},
        "assumptions": (f"built-in traffic profile: 8 busy hours at {a.peak_to_average_ratio:g}x the average; "
                        f"replicas added at {a.gpu_utilisation_target_pct:g}% busy with "
                        f"{a.autoscale_headroom_pct:g}% head-room; at least {a.min_replicas} running; autoscaled"),
    }
