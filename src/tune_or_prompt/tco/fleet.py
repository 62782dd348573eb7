"""GPU fleets: how many replicas a month's traffic needs, hour by hour, and what they bill.

A replica (one or more GPUs holding one copy of the model) spends
``input / prefill + output / decode`` seconds on a query. Traffic follows a
24-hour profile: ``weights[k]`` is the load of a group of ``counts[k]`` hours
a day relative to the day's average (the counts add up to 24, the weighted
mean of the weights is 1). In an hour at weight ``w`` the fleet is busy
``q x w x seconds per query / seconds in a month`` replicas' worth, and it
runs::

    replicas = max(minimum, ceil(busy x (1 + head-room) / utilisation target))

An autoscaled fleet runs that many in each hour and bills replica-hours; a
fixed fleet runs the peak hour's count around the clock. An owned fleet is
fixed and never shrinks: each month it holds the most replicas any month so
far needed, and its GPU-hours cost the purchase spread over the hardware's
life, power and colocation (:attr:`Fleet.owned_usd_per_gpu_hour`). Since the count
rises with the load, the peak hour's count is the largest, so an autoscaled
fleet never bills more than a fixed one for the same traffic.

Months are 730 hours (8,760 / 12), as clouds bill an always-on instance, so
an hour group of ``c`` hours a day is ``c x 730 / 24`` hours a month.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

HOURS_PER_MONTH = 730.0
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600.0
CEIL_SLACK = 1e-9
"""Taken off a replica count before the ceiling, so a float hair over a whole number is not one more replica."""

BUSY_HOURS = 8
"""Hours a day at the peak in the built-in profile (a working day); the other 16 share the rest."""


def builtin_profile(peak_to_average: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Return the built-in daytime-peaked profile: 8 busy hours at the peak, 16 quieter ones.

    With peak/average ``r`` the busy hours run at ``r`` and the others at
    ``(24 - 8r) / 16`` (so the day averages 1): ``r = 2`` gives 2 and 0.5.

    Returns:
        ``(weights, counts)``: weights of shape (2, scenarios), counts (2,).

    """
    r = np.asarray(peak_to_average, dtype=np.float64)
    quiet = (24.0 - BUSY_HOURS * r) / (24.0 - BUSY_HOURS)
    return np.stack([r, quiet]), np.array([float(BUSY_HOURS), 24.0 - BUSY_HOURS])


def profile_groups(hourly: list[float]) -> tuple[FloatArray, FloatArray]:
    """Return a 24-hour profile as distinct weights (normalised to a mean of 1) and their hour counts.

    Raises:
        ValueError: not 24 finite, non-negative weights with a positive sum.

    """
    w = np.asarray(hourly, dtype=np.float64)
    if w.shape != (24,) or not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise ValueError("a traffic profile is 24 finite, non-negative hourly weights with a positive sum")
    w = w / w.mean()
    levels, counts = np.unique(w, return_counts=True)
    return levels[:, None], counts.astype(np.float64)


@dataclass(frozen=True)
class Fleet:
    """A fleet's sizing rule, one entry per scenario.

    Attributes:
        seconds_per_query: Replica-seconds one query takes (0: the path has no fleet).
        usd_per_replica_hour: GPUs per replica x the GPU-hour price.
        gpus_per_replica: GPUs in one replica.
        minimum: Replicas kept running at any hour.
        utilisation: Target busy share of a replica (0-1].
        headroom: Extra share of replicas above the need.
        weights: Traffic level of each hour group, (groups, scenarios).
        counts: Hours a day in each group, (groups,).
        fixed: Size for the peak hour and bill every hour.
        owned_usd_per_gpu_hour: Owned GPUs only: an hour's share of (depreciation, power, colocation)
            per GPU, each (scenarios,); ``usd_per_replica_hour`` is their sum x GPUs per replica.
        purchase_usd_per_gpu: Owned GPUs paid up front only: the price of one GPU with its server
            share, paid when it is bought and again at each end of its life (depreciation is then 0).
        life_months: Owned GPUs paid up front only: months a GPU lasts before it is replaced.

    """

    seconds_per_query: FloatArray
    usd_per_replica_hour: FloatArray
    gpus_per_replica: FloatArray
    minimum: FloatArray
    utilisation: FloatArray
    headroom: FloatArray
    weights: FloatArray
    counts: FloatArray
    fixed: bool
    owned_usd_per_gpu_hour: tuple[FloatArray, FloatArray, FloatArray] | None = None
    purchase_usd_per_gpu: FloatArray | None = None
    life_months: FloatArray | None = None

    def take(self, rows: slice | npt.NDArray[np.int64]) -> Fleet:
        """Return the fleet of scenarios ``rows`` only (figures shared by every scenario stay as they are)."""
        values: dict[str, object] = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if f.name == "weights":
                values[f.name] = v if v.shape[1] == 1 else v[:, rows]
            elif isinstance(v, np.ndarray) and f.name != "counts":
                values[f.name] = v[rows]
            elif isinstance(v, tuple):  # an owned fleet's cost parts
                values[f.name] = tuple(part[rows] for part in v)
        return dataclasses.replace(self, **values)  # type: ignore[arg-type]

    @property
    def owned(self) -> bool:
        """Whether the fleet is bought, not rented."""
        return self.owned_usd_per_gpu_hour is not None

    @cached_property
    def _need_per_query(self) -> FloatArray:
        """Replicas needed per monthly query in each hour group, head-room and utilisation target included."""
        per_query = self.seconds_per_query / SECONDS_PER_MONTH * ((1 + self.headroom) / self.utilisation)
        need: FloatArray = self.weights * per_query
        return need

    def replicas(self, queries: FloatArray) -> FloatArray:
        """Return the replicas running in each hour group, (months, groups, scenarios), at monthly ``queries``."""
        need = queries[:, None, :] * self._need_per_query[None, :, :]
        need -= CEIL_SLACK
        np.ceil(need, out=need)
        count: FloatArray = np.maximum(need, self.minimum, out=need)
        if self.fixed or self.owned:
            count[...] = count.max(axis=1, keepdims=True)
        if self.owned:  # what was bought stays: the most replicas any month so far needed
            np.maximum.accumulate(count, axis=0, out=count)
        return count

    def bought(self, queries: FloatArray, live: npt.NDArray[np.bool_]) -> FloatArray:
        """Return the GPUs bought in each month (months, scenarios) of an owned fleet paid up front.

        The fleet holds, from its first live month, the most GPUs any live month so far
        needed; GPUs are bought when that count rises and bought again every
        ``life_months`` after (a replacement at the end of their life).
        """
        assert self.life_months is not None
        peak = self.replicas(queries).max(axis=1) * self.gpus_per_replica
        held = np.maximum.accumulate(np.where(live, peak, 0.0), axis=0)
        added = np.diff(held, axis=0, prepend=0.0)
        out: FloatArray = added.copy()
        months = added.shape[0]
        life = np.maximum(np.rint(self.life_months), 1.0)
        idx = np.arange(months, dtype=np.float64)[:, None]
        for k in range(1, int(months // float(life.min())) + 1):
            source = idx - k * life[None, :]
            valid = (source >= 0) & live
            picked = np.take_along_axis(added, np.where(valid, source, 0).astype(np.int64), axis=0)
            out += np.where(valid, picked, 0.0)
        return out

    def replica_hours(self, queries: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Return replica-hours billed and the peak replica count of each month, both (months, scenarios)."""
        count = self.replicas(queries)
        hours = np.einsum("mks,k->ms", count, self.counts) * (HOURS_PER_MONTH / 24.0)
        return hours, count.max(axis=1)
