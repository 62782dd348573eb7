"""Re-pricing a priced workload under varied values: the one choice every analysis makes.

The uncertainty draws (and the confidence decided from them), the sensitivity
sweeps and the what-if search's API-price sweep vary parameters around the
point estimate (:class:`~.ranges.Baseline`). Each scenario is priced and
chosen as the report chooses (:mod:`.compare`), so the model choice varies
with the values:

* **Prompting.** Every available prompting path the report listed is re-priced
  with the scenario's values, on the GPU type it had at the point estimate.
  The scenario's prompting path is :func:`~.compare.headline_prompting`'s
  choice among them: which paths can meet the accuracy target is the
  report's (their ranges do not move), and among those the cheapest in this
  scenario wins.
* **Fine-tuning.** The report's listed options (at the point estimate's GPU
  types) are priced under the scenario's prompting path (its build months
  prompt on it) and the cheapest the headline may compare is kept (one
  measured below the target is not).
* **Break-even volume** (when asked for): the lowest over the given options,
  searched against the scenario's prompting path.

Only paths some scenario could choose are priced; when only the report's path
can be chosen (no other can meet the target, or none is cheaper in any
scenario), the work is that of pricing one path.

A prompting path's own figures move with the varied ones: its assumed
accuracy moves through its own range as the typical prompting accuracy moves
through its range (:func:`path_accuracy`: a task that prompts worse on one
model prompts worse on all), which prices its wrong answers when they have a
cost; the GPU figures of a path on GPUs (rental or purchase price, power,
serving rates) move by the factor the drawn prompting figure, else the drawn
fine-tuning fleet's figure, moves the point estimate's (one market, one
serving engine); API prices move with the what-if search's API price factor
on every per-token path alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tune_or_prompt.tco.breakeven import Settled, lowest_volume
from tune_or_prompt.tco.compare import cheapest_allowed, headline_prompting
from tune_or_prompt.tco.distributions import cdf, quantile
from tune_or_prompt.tco.fleet import FloatArray
from tune_or_prompt.tco.grouped import price_by_prompting, take
from tune_or_prompt.tco.options import Option
from tune_or_prompt.tco.outcomes import IntArray, prompting_value
from tune_or_prompt.tco.portfolio import Figures
from tune_or_prompt.tco.pricing_run import PricedPrompt
from tune_or_prompt.tco.quality import Accuracy
from tune_or_prompt.tco.ranges import Baseline, Comparison, whole_numbers
from tune_or_prompt.tco.resolve import PE_FLEET_FIGURES, Context, point_values, scenarios

TYPICAL_PROMPTING = "typical_accuracy_prompting_pct"
_PE_GPU_FIGURES = (*PE_FLEET_FIGURES, "pe_gpu_purchase_usd", "pe_gpu_power_kw")


@dataclass(frozen=True)
class Repriced:
    """Every scenario's comparison and headline figures.

    Attributes:
        comparison: Both paths' present values, the break-even month and the fine-tuning option.
        figures: The headline figures (break-even volumes NaN unless searched).
        prompting: Each scenario's prompting path, an index into :func:`prompting_paths`.

    """

    comparison: Comparison
    figures: Figures
    prompting: IntArray


def prompting_paths(base: Baseline) -> list[PricedPrompt]:
    """Return the prompting paths a scenario chooses among: the report's available ones, in its order."""
    return [p for p in base.priced.prompts if p.ctx is not None]


def path_accuracy(base: Baseline, accuracy: Accuracy, values: Mapping[str, Any], size: int) -> FloatArray | None:
    """Return a prompting path's accuracy in each scenario, or None where it is its point value throughout.

    A measured accuracy never moves. An assumed one sits at the same place in
    its own range as the scenario's typical prompting accuracy sits in that
    parameter's range (the same quantile of each distribution); a path whose
    range is the typical figure's own takes the typical figure itself.
    """
    if accuracy.measured or TYPICAL_PROMPTING not in values:
        return None
    try:
        p = base.parameter(TYPICAL_PROMPTING)
    except KeyError:
        return None
    x = np.broadcast_to(np.asarray(values[TYPICAL_PROMPTING], dtype=np.float64), (size,))
    if (accuracy.low_pct, accuracy.pct, accuracy.high_pct) == (p.low, p.value, p.high):
        return np.array(x)
    if not accuracy.low_pct < accuracy.high_pct:
        return np.full(size, accuracy.pct)
    u = np.clip(cdf(p.distribution, x, p.low, p.value, p.high), 0.0, 1.0)
    moved = quantile("triangular", u, accuracy.low_pct, accuracy.pct, accuracy.high_pct)
    return np.where(x == p.value, accuracy.pct, moved)


