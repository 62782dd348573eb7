"""Every uncertainty draw's headline figures: what the decision re-run in each draw reads.

The uncertainty analysis prices each draw's listed options at the point
estimate's GPU types (:meth:`~.ranges.Baseline.compare`). A decision also
reads the break-even volume, which the report takes as the lowest over every
GPU type a dedicated model fits on. A draw searches it for the options that
reached it at the point estimate (for each listed option, the GPU type its
point volume came from), so the draw made at the point's own values has the
point's own figures; in a draw whose prices make another GPU type's volume
lower, the draw's volume is that of the point's GPU type, a little higher.

:func:`price_draws` makes the same draws as :func:`~.uncertainty.run_uncertainty`
(same seed, same values) and returns both the comparison the spread is
summarised from and the headline figures of every draw.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tune_or_prompt.tco.breakeven import Settled
from tune_or_prompt.tco.fleet import FloatArray
from tune_or_prompt.tco.options import Option
from tune_or_prompt.tco.portfolio import Figures, option_volumes
from tune_or_prompt.tco.pricing_run import price_many
from tune_or_prompt.tco.ranges import Baseline, Comparison, whole_numbers
from tune_or_prompt.tco.report import FineTuningOption
from tune_or_prompt.tco.uncertainty import CHUNK_DRAWS, Collected, chunk_values


@dataclass(frozen=True)
class DrawSet:
    """The priced draws of one workload.

    Attributes:
        varied: The parameters drawn (fixed and zero-width ones are left out).
        comparison: Both paths' present values, the break-even month and the option of every draw.
        figures: Every draw's headline figures (break-even volumes NaN unless searched);
            None when they went, chunk by chunk, to a consumer instead.

    """

    varied: list[str]
    comparison: Comparison
    figures: Figures | None


def break_even_options(base: Baseline, reported: Sequence[FineTuningOption]) -> list[Option]:
    """Return the options whose break-even volumes a draw searches: per listed option, the one it reached.

    ``reported`` are the report's fine-tuning options; each feasible one
    names the option (GPU type) its point break-even volume came from, else
    the listed option itself is searched.
    """
    reached = [o.break_even.option if o.break_even and o.break_even.queries_per_month is not None else None
               for o in reported if o.feasible]
    by_id = {o.id: o for o in base.priced.candidates}
    listed = [p.option for p in base.priced.priced]
    out: dict[str, Option] = {}
    for option, found in zip(listed, reached, strict=True):
        chosen = by_id.get(found, option) if found else option
        out.setdefault(chosen.id, chosen)
    return list(out.values())


def price_draws(base: Baseline, draws: int, seed: int, volume_options: list[Option] | None,
                settled: Settled | None = None, *,
                consume: Callable[[Figures], None] | None = None) -> DrawSet:
    """Draw ``draws`` scenarios around ``base`` (as the uncertainty analysis does) and price each one.

    With ``volume_options`` (see :func:`break_even_options`), every draw's
    break-even volume is searched as the lowest over those options; without,
    it is left NaN (no rule reads it). ``settled`` ends a draw's search once
    its volume is known well enough (see :func:`~.breakeven.break_even_queries`).
    ``consume`` receives each chunk's figures, in order, and they are not
    kept: memory then stays bounded whatever ``draws`` is (see
    :mod:`.uncertainty`).
    """
    collected = Collected(draws)
    kept: list[Figures] = []
    varied: list[str] = []
    for start, values in chunk_values(base, draws, seed):
        varied = list(values)
        comparison, figures = _price_chunk(base, values, min(CHUNK_DRAWS, draws - start), volume_options, settled)
        if consume is None:
            kept.append(figures)
        else:
            consume(figures)
        collected.add(start, comparison)
    if consume is not None:
        return DrawSet(varied, collected.comparison(), None)

    def joined(name: str) -> Any:
        return np.concatenate([getattr(f, name) for f in kept])

    figures = Figures(joined("pe_total"), joined("ft_total"), joined("break_even_month"),
                      joined("break_even_queries"), [o for f in kept for o in f.option])
    return DrawSet(varied, collected.comparison(), figures)


def figures_at(base: Baseline, values: dict[str, FloatArray], size: int,
               volume_options: list[Option] | None, settled: Settled | None = None) -> Figures:
    """Return the headline figures of ``base`` re-priced with ``values`` (arrays of ``size``).

    The fine-tuning path of each scenario is the cheapest listed option (at the
    point estimate's GPU types); with ``volume_options`` the break-even volume
    is the lowest over those options (see :func:`break_even_options`), searched
    until ``settled`` says so.
    """
    return _price_chunk(base, values, size, volume_options, settled)[1]


def _price_chunk(base: Baseline, values: dict[str, FloatArray], size: int,
                 volume_options: list[Option] | None, settled: Settled | None = None) -> tuple[Comparison, Figures]:
    listed = [p.option for p in base.priced.priced]
    extra = [o for o in volume_options or [] if o.id not in {x.id for x in listed}]
    options = listed + extra
    whole = whole_numbers(values)
    priced = price_many(base.priced.ctx, options, size=size,
                        per_option=[base.values_for_option(o, whole) for o in options])
    n = len(listed)
    ft = np.stack([out.ft_value for _, out in priced[:n]])
    months = np.stack([out.break_even_month for _, out in priced[:n]])
    best = np.argmin(ft, axis=0)
    cols = np.arange(size)
    pe = priced[0][1].pe_value
    comparison = Comparison(pe, ft[best, cols], months[best, cols], best.astype(np.int64))
    if volume_options:
        ids = [o.id for o in options]
        found = option_volumes([priced[ids.index(o.id)][0] for o in volume_options], settled)
        volume = np.min(np.where(np.isnan(found), np.inf, found), axis=0)
        volume[np.isinf(volume)] = np.nan
    else:
        volume = np.full(size, np.nan)
    figures = Figures(pe, comparison.ft_value, comparison.break_even_month, volume,
                      [listed[i].id for i in best.tolist()])
    return comparison, figures


__all__ = ["DrawSet", "break_even_options", "figures_at", "price_draws"]
