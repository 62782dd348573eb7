"""Break-even, computed rather than estimated.

* Month: the first month whose cumulative fine-tuning cost is at or below the
  cumulative prompting cost and stays there to the end of the horizon, or
  ``None`` when fine-tuning is still dearer at the horizon. "Stays there" only
  matters when fine-tuning starts out cheaper (prompting's one-off engineering
  can exceed fine-tuning's) and then falls behind: that early month is not a
  break-even, since fine-tuning never pays off.
* Volume: the month-1 query volume at which the two horizon totals are equal,
  found by bisection on the sign of (fine-tuning - prompting), which falls as
  volume grows whenever fine-tuning's cost per query is the lower one.
  ``None`` when fine-tuning is dearer at every volume up to :data:`MAX_QUERIES`.
"""

from __future__ import annotations

from itertools import accumulate

from tune_or_prompt.tco.full import fine_tuning, prompt_engineering
from tune_or_prompt.tco.inputs import Inputs

MAX_QUERIES = 1e12  # a trillion queries a month: beyond any real workload
EPS = 1e-9  # relative tolerance of "at or below" in the month comparison
REL_TOL = 1e-10  # the volume search stops when its bracket is this narrow, relative to its top
MAX_STEPS = 200


def break_even_month(pe_monthly: list[float], ft_monthly: list[float]) -> int | None:
    """Return the 1-based month from which cumulative FT <= cumulative PE holds to the end."""
    found: int | None = None
    for month, (pe, ft) in enumerate(zip(accumulate(pe_monthly), accumulate(ft_monthly), strict=True), start=1):
        if ft <= pe + EPS * max(1.0, abs(pe)):
            if found is None:
                found = month
        else:
            found = None
    return found


def _gap(inp: Inputs, queries: float) -> float:
    return fine_tuning(inp, queries).total - prompt_engineering(inp, queries).total


def break_even_queries(inp: Inputs, *, rel_tol: float = REL_TOL) -> float | None:
    """Return the monthly query volume where both horizon totals are equal, else None."""
    if _gap(inp, 0.0) <= 0:
        return 0.0
    hi = max(inp.queries_per_month, 1.0)
    while _gap(inp, hi) > 0:
        if hi >= MAX_QUERIES:
            return None
        hi = min(hi * 4, MAX_QUERIES)
    lo = 0.0
    for _ in range(MAX_STEPS):  # halving: ~35 steps reach rel_tol; the cap is a safety net
        if hi - lo <= rel_tol * hi:
            break
        mid = (lo + hi) / 2
        if _gap(inp, mid) > 0:
            lo = mid
        else:
            hi = mid
    return hi
