"""Headline figures of many workloads that share a price setting, in a few calls of the model.

``batch`` needs, per workload, only what its output row and the rules read:
both present values, the break-even month and volume, and which fine-tuning
option the figures describe. :func:`group_figures` takes the workloads of one
resolved context (same API model, privacy and horizon; their volumes and growth
differ, and their tokens too where each carries its own serving rates, see
:mod:`~.token_groups`) and prices every candidate option for all of them at
once, then picks per workload exactly what the report picks: on premise the
GPU type that makes prompting cheapest, for each dedicated model the GPU
type with the lowest total, the cheapest option overall, and the lowest
break-even volume among the options the report lists.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tune_or_prompt.tco.breakeven import lowest_volume
from tune_or_prompt.tco.compare import cheapest_allowed, headline_prompting
from tune_or_prompt.tco.fleet import FloatArray
from tune_or_prompt.tco.grouped import price_by_prompting, take
from tune_or_prompt.tco.headline import Headline
from tune_or_prompt.tco.outcomes import IntArray, prompting_value
from tune_or_prompt.tco.pricing_run import ft_allowed
from tune_or_prompt.tco.quality import Accuracy, measured
from tune_or_prompt.tco.resolve import Context, scenarios
from tune_or_prompt.tco.token_groups import RowRates

WORKLOAD_ARRAYS = ("queries_per_month", "input_tokens", "output_tokens", "growth_pct_per_month", "cost_per_error_usd",
                   "accuracy_prompting_pct", "accuracy_fine_tuned_pct", "accuracy_target_pct")


@dataclass(frozen=True)
class Figures:
    """The headline figures of many workloads, one entry per workload (unrounded USD, present values).

    Attributes:
        pe_total: Prompt engineering's total over the horizon.
        ft_total: The cheapest fine-tuning option's total.
        break_even_month: 1-based month, or 0 for "never within the horizon".
        break_even_queries: Month-1 volume where the totals are equal, NaN for none.
        option: The cheapest option's id.

    """

    pe_total: FloatArray
    ft_total: FloatArray
    break_even_month: IntArray
    break_even_queries: FloatArray
    option: list[str]

    def columns(self) -> HeadlineColumns:
        """Return every workload's headline figures as arrays, rounded as :func:`~.report.headline` rounds."""
        pe, ft = rounded(self.pe_total, 2), rounded(self.ft_total, 2)
        savings = rounded(ft - pe, 2)
        cheaper = np.where(np.abs(savings) < 0.005, "tie",
                           np.where(savings > 0, "prompt_engineering", "fine_tuning"))
        lo, hi = np.minimum(pe, ft), np.maximum(pe, ft)
        has_ratio = lo > 0
        with np.errstate(over="ignore"):  # an infinite ratio is refused with the row's facts
            ratio = rounded(hi / np.where(has_ratio, lo, 1.0), 2)
        has_volume = ~np.isnan(self.break_even_queries)
        volume = rounded(np.where(has_volume, self.break_even_queries, 0.0), 1)
        return HeadlineColumns(pe, ft, savings, cheaper, np.where(has_ratio, ratio, np.nan),
                               self.break_even_month, np.where(has_volume, volume, np.nan), self.option)

    def headlines(self) -> list[Headline]:
        """Return each workload's :func:`~.report.headline`, element for element the same."""
        c = self.columns()
        ratio, volume = c.cost_ratio.tolist(), c.break_even_queries_per_month.tolist()
        return [
            Headline(p, f, s, ch, None if r != r else r, m or None, None if v != v else v, None, o)  # NaN != NaN
            for p, f, s, ch, r, m, v, o in zip(
                c.prompt_engineering_usd.tolist(), c.fine_tuning_usd.tolist(), c.savings_with_prompting_usd.tolist(),
                c.cheaper.tolist(), ratio, c.break_even_month.tolist(), volume, c.option, strict=True,
            )
        ]


@dataclass(frozen=True)
class HeadlineColumns:
    """Many workloads' headline figures, one array per figure (NaN: the figure is unknown).

    Attributes:
        prompt_engineering_usd: Prompting's total, in cents.
        fine_tuning_usd: Fine-tuning's, likewise.
        savings_with_prompting_usd: Fine-tuning's total minus prompting's.
        cheaper: ``prompt_engineering``, ``fine_tuning`` or ``tie``.
        cost_ratio: Dearer total / cheaper total, to 2 places.
        break_even_month: 1-based month, 0 for never.
        break_even_queries_per_month: To 0.1.
        option: The fine-tuning option the figures describe.

    """

    prompt_engineering_usd: FloatArray
    fine_tuning_usd: FloatArray
    savings_with_prompting_usd: FloatArray
    cheaper: npt.NDArray[np.str_]
    cost_ratio: FloatArray
    break_even_month: IntArray
    break_even_queries_per_month: FloatArray
    option: list[str]

    def headline(self, i: int) -> Headline:
        """Return workload ``i``'s :class:`~.report.Headline`."""
        ratio, volume = float(self.cost_ratio[i]), float(self.break_even_queries_per_month[i])
        return Headline(
            float(self.prompt_engineering_usd[i]), float(self.fine_tuning_usd[i]),
            float(self.savings_with_prompting_usd[i]), str(self.cheaper[i]),  # type: ignore[arg-type]
            None if np.isnan(ratio) else ratio, int(self.break_even_month[i]) or None,
            None if np.isnan(volume) else volume, None, self.option[i],
        )


