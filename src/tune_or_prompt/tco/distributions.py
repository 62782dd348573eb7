"""The distributions ranged parameters are drawn from: each one's quantile function and its inverse."""

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