def path_values(base: Baseline, path: PricedPrompt, values: Mapping[str, Any], size: int) -> dict[str, Any]:
    """Return ``values`` as they apply to prompting ``path`` (see the module's docstring)."""
    ctx = path.ctx
    assert ctx is not None
    out = dict(values)
    # The current setup's accuracy is the workload's (measured) or the typical figure itself.
    drawn = None if path.path.current else path_accuracy(base, path.path.accuracy, values, size)
    if drawn is not None:
        out["accuracy_prompting_pct"] = drawn
    if ctx is not base.priced.ctx and ctx.pe_served is not None:
        own = point_values(ctx, ctx.candidates[0])
        for name in _PE_GPU_FIGURES:
            moved = _moved(base, values, name)
            if moved is not None and name in own:
                out[name] = own[name] * moved
    return out


def _moved(base: Baseline, values: Mapping[str, Any], name: str) -> Any:
    """Return the factor a drawn GPU figure moves the point's by: the prompting one's, else the fleet's."""
    for source in (name, name.removeprefix("pe_")):
        if source in values and base.point.get(source):
            return np.asarray(values[source], dtype=np.float64) / base.point[source]
    return None


def _prompting_values(ctx: Context, values: Mapping[str, Any], size: int) -> FloatArray:
    return prompting_value(scenarios(ctx, ctx.candidates[0], values, size))


def choose_prompting(base: Baseline, paths: list[PricedPrompt], values: Mapping[str, Any], size: int,
                     considered: Sequence[int] | None = None) -> tuple[IntArray, list[dict[str, Any]]]:
    """Return each scenario's prompting path (index into ``paths``) and every path's own values.

    ``considered``: the paths that can be cheapest in these scenarios (:func:`choosable`); default: every one
    :func:`~.compare.headline_prompting` may choose.
    """
    own = [path_values(base, p, values, size) for p in paths]
    at = next((i for i, p in enumerate(paths) if p.ctx is base.priced.ctx), 0)
    w = base.priced.ctx.workload
    if len(paths) == 1:
        return np.full(size, at, dtype=np.int64), own
    accuracies = [p.path.accuracy for p in paths]
    target = np.array([w.accuracy_target_pct])
    errors = np.array([w.cost_per_error_usd > 0])
    # Which paths any scenario could choose: those headline_prompting allows (costs do not change which).
    allowed = _allowed(accuracies, float(w.accuracy_target_pct), bool(w.cost_per_error_usd > 0))
    if considered is not None:
        allowed = [i for i in allowed if i in considered]
    if allowed == [at]:
        return np.full(size, at, dtype=np.int64), own
    pe = np.full((len(paths), size), np.inf)
    for i in allowed:
        ctx = paths[i].ctx
        assert ctx is not None
        pe[i] = _prompting_values(ctx, own[i], size)
    chosen = headline_prompting(accuracies, pe, np.broadcast_to(target, (size,)), np.broadcast_to(errors, (size,)))
    return chosen, own


