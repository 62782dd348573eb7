"""Which scenarios share their prompting inputs, so that prompting is priced once for all of them.

Every fine-tuning option of a workload is priced as a batch of scenarios of its
own, yet prompting is the same path under each: options differ in the fields
only fine-tuning reads (:data:`~.model.FINE_TUNING_FIELDS`). Where every other
field is equal, value by value (a fleet field by field), prompting's cash
flows are equal bit for bit, since the model computes each scenario's column
apart from the others; where any value differs, prompting is priced for each.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np

from tune_or_prompt.tco.fleet import Fleet
from tune_or_prompt.tco.model import FINE_TUNING_FIELDS, Scenarios


def _inputs(s: Scenarios) -> list[object]:
    """Return every value prompting reads, in field order (a fleet's fields and cost parts one by one)."""
    out: list[object] = []
    for f in dataclasses.fields(s):
        if f.name in FINE_TUNING_FIELDS:
            continue
        v = getattr(s, f.name)
        if isinstance(v, Fleet):
            for g in dataclasses.fields(v):
                w = getattr(v, g.name)
                out.extend(w if isinstance(w, tuple) else (w,))
        else:
            out.append(v)
    return out


def _equal(x: object, y: object) -> bool:
    if x is y:
        return True
    if isinstance(x, np.ndarray) and isinstance(y, np.ndarray):
        return np.array_equal(x, y)
    if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
        return False
    return x == y


def same_prompting(a: Scenarios, b: Scenarios) -> bool:
    """Whether prompting's cash flows of ``a`` and ``b`` are the same: every input it reads is equal."""
    return all(_equal(x, y) for x, y in zip(_inputs(a), _inputs(b), strict=True))


def prompting_classes(parts: Sequence[Scenarios]) -> list[list[int]]:
    """Group the indices of ``parts`` by :func:`same_prompting`, each group in order, groups by first member."""
    classes: list[list[int]] = []
    for i, s in enumerate(parts):
        for members in classes:
            if same_prompting(parts[members[0]], s):
                members.append(i)
                break
        else:
            classes.append([i])
    return classes


def _per_scenario(s: Scenarios) -> list[np.ndarray]:
    """Return the prompting inputs that hold one value per scenario (along their last axis)."""
    out: list[np.ndarray] = []
    for f in dataclasses.fields(s):
        if f.name in FINE_TUNING_FIELDS:
            continue
        v = getattr(s, f.name)
        if isinstance(v, np.ndarray):
            out.append(v)
        elif isinstance(v, Fleet):
            for g in dataclasses.fields(v):
                w = getattr(v, g.name)
                if g.name == "counts" or (g.name == "weights" and w.shape[1] == 1):
                    continue  # one value for every scenario
                out.extend(w if isinstance(w, tuple) else (w,) if isinstance(w, np.ndarray) else ())
    return out


def prompting_period(s: Scenarios) -> int:
    """Return the fewest leading scenarios of ``s`` whose prompting inputs repeat, in order, through all of ``s``.

    ``s.size`` when they do not repeat. Options of the same scenarios stacked
    by :func:`~.outcomes.concat` repeat after one option's batch (or sooner).
    """
    n = s.size
    arrays = _per_scenario(s)
    small = [p for p in range(1, math.isqrt(n) + 1) if n % p == 0]
    for p in sorted({*small, *(n // p for p in small)} - {n}):
        # A cheap look at two places first: a period that fails there is not worth the full comparison.
        if all(np.array_equal(a[..., p], a[..., 0]) and np.array_equal(a[..., -1], a[..., -1 - p]) for a in arrays) \
                and all(np.array_equal(a[..., p:], a[..., :-p]) for a in arrays):
            return p
    return n
