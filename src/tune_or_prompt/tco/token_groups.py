"""Workloads whose tokens differ, priced under one context.

A workload's input and output tokens decide two kinds of things in its
resolved :class:`~.resolve.Context` and its headline prompting paths
(:func:`~.pricing_run.headline_contexts`):

* **discrete** ones: which GPU types a model is available on at the latency
  target, so which dedicated options are feasible and which GPU types
  prompting may run on; which serverless host is cheapest for the tokens,
  so at what price a serverless path or LoRA option serves;
* **rates**: the prefill and decode tokens a second each replica reaches
  (:func:`~.resolve.serving_values`), which the one cost model reads as
  parameter values.

Workloads whose tokens decide the same discrete things (the same
:func:`structure`) are priced together under one of their contexts, with
each one's own rates (:func:`rates`, stacked row by row with
:func:`stack`), the tokens themselves being row values already. The result
is each workload's own figures: every other part of a context is the same
whatever the tokens.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from tune_or_prompt.tco.fleet import FloatArray
from tune_or_prompt.tco.options import Option
from tune_or_prompt.tco.outcomes import IntArray
from tune_or_prompt.tco.quality import Accuracy
from tune_or_prompt.tco.resolve import ApiPrices, Context, serving_values


@dataclass(frozen=True)
class Rates:
    """Serving rates by parameter name: one number each (one workload) or one array entry per workload.

    Attributes:
        heads: Per headline prompting context (in order): prompting's rates on its GPUs (empty off GPUs).
        options: Per candidate fine-tuning option (in order): its replica's rates (empty without a fleet).

    """

    heads: list[dict[str, float]]
    options: list[dict[str, float]]


@dataclass(frozen=True)
class RowRates:
    """:class:`Rates` of many workloads, one array entry per workload."""

    heads: list[dict[str, FloatArray]]
    options: list[dict[str, FloatArray]]

    def take(self, rows: IntArray) -> RowRates:
        """Return the rates of ``rows`` alone."""
        return RowRates([{k: v[rows] for k, v in d.items()} for d in self.heads],
                        [{k: v[rows] for k, v in d.items()} for d in self.options])


def _api(api: ApiPrices | None) -> Hashable:
    if api is None:
        return None
    return (api.input, api.output, api.cached_input, api.batch_input, api.batch_output, api.source)


def _option(o: Option) -> Hashable:
    served = (o.serving.gpus_per_replica, o.serving.precision) if o.serving is not None else None
    return (o.id, o.kind, o.training_data, o.serving_input_usd_per_mtok, o.serving_output_usd_per_mtok,
            o.provider_offer is not None, o.lora_training is not None, served)


def _head(accuracy: Accuracy, c: Context) -> Hashable:
    served = c.pe_served
    on_gpus = None if served is None else (served.model.id, served.gpu.id, served.serving.gpus_per_replica,
                                           served.serving.precision)
    return (accuracy, _api(c.api), on_gpus, tuple(c.pe_gpu_candidates), c.pe_accuracy_pct,
            tuple(_option(o) for o in c.candidates))


def structure(ctx: Context, heads: Sequence[tuple[Accuracy, Context]]) -> Hashable:
    """Return what a workload's tokens decide discretely: equal for workloads one context can price together."""
    return (tuple(_option(o) for o in ctx.candidates), tuple(_head(a, c) for a, c in heads))


def rates(ctx: Context, heads: Sequence[tuple[Accuracy, Context]]) -> Rates:
    """Return the serving rates of ``ctx``'s candidate options and of each headline prompting context."""
    return Rates([{k: v for k, v in serving_values(c, c.candidates[0]).items() if k.startswith("pe_")}
                  for _, c in heads],
                 [{k: v for k, v in serving_values(ctx, o).items() if not k.startswith("pe_")}
                  for o in ctx.candidates])


def stack(each: Sequence[Rates], which: IntArray) -> RowRates:
    """Return row ``i``'s rates as ``each[which[i]]``'s (every entry of ``each`` of one :func:`structure`)."""
    first = each[0]
    return RowRates(
        [{k: np.array([e.heads[h][k] for e in each], dtype=np.float64)[which] for k in d}
         for h, d in enumerate(first.heads)],
        [{k: np.array([e.options[o][k] for e in each], dtype=np.float64)[which] for k in d}
         for o, d in enumerate(first.options)],
    )