def choosable(base: Baseline) -> list[int]:
    """Return the prompting paths that can be the cheapest in some draw within the parameters' ranges.

    The draws' values lie within the ranged parameters' ranges, and a path's
    cost moves one way with each parameter whatever the others (the premise
    of the sensitivity analysis), so over all draws it lies between its cost
    with every parameter at the end that lowers it and with every parameter
    at the end that raises it. A path whose lowest cost is above another
    allowed path's highest is never the cheapest: the draws need not price
    it. (Sweeps that go beyond the ranges price every path.)
    """
    paths = prompting_paths(base)
    w = base.priced.ctx.workload
    allowed = _allowed([p.path.accuracy for p in paths], float(w.accuracy_target_pct), bool(w.cost_per_error_usd > 0))
    varied = [p for p in base.parameters if p.distribution != "fixed" and p.low < p.high]
    if len(allowed) < 2 or not varied:
        return allowed
    k = len(varied)
    ends = {p.name: np.full(2 * k, p.value) for p in varied}
    for i, p in enumerate(varied):
        ends[p.name][2 * i], ends[p.name][2 * i + 1] = p.low, p.high
    bounds: dict[int, tuple[float, float]] = {}
    for i in allowed:
        ctx = paths[i].ctx
        assert ctx is not None
        at_ends = _prompting_values(ctx, path_values(base, paths[i], whole_numbers(ends), 2 * k), 2 * k)
        lowering = at_ends[0::2] <= at_ends[1::2]  # per parameter: whether its low end is the cheaper one
        corners = {p.name: np.array([p.low if low else p.high, p.high if low else p.low])
                   for p, low in zip(varied, lowering.tolist(), strict=True)}
        lo, hi = _prompting_values(ctx, path_values(base, paths[i], whole_numbers(corners), 2), 2).tolist()
        bounds[i] = (lo, hi)
    ceiling = min(hi for _, hi in bounds.values())
    return [i for i in allowed if bounds[i][0] <= ceiling * (1 + 1e-6) + 0.01]


def _allowed(accuracies: list[Accuracy], target: float, errors: bool) -> list[int]:
    """Return the paths :func:`~.compare.headline_prompting` may choose, whatever their costs."""
    probe = headline_prompting(accuracies, np.eye(len(accuracies)) * -1.0, np.full(len(accuracies), target),
                               np.full(len(accuracies), errors))
    return sorted(set(probe.tolist()))


def reprice(base: Baseline, values: Mapping[str, Any], size: int, volume_options: list[Option] | None = None,
            settled: Settled | None = None, *, considered: Sequence[int] | None = None) -> Repriced:
    """Price ``base`` with ``values`` (arrays of ``size``) and choose in each scenario as the report does.

    With ``volume_options``, every scenario's break-even volume is the lowest
    over those options (NaN where none reaches it), searched until ``settled``
    says so (:func:`~.breakeven.break_even_queries`); without, it is NaN. ``considered``: the prompting
    paths that can be cheapest in these scenarios (:func:`choosable`, for values within the ranges).
    """
    listed = [p.option for p in base.priced.priced]
    extra = [o for o in volume_options or [] if o.id not in {x.id for x in listed}]
    options = listed + extra
    n = len(listed)
    whole = whole_numbers(values)
    paths = prompting_paths(base)
    chosen, own = choose_prompting(base, paths, whole, size, considered)
    contexts = [p.ctx for p in paths if p.ctx is not None]  # every one: prompting_paths lists the available

    def option_values(b: int, rows: IntArray) -> list[dict[str, Any]]:
        sub = take(own[b], rows, size)
        return [base.values_for_option(o, sub) for o in options]

    run = price_by_prompting(contexts, chosen, options, option_values)
    pe, ft, months = run.pe_value, run.ft_value[:n], run.break_even_month[:n]
    volume = np.full(size, np.nan)
    if volume_options:
        ids = [o.id for o in options]
        volume = lowest_volume(run.volumes([ids.index(o.id) for o in volume_options], settled))
    compared = np.array([base.priced.compares(o.id) for o in listed])
    best = cheapest_allowed(ft, compared[:, None])
    cols = np.arange(size)
    comparison = Comparison(pe, ft[best, cols], months[best, cols], best.astype(np.int64))
    figures = Figures(pe, comparison.ft_value, comparison.break_even_month, volume,
                      [listed[i].id for i in best.tolist()])
    return Repriced(comparison, figures, chosen)


def compare(base: Baseline, values: Mapping[str, Any], size: int) -> Comparison:
    """Return the comparison of ``base`` priced with ``values``: what the uncertainty and sensitivity read."""
    return reprice(base, values, size).comparison


__all__ = ["Repriced", "choosable", "choose_prompting", "compare", "path_accuracy", "path_values", "prompting_paths",
           "reprice"]
