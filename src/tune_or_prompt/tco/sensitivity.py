"""Sensitivity: which assumption moves the savings most, and where the cost comparison flips.

* Tornado: each ranged parameter (see :mod:`.ranges`) from its low to its high
  with every other at its value in this run; the swing in savings (fine-tuning
  minus prompting), largest first.
* Flips: for each parameter, the value at which the *other* path becomes the
  cheaper one, others held still. The savings move monotonically with every
  parameter, so the search walks outward from the current value (its range
  first, then doubling up to 1,024 times the range's end, or down towards
  zero) until the comparison flips, then bisects that bracket. A flip needs
  the other path cheaper by :data:`FLIP_MARGIN_USD`, so the value fed back
  into the report (which rounds totals to cents) flips it too.

All scenarios of one step are priced in one call of the model (every option, each
scenario's cheapest).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from tune_or_prompt.tco.analyses import CostFlip, Path, Sensitivity, TornadoBar, quantity, span
from tune_or_prompt.tco.fleet import FloatArray
from tune_or_prompt.tco.ranges import Baseline, Ranged, allows_zero
from tune_or_prompt.tco.reprice import compare
from tune_or_prompt.words import lower_first

FLIP_MARGIN_USD = 0.02
REACH = 1024.0  # how far past its range the flip search goes: 1,024 x the high end
_DOUBLINGS = 10
_BISECTIONS = 60


def savings_at(base: Baseline, changes: Sequence[tuple[str, float]]) -> FloatArray:
    """Return the savings with one parameter changed per scenario (the rest at the point estimate)."""
    n = len(changes)
    values: dict[str, FloatArray] = {}
    for i, (name, value) in enumerate(changes):
        if name not in values:
            values[name] = np.full(n, base.point.get(name, 0.0))
        values[name][i] = value
    return compare(base, values, n).savings_with_prompting


def tornado(base: Baseline) -> list[TornadoBar]:
    """One bar per ranged parameter, sorted by swing (largest first, then by name)."""
    params = base.parameters
    if not params:
        return []
    s = savings_at(base, [(p.name, v) for p in params for v in (p.low, p.high)])
    bars = [
        TornadoBar(parameter=p.name, label=p.label, unit=p.unit, value=p.value, low=p.low, high=p.high,
                   savings_at_low_usd=_cents(s[2 * i]), savings_at_high_usd=_cents(s[2 * i + 1]),
                   swing_usd=_cents(abs(s[2 * i + 1] - s[2 * i])))
        for i, p in enumerate(params)
    ]
    return sorted(bars, key=lambda b: (-b.swing_usd, b.parameter))


def _cents(x: float) -> float:
    return round(float(x), 2) + 0.0


def _ladder(p: Ranged, direction: Literal["above", "below"]) -> list[float]:
    """Candidate values outward from the current one, nearest first, within the valid values."""
    if direction == "above":
        start = max(p.high, p.value)
        step = start if start > 0 else 1.0
        points = [start] + [step * 2**k for k in range(1, _DOUBLINGS + 1)]
        if p.ceiling is not None:
            points = [min(x, p.ceiling) for x in points]
        points = [x for x in points if x > p.value]
    else:
        start = min(p.low, p.value)
        points = [start] + [start / 2**k for k in range(1, _DOUBLINGS + 1)]
        if allows_zero(p):
            points.append(0.0)
        points = [max(x, p.floor) for x in points if x < p.value]
        points = [x for x in points if x < p.value]
    if p.integer:
        points = [float(np.ceil(x)) if direction == "above" else float(np.floor(x)) for x in points]
        points = [x for x in points if (x > p.value if direction == "above" else x < p.value)]
        if direction == "below" and not allows_zero(p):
            points = [x for x in points if x >= max(p.floor, 1.0)]
    return sorted(set(points), reverse=direction == "below")


def flips(base: Baseline, savings: float) -> list[CostFlip]:
    """Find, for every ranged parameter, the value (if any) at which the other path is cheaper."""
    if abs(savings) < FLIP_MARGIN_USD:
        return []  # a tie: there is no comparison to flip
    sign = 1.0 if savings > 0 else -1.0
    brackets: list[tuple[Ranged, Literal["above", "below"], float, float]] = []
    directions: tuple[Literal["above", "below"], ...] = ("above", "below")
    ladders = [(p, d, _ladder(p, d)) for p in base.parameters for d in directions]
    ladders = [(p, d, pts) for p, d, pts in ladders if pts]
    s = savings_at(base, [(p.name, x) for p, _, pts in ladders for x in pts]) if ladders else np.empty(0)
    at = 0
    seen: set[str] = set()
    for p, d, pts in ladders:
        flipped = s[at:at + len(pts)] * sign <= -FLIP_MARGIN_USD
        at += len(pts)
        if p.name in seen or not flipped.any():
            continue
        k = int(np.argmax(flipped))
        brackets.append((p, d, p.value if k == 0 else pts[k - 1], pts[k]))
        seen.add(p.name)
    thresholds = _bisect(base, brackets, sign)
    found = [
        _flip(p, d, t, "fine_tuning" if sign > 0 else "prompt_engineering")
        for (p, d, _, _), t in zip(brackets, thresholds, strict=True)
    ]
    return sorted(found, key=lambda f: (not f.within_range, _distance(base.parameter(f.parameter), f.threshold)))


def _bisect(base: Baseline, brackets: list[tuple[Ranged, Literal["above", "below"], float, float]],
            sign: float) -> list[float]:
    """Narrow every bracket (unflipped end, flipped end) at once; return the flipped ends."""
    keep = [b[2] for b in brackets]
    flip = [b[3] for b in brackets]
    for _ in range(_BISECTIONS):
        mids: list[float] = []
        for (p, _, _, _), lo, hi in zip(brackets, keep, flip, strict=True):
            mid = (lo + hi) / 2
            mids.append(float(np.floor(mid) if hi > lo else np.ceil(mid)) if p.integer else mid)
        if not mids:
            break
        s = savings_at(base, [(b[0].name, m) for b, m in zip(brackets, mids, strict=True)])
        for i, (m, si) in enumerate(zip(mids, s, strict=True)):
            if m in (keep[i], flip[i]):
                continue  # an integer bracket that cannot narrow further
            if si * sign <= -FLIP_MARGIN_USD:
                flip[i] = m
            else:
                keep[i] = m
    return flip


def _distance(p: Ranged, x: float) -> float:
    width = p.high - p.low
    return abs(x - p.value) / width if width > 0 else abs(x - p.value)


def _flip(p: Ranged, direction: Literal["above", "below"], threshold: float, after: Path) -> CostFlip:
    within = p.low <= threshold <= p.high
    return CostFlip(
        parameter=p.name, label=p.label, unit=p.unit, current=p.value, threshold=threshold, direction=direction,
        low=p.low, high=p.high, within_range=within, cheaper_after=after,
        sentence=flip_sentence(p, direction, threshold, after, within),
    )


def flip_sentence(p: Ranged, direction: Literal["above", "below"], threshold: float, after: Path,
                  within: bool) -> str:
    """Say in words where the comparison flips, rounding the value to the safe side."""
    winner, loser = ("Fine-tuning", "prompting") if after == "fine_tuning" else ("Prompting", "fine-tuning")
    shown = quantity(_round_outward(threshold, direction, p.integer), p.unit)
    if p.integer:
        move = f"rose to {shown} or more" if direction == "above" else f"fell to {shown} or less"
    else:
        move = f"rose above {shown}" if direction == "above" else f"fell below {shown}"
    where = "within" if within else "outside"
    return (f"{winner} would become cheaper than {loser} if {lower_first(p.label)} {move}, "
            f"with everything else unchanged (now {quantity(p.value, p.unit)}; {where} its range of "
            f"{span(p.low, p.high, p.unit)}).")


def _round_outward(x: float, direction: str, integer: bool) -> float:
    """Round to 3 significant figures towards the flipped side, so the sentence stays true."""
    if integer or x == 0:
        return x
    digits = 2 - int(np.floor(np.log10(abs(x))))
    scale = 10.0**digits
    return float((np.ceil(x * scale) if direction == "above" else np.floor(x * scale)) / scale)


def run_sensitivity(base: Baseline) -> Sensitivity:
    """Compute the tornado and the flip points around ``base``."""
    savings = float(compare(base, {}, 1).savings_with_prompting[0])
    return Sensitivity(savings_usd=_cents(savings), tornado=tornado(base), flips=flips(base, savings))
