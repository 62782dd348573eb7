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
figures, and memory stays bounded (the chunk's month-by-month arrays plus a
few numbers per draw kept for the percentiles) whatever the count.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from tune_or_prompt.tco.analyses import DEFAULT_DRAWS, DEFAULT_SEED, BreakEvenSpread, Spread, Uncertainty
from tune_or_prompt.tco.fleet import FloatArray
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
        x = p.low + u * (p.high - p.low) if p.distribution == "uniform" else _triangular(u, p.low, p.value, p.high)
        values[p.name] = np.rint(x) if p.integer else x
    return values


def _triangular(u: FloatArray, low: float, mode: float, high: float) -> FloatArray:
    """Inverse CDF of the triangular distribution (``low < high``, ``low <= mode <= high``)."""
    width = high - low
    split = (mode - low) / width
    rising = low + np.sqrt(u * width * (mode - low))
    falling = high - np.sqrt((1 - u) * width * (high - mode))
    return np.where(u < split, rising, falling)


def draw_chunks(base: Baseline, draws: int, seed: int) -> Iterator[tuple[dict[str, FloatArray], Comparison]]:
    """Yield the drawn values and the priced comparison of each chunk of draws, in order."""
    if not 1 <= draws <= MAX_DRAWS:
        raise ValueError(f"draws must be between 1 and {MAX_DRAWS:,}, not {draws}")
    for k, start in enumerate(range(0, draws, CHUNK_DRAWS)):
        size = min(CHUNK_DRAWS, draws - start)
        values = draw_values(base.parameters, size, np.random.default_rng([seed, k]))
        yield values, base.compare(values, size)


def simulate_draws(base: Baseline, draws: int = DEFAULT_DRAWS, *, seed: int = DEFAULT_SEED) -> tuple[
        list[str], Comparison]:
    """Draw and price every scenario; return the names drawn and the comparison of all draws."""
    parts = list(draw_chunks(base, draws, seed))
    varied = list(parts[0][0]) if parts else []
    joined = Comparison(*(np.concatenate([getattr(c, f) for _, c in parts])
                          for f in ("pe_value", "ft_value", "break_even_month", "option")))
    return varied, joined


def summarise(outcomes: Comparison, *, seed: int, varied: list[str]) -> Uncertainty:
    """Reduce priced draws to the percentiles the report carries."""
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
        break_even_month=BreakEvenSpread(
            never_share=float(np.mean(np.isinf(months))),
            p10_month=_month(m10), p50_month=_month(m50), p90_month=_month(m90),
        ),
    )


def _spread(x: FloatArray) -> Spread:
    p10, p50, p90 = percentiles(x, (10, 50, 90))
    return Spread(p10_usd=_cents(p10), p50_usd=_cents(p50), p90_usd=_cents(p90))


def percentiles(x: FloatArray, qs: tuple[float, ...]) -> list[float]:
    """``numpy.percentile``'s default (linear) method, by partial sort: several times faster on big arrays."""
    n = len(x)
    positions = [q / 100 * (n - 1) for q in qs]
    below = [int(np.floor(p)) for p in positions]
    needed = sorted({i for b in below for i in (b, min(b + 1, n - 1))})
    part = np.partition(x, needed)
    out = []
    for p, b in zip(positions, below, strict=True):
        lo, hi = float(part[b]), float(part[min(b + 1, n - 1)])
        out.append(lo + (hi - lo) * (p - b))
    return out


def _cents(x: Any) -> float:
    return round(float(x), 2) + 0.0


def _month(x: Any) -> int | None:
    return None if np.isinf(x) else int(x)


def run_uncertainty(base: Baseline, draws: int = DEFAULT_DRAWS, *, seed: int = DEFAULT_SEED) -> Uncertainty:
    """Draw ``draws`` scenarios around ``base`` and summarise them (same seed, same figures)."""
    varied, outcomes = simulate_draws(base, draws, seed=seed)
    return summarise(outcomes, seed=seed, varied=varied)


__all__ = ["DEFAULT_DRAWS", "DEFAULT_SEED", "Uncertainty", "draw_chunks", "run_uncertainty", "simulate_draws",
           "summarise"]
