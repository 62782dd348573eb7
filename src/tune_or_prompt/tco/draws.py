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
from tune_or_prompt.tco.portfolio import Figures
from tune_or_prompt.tco.ranges import Baseline, Comparison
from tune_or_prompt.tco.report import FineTuningOption
from tune_or_prompt.tco.reprice import choosable, prompting_paths, reprice
from tune_or_prompt.tco.uncertainty import CHUNK_DRAWS, Collected, chunk_values, prompting_shares


@dataclass(frozen=True)
class DrawSet:
    """The priced draws of one workload.

    Attributes:
        varied: The parameters drawn (fixed and zero-width ones are left out).
        comparison: Both paths' present values, the break-even month and the option of every draw.
        prompting: The share of draws that prompt on each path chosen at least once.
        figures: Every draw's headline figures (break-even volumes NaN unless searched);
            None when they went, chunk by chunk, to a consumer instead.

    """

    varied: list[str]
    comparison: Comparison
    prompting: dict[str, float]
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
        if not base.priced.compares(option.id):
            continue  # measured below the target: the headline does not compare it
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
    considered = choosable(base)
    for start, values in chunk_values(base, draws, seed):
        varied = list(values)
        found = reprice(base, values, min(CHUNK_DRAWS, draws - start), volume_options, settled,
                        considered=considered)
        figures = found.figures
        if consume is None:
            kept.append(figures)
        else:
            consume(figures)
        collected.add(start, found.comparison, found.prompting)
    shares = prompting_shares(prompting_paths(base), collected.prompting())
    if consume is not None:
        return DrawSet(varied, collected.comparison(), shares, None)

    def joined(name: str) -> Any:
        return np.concatenate([getattr(f, name) for f in kept])

    figures = Figures(joined("pe_total"), joined("ft_total"), joined("break_even_month"),
                      joined("break_even_queries"), [o for f in kept for o in f.option])
    return DrawSet(varied, collected.comparison(), shares, figures)


def figures_at(base: Baseline, values: dict[str, FloatArray], size: int,
               volume_options: list[Option] | None, settled: Settled | None = None) -> Figures:
    """Return the headline figures of ``base`` re-priced with ``values`` (arrays of ``size``).

    Each scenario chooses its prompting path and fine-tuning option as the report does
    (:func:`~.reprice.reprice`); with ``volume_options`` the break-even volume is the lowest
    over those options (see :func:`break_even_options`), searched until ``settled`` says so.
    """
    return reprice(base, values, size, volume_options, settled).figures


__all__ = ["DrawSet", "break_even_options", "figures_at", "price_draws"]
