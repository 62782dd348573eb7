"""The uncertainty draws: drawn chunk by chunk, each priced with its headline figures.

Every ranged parameter (see :mod:`.ranges`) is drawn independently from a
triangular distribution over its low, its value in this run and its high
(unless the parameter declares another distribution; whole-number parameters
are rounded), and each draw is re-priced and chosen as the report chooses
(:func:`~.reprice.reprice`). :func:`price_draws` is the one loop over the
draws: the uncertainty analysis (:func:`~.uncertainty.run_uncertainty`)
summarises its comparison, and a decision re-run in every draw also reads
its figures.

Draws are made and priced in chunks of :data:`CHUNK_DRAWS`, chunk ``k`` from
its own generator seeded with ``(seed, k)``: the same seed gives the same
figures, and memory stays bounded whatever the count: one chunk's drawn
values and month-by-month arrays at a time, plus the four numbers per draw
the percentiles need (:class:`Collected`, 32 bytes a draw: 320 MB for the
most, :data:`MAX_DRAWS`). Each finished chunk is reported to
:func:`~tune_or_prompt.progress.advance`.

A decision also reads the break-even volume, which the report takes as the
lowest over every GPU type a dedicated model fits on. A draw searches it for
the options that reached it at the point estimate (for each listed option,
the GPU type its point volume came from), so the draw made at the point's own
values has the point's own figures; in a draw whose prices make another GPU
type's volume lower, the draw's volume is that of the point's GPU type, a
little higher.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from tune_or_prompt.progress import advance
from tune_or_prompt.tco.breakeven import Settled
from tune_or_prompt.tco.distributions import quantile
from tune_or_prompt.tco.fleet import FloatArray
from tune_or_prompt.tco.options import Option
from tune_or_prompt.tco.outcomes import IntArray
from tune_or_prompt.tco.portfolio import Figures
from tune_or_prompt.tco.ranges import Baseline, Comparison, Ranged
from tune_or_prompt.tco.reprice import choosable, prompting_paths, reprice

if TYPE_CHECKING:  # the report imports the analyses that import this module
    from tune_or_prompt.tco.report import FineTuningOption

MAX_DRAWS = 10_000_000
CHUNK_DRAWS = 16_384


def draw_values(parameters: list[Ranged], draws: int, rng: np.random.Generator) -> dict[str, FloatArray]:
    """Draw ``draws`` values of every parameter that varies (fixed and zero-width ones are left out).

    All uniforms come from one generator call, in parameter order, and are
    mapped through each distribution's inverse CDF.
    """
    varying = [p for p in parameters if p.distribution != "fixed" and p.low < p.high]
    uniforms = rng.random((len(varying), draws))
    values: dict[str, FloatArray] = {}
    for p, u in zip(varying, uniforms, strict=True):
        x = quantile(p.distribution, u, p.low, p.value, p.high)
        values[p.name] = np.rint(x) if p.integer else x
    return values


def chunk_values(base: Baseline, draws: int, seed: int) -> Iterator[tuple[int, dict[str, FloatArray]]]:
    """Yield the first draw's index and the drawn values of each chunk of draws, in order."""
    if not 1 <= draws <= MAX_DRAWS:
        raise ValueError(f"draws must be between 1 and {MAX_DRAWS:,}, not {draws}")
    for k, start in enumerate(range(0, draws, CHUNK_DRAWS)):
        size = min(CHUNK_DRAWS, draws - start)
        yield start, draw_values(base.parameters, size, np.random.default_rng([seed, k]))


class Collected:
    """Every draw's comparison, filled chunk by chunk into arrays sized once (no copy to join them)."""

    def __init__(self, draws: int) -> None:
        """Make room for ``draws`` draws."""
        self.draws = draws
        self._pe = np.empty(draws)
        self._ft = np.empty(draws)
        self._month = np.empty(draws, dtype=np.int64)
        self._option = np.empty(draws, dtype=np.int64)
        self._prompting = np.empty(draws, dtype=np.int64)
        self._filled = 0

    def add(self, start: int, part: Comparison, prompting: IntArray) -> None:
        """Store the comparison (and prompting paths) of the chunk whose first draw is ``start``; report progress."""
        stop = start + len(part.pe_value)
        self._pe[start:stop] = part.pe_value
        self._ft[start:stop] = part.ft_value
        self._month[start:stop] = part.break_even_month
        self._option[start:stop] = part.option
        self._prompting[start:stop] = prompting
        self._filled = stop
        advance("draws", stop, self.draws)

    def comparison(self) -> Comparison:
        """Return the comparison of every draw."""
        if self._filled != self.draws:
            raise ValueError(f"{self._filled:,} of {self.draws:,} draws were priced")
        return Comparison(self._pe, self._ft, self._month, self._option)

    def prompting(self) -> IntArray:
        """Return every draw's prompting path (an index into :func:`~.reprice.prompting_paths`)."""
        return self._prompting[:self._filled]


def prompting_shares(paths: Sequence[Any], chosen: IntArray) -> dict[str, float]:
    """Return the share of draws that prompt on each path chosen at least once, largest first (then by path)."""
    counts = np.bincount(chosen, minlength=len(paths))
    shares = {paths[i].path.id: float(c) / len(chosen) for i, c in enumerate(counts.tolist()) if c}
    return dict(sorted(shares.items(), key=lambda kv: (-kv[1], kv[0])))


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
    """Draw ``draws`` scenarios around ``base`` and price each one.

    With ``volume_options`` (see :func:`break_even_options`), every draw's
    break-even volume is searched as the lowest over those options; without,
    it is left NaN (no rule reads it). ``settled`` ends a draw's search once
    its volume is known well enough (see :func:`~.breakeven.break_even_queries`).
    ``consume`` receives each chunk's figures, in order, and they are not
    kept: memory then stays bounded whatever ``draws`` is (see the module's notes).
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


__all__ = ["CHUNK_DRAWS", "MAX_DRAWS", "Collected", "DrawSet", "break_even_options", "chunk_values", "draw_values",
           "figures_at", "price_draws", "prompting_shares"]
