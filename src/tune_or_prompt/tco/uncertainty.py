"""Uncertainty: how likely fine-tuning is to be cheaper, given every parameter's range.

Every ranged parameter (see :mod:`.ranges`) is drawn independently from a
triangular distribution over its low, its value in this run and its high
(unless the parameter declares another distribution; whole-number parameters
are rounded), and the one model prices every candidate fine-tuning option in
each draw; the fine-tuning path of a draw is its cheapest option. The result
is a handful of percentiles rather than the draws themselves, so it fits in
the report, the ``decide`` JSON and the memo.

Draws are made and priced in chunks of :data:`CHUNK_DRAWS`, chunk ``k`` from
its own generator seeded with ``(seed, k)``: the same seed gives the same
figures, and memory stays bounded whatever the count: one chunk's drawn
values and month-by-month arrays at a time, plus the four numbers per draw
the percentiles need (:class:`Collected`, 32 bytes a draw: 320 MB for the
most, :data:`MAX_DRAWS`). Each finished chunk is reported to
:func:`~tune_or_prompt.progress.advance`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from tune_or_prompt.progress import advance
from tune_or_prompt.tco.analyses import DEFAULT_DRAWS, DEFAULT_SEED, BreakEvenSpread, Spread, Uncertainty
from tune_or_prompt.tco.distributions import percentiles, quantile
from tune_or_prompt.tco.fleet import FloatArray
from tune_or_prompt.tco.outcomes import IntArray
from tune_or_prompt.tco.ranges import Baseline, Comparison, Ranged

MAX_DRAWS = 10_000_000
CHUNK_DRAWS = 16_384
TIE_USD = 0.005  # as the report: totals within half a cent are a tie, not "cheaper"


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


def simulate_draws(base: Baseline, draws: int = DEFAULT_DRAWS, *, seed: int = DEFAULT_SEED) -> tuple[
        list[str], Comparison, dict[str, float]]:
    """Draw and price every scenario; return the names drawn, the comparison of all draws and the prompting shares."""
    from tune_or_prompt.tco.reprice import choosable, prompting_paths, reprice

    collected = Collected(draws)
    varied: list[str] = []
    considered = choosable(base)
    for start, values in chunk_values(base, draws, seed):
        varied = list(values)
        found = reprice(base, values, min(CHUNK_DRAWS, draws - start), considered=considered)
        collected.add(start, found.comparison, found.prompting)
    return varied, collected.comparison(), prompting_shares(prompting_paths(base), collected.prompting())


def prompting_shares(paths: Sequence[Any], chosen: IntArray) -> dict[str, float]:
    """Return the share of draws that prompt on each path chosen at least once, largest first (then by path)."""
    counts = np.bincount(chosen, minlength=len(paths))
    shares = {paths[i].path.id: float(c) / len(chosen) for i, c in enumerate(counts.tolist()) if c}
    return dict(sorted(shares.items(), key=lambda kv: (-kv[1], kv[0])))


def summarise(outcomes: Comparison, *, seed: int, varied: list[str],
              prompting: dict[str, float] | None = None) -> Uncertainty:
    """Reduce priced draws to the percentiles the report carries (and the share of each prompting path)."""
    pe, ft = outcomes.pe_value, outcomes.ft_value
    savings = outcomes.savings_with_prompting
    months = outcomes.break_even_month.astype(np.float64)
    months[months == 0] = np.inf
    m10, m50, m90 = np.percentile(months, [10, 50, 90], method="inverted_cdf")
    return Uncertainty(
        draws=len(pe),
        random_seed=seed,
        varied=varied,
        prompt_engineering=_spread(pe),
        fine_tuning=_spread(ft),
        savings_with_prompting=_spread(savings),
        p_fine_tuning_cheaper=float(np.mean(savings < -TIE_USD)),
        prompting_paths=prompting or {},
        break_even_month=BreakEvenSpread(
            never_share=float(np.mean(np.isinf(months))),
            p10_month=_month(m10), p50_month=_month(m50), p90_month=_month(m90),
        ),
    )


def _spread(x: FloatArray) -> Spread:
    p10, p50, p90 = percentiles(x, (10, 50, 90))
    return Spread(p10_usd=_cents(p10), p50_usd=_cents(p50), p90_usd=_cents(p90))


def _cents(x: Any) -> float:
    return round(float(x), 2) + 0.0


def _month(x: Any) -> int | None:
    return None if np.isinf(x) else int(x)


def run_uncertainty(base: Baseline, draws: int = DEFAULT_DRAWS, *, seed: int = DEFAULT_SEED) -> Uncertainty:
    """Draw ``draws`` scenarios around ``base`` and summarise them (same seed, same figures)."""
    varied, outcomes, prompting = simulate_draws(base, draws, seed=seed)
    return summarise(outcomes, seed=seed, varied=varied, prompting=prompting)


__all__ = ["DEFAULT_DRAWS", "DEFAULT_SEED", "Collected", "Uncertainty", "chunk_values", "run_uncertainty",
           "simulate_draws", "summarise"]