def rounded(x: FloatArray, digits: int) -> FloatArray:
    """Return ``round(v, digits) + 0.0`` of every element ``v``, bit for bit, mostly without Python's ``round``.

    Python rounds the exact binary value of ``v`` to ``digits`` decimals, half
    to even, and returns the double nearest to that decimal ``k / 10**digits``.
    Here ``k`` is ``rint(v * 10**digits)``, and the IEEE division ``k /
    10**digits`` is that nearest double. The product's own rounding could
    only change ``k`` if it fell within an ulp of a half-way point; those
    elements, and any too large for ``k`` to be exact, go to Python's ``round``.
    Half the cost of the headline figures was ``round``.
    """
    scale = 10.0**digits
    with np.errstate(over="ignore", invalid="ignore"):  # huge and non-finite values go to round()
        y = x * scale
        out: FloatArray = np.rint(y) / scale + 0.0
        clear = (np.abs(y - np.floor(y) - 0.5) > 2 * np.abs(np.spacing(y))) & (np.abs(y) < 2.0**52)
    for i in np.flatnonzero(~clear):
        out[i] = round(float(x[i]), digits) + 0.0
    return out



def own_values(c: Context, values: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """Another model's prompting path carries its own accuracy; the rows' measured accuracy is the named model's."""
    return values if c.pe_accuracy_pct is None else {k: v for k, v in values.items() if k != "accuracy_prompting_pct"}


def prompting_choice(ctx: Context, values: dict[str, FloatArray], n: int,
                      heads: list[tuple[Accuracy, Context]] | None,
                      rates: RowRates | None = None) -> tuple[list[Context], IntArray]:
    """Return the prompting contexts the headline may use and each row's choice among them.

    The choice is :func:`~.compare.headline_prompting`'s, as in :func:`~.pricing_run.price_options`, with each
    row's own accuracy target and cost of errors; only prompting is priced here, so fine-tuning is priced once
    per row, under the row's chosen context. ``rates``: each row's serving rates under each of ``heads``.
    """
    if heads is None:
        contexts = [ctx] if ctx.pe_served is None or len(ctx.pe_gpu_candidates) < 2 else [
            ctx.with_pe_gpu(g) for g in ctx.pe_gpu_candidates]
        if len(contexts) == 1:
            return contexts, np.zeros(n, dtype=np.int64)
        heads = [(measured(100.0), c) for c in contexts]  # the GPU types of one path: the cheapest
    contexts = [c for _, c in heads]
    if len(contexts) == 1:
        return contexts, np.zeros(n, dtype=np.int64)
    pe = []
    for h, c in enumerate(contexts):
        own = own_values(c, values if rates is None else {**values, **rates.heads[h]})
        s = scenarios(c, c.candidates[0], own, n)
        pe.append(prompting_value(s))
    target = np.broadcast_to(np.asarray(values.get("accuracy_target_pct", ctx.workload.accuracy_target_pct),
                                        dtype=np.float64), (n,))
    errors = np.broadcast_to(np.asarray(values.get("cost_per_error_usd", ctx.workload.cost_per_error_usd)) > 0, (n,))
    return contexts, headline_prompting([a for a, _ in heads], np.stack(pe), target, errors)


def group_figures(ctx: Context, values: dict[str, FloatArray], *, volumes: bool = True,
                  heads: list[tuple[Accuracy, Context]] | None = None, rates: RowRates | None = None) -> Figures:
    """Return the headline figures of the workloads in ``values`` (arrays named as :data:`WORKLOAD_ARRAYS`).

    All of them share ``ctx``'s API model, privacy and horizon; a workload
    figure ``values`` leaves out is the context's. ``volumes=False`` skips the
    break-even volume searches (the volumes are then NaN). ``heads``: the
    prompting contexts the headline chooses among
    (:func:`~.pricing_run.headline_contexts`); default: ``ctx`` alone.
    ``rates``: each workload's serving rates under ``heads`` and ``ctx``'s
    candidates, for workloads whose tokens differ but decide the same
    :func:`~.token_groups.structure` (default: the contexts' own).
    """
    assert rates is None or heads is not None
    n = len(values["queries_per_month"])
    cols = np.arange(n)
    contexts, pe_best = prompting_choice(ctx, values, n, heads, rates)
    options = ctx.candidates

    def option_values(b: int, rows: IntArray) -> list[dict[str, FloatArray]]:
        sub = take(values, rows, n)
        if rates is None:
            return [own_values(contexts[b], sub)] * len(options)
        mine = rates if len(rows) == n else rates.take(rows)
        shared = {**sub, **mine.heads[b]}
        return [own_values(contexts[b], {**shared, **own}) for own in mine.options]

    run = price_by_prompting(contexts, pe_best, options, option_values)
    target = np.broadcast_to(np.asarray(values.get("accuracy_target_pct", ctx.workload.accuracy_target_pct),
                                        dtype=np.float64), (n,))
    errors = np.broadcast_to(np.asarray(values.get("cost_per_error_usd", ctx.workload.cost_per_error_usd)) > 0, (n,))
    allowed = ft_allowed(ctx, options, target, errors)
    chosen = cheapest_allowed(run.ft_value, allowed)
    ft, months, ids = run.ft_value[chosen, cols], run.break_even_month[chosen, cols], [
        options[i].id for i in chosen.tolist()]
    if not volumes:
        return Figures(run.pe_value, ft, months, np.full(n, np.nan), ids)
    # A dedicated option may change GPU type with volume: every GPU type's own volume counts.
    lowest = lowest_volume(np.where(allowed, run.volumes(range(len(options))), np.nan))
    return Figures(run.pe_value, ft, months, lowest, ids)
