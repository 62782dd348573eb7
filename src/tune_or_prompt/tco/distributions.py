"""The distributions ranged parameters are drawn from (quantile functions and their inverses), and percentiles."""

from __future__ import annotations

from typing import Any

import numpy as np

from tune_or_prompt.tco.fleet import FloatArray


def quantile(distribution: str, u: Any, low: float, mode: float, high: float) -> FloatArray:
    """Return the values at quantiles ``u`` (in [0, 1]) of ``distribution`` over ``low`` to ``high`` (``low < high``).

    ``triangular`` peaks at ``mode``; ``uniform`` ignores it.
    """
    u = np.asarray(u, dtype=np.float64)
    width = high - low
    if distribution == "uniform":
        out: FloatArray = low + u * width
        return out
    split = (mode - low) / width
    rising = low + np.sqrt(u * width * (mode - low))
    falling = high - np.sqrt((1 - u) * width * (high - mode))
    found: FloatArray = np.where(u < split, rising, falling)
    return found


def cdf(distribution: str, x: Any, low: float, mode: float, high: float) -> FloatArray:
    """Return the quantile at which ``x`` lies (0 below ``low``, 1 above ``high``): :func:`quantile`'s inverse."""
    x = np.clip(np.asarray(x, dtype=np.float64), low, high)
    width = high - low
    if distribution == "uniform":
        out: FloatArray = (x - low) / width
        return out
    with np.errstate(divide="ignore", invalid="ignore"):
        rising = np.where(mode > low, (x - low) ** 2 / (width * (mode - low)), 0.0)
        falling = np.where(high > mode, 1 - (high - x) ** 2 / (width * (high - mode)), 1.0)
    found: FloatArray = np.where(x < mode, rising, falling)
    return found


__all__ = ["cdf", "quantile"]


def percentiles(x: FloatArray, qs: tuple[float, ...]) -> list[float]:
    """Return ``numpy.percentile(x, qs)`` (its default, linear method) to the bit, by a partial sort.

    Several times faster on big arrays, and it leaves numpy's masked-array
    module unimported (``numpy.percentile`` imports it on first use).
    The interpolation is numpy's: from the lower neighbour below half way,
    from the upper one from half way.
    """
    n = len(x)
    positions = [q / 100 * (n - 1) for q in qs]
    below = [int(np.floor(p)) for p in positions]
    needed = sorted({i for b in below for i in (b, min(b + 1, n - 1))})
    part = np.partition(x, needed)
    out = []
    for p, b in zip(positions, below, strict=True):
        lo, hi = float(part[b]), float(part[min(b + 1, n - 1)])
        t = p - b
        out.append(hi - (hi - lo) * (1 - t) if t >= 0.5 else lo + (hi - lo) * t)
    return out

