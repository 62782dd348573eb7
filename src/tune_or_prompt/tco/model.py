"""The cost model: both paths' cash flows month by month, for many scenarios at once.

There is one model. A scenario is one column of a :class:`Scenarios`: a
single workload is a batch of one, the uncertainty draws and batch
portfolios are batches of thousands, and every fine-tuning option is a
scenario of its own. Everything is an array with one entry per scenario,
except the structure a call shares (:attr:`Scenarios.months`, whether
prompting and fine-tuning serve from a GPU fleet, and the fleet's type).

Month ``m`` (0-based here, month ``m + 1`` in the memo) carries the volume
``q x (1 + growth) ** m``. Per-token prices move by the API price trend,
GPU-hour prices by the GPU price trend, both compounding yearly
(``(1 + trend) ** (m / 12)``); a present value discounts month ``m`` by
``(1 + rate) ** (-m / 12)``.

Prompting pays its one-off work in month 1, then every month the API bill
(the full prompt, part of its static prefix read from the provider's cache at
the cached price, plus the overhead of failed and retried calls) or, on
premise, a GPU fleet serving an open model with the full prompt, and its
maintenance and monitoring.

When the API model shuts down within the horizon (``switch_month``), the
prompted traffic runs on its successor, at the successor's per-query prices,
from that month on, and the path pays a migration (re-prompting and
re-evaluation) in that month; fine-tuning pays it only when the shutdown falls
in its build months. Owned GPU fleets (see :mod:`~.fleet`) bill their hours
as depreciation (or purchases when paid up front), power and colocation, and
pay the engineers who run them every month they run.

Fine-tuning pays its one-off work in month 1 (a prompt baseline, the
evaluation suite, the training data, the training runs, the pipeline). For
its first ``build_months`` months the traffic still runs on the prompted path
and fine-tuning pays that path's running bill; from then on it serves the
fine-tuned model (per token, on a GPU fleet, or a flat monthly sum), pays its
maintenance and monitoring, and retrains every ``retrain_every`` months
counted from go-live.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
import numpy.typing as npt

from tune_or_prompt.tco.fleet import Fleet, FloatArray

FtServing = Literal["per_token", "fleet", "flat"]

# Which of the four headline groups each category belongs to (the memo's cost table), in display order.
CATEGORY_GROUP: dict[str, str] = {
    "prompt_development": "initial",
    "prompt_baseline": "initial",
    "evaluation_suite": "initial",
    "training_data": "initial",
    "data_preparation": "initial",
    "training": "initial",
    "experiments": "initial",
    "pipeline_engineering": "initial",
    "api_usage": "operational",
    "prompt_cache_saving": "operational",
    "self_hosted_gpus": "operational",
    "build_period_prompting": "operational",
    "hosting": "operational",
    "infrastructure_overhead": "operational",
    "hardware_purchase": "operational",
    "hardware_depreciation": "operational",
    "power": "operational",
    "colocation": "operational",
    "hardware_operations": "operational",
    "prompt_maintenance": "maintenance",
    "migration": "maintenance",
    "retraining": "maintenance",
    "model_maintenance": "maintenance",
    "operations": "maintenance",
    "monitoring": "maintenance",
    "api_overhead": "hidden",
    "errors": "errors",
}
GROUPS = ("initial", "operational", "maintenance", "hidden", "errors")


@dataclass(frozen=True)
class Scenarios:
    """The model's inputs, one array entry per scenario (USD, fractions, tokens, seconds).

    Attributes mirror the cash flows of the module docstring; ``*_usd`` are
    dollars, ``*_per_query`` dollars per query at today's prices, trends and
    rates are fractions per year, growth a fraction per month.
    """

    months: int
    pe_on_fleet: bool
    ft_serving: FtServing
    queries: FloatArray
    growth: FloatArray
    api_trend: FloatArray
    gpu_trend: FloatArray
    discount: FloatArray
    # prompting
    pe_prompt_usd: FloatArray
    eval_usd: FloatArray
    pe_maintenance_usd_per_month: FloatArray
    pe_monitoring_usd_per_month: FloatArray
    pe_api_per_query: FloatArray  # the full prompt at standard (and batch) prices
    pe_cache_saving_per_query: FloatArray  # what the cached share of the prefix saves
    api_overhead: FloatArray
    pe_fleet: Fleet
    self_hosted_overhead_usd_per_month: FloatArray
    self_hosted_ops_usd_per_month: FloatArray  # on-call and upkeep of a self-hosted fleet
    # fine-tuning
    build_months: FloatArray
    ft_prompt_baseline_usd: FloatArray
    ft_training_data_usd: FloatArray
    ft_data_prep_usd: FloatArray
    ft_pipeline_usd: FloatArray
    ft_training_run_usd: FloatArray
    ft_experiment_runs: FloatArray
    ft_serving_per_query: FloatArray  # per-token serving of the fine-tuned model
    ft_fleet: Fleet
    ft_flat_usd_per_month: FloatArray
    ft_maintenance_usd_per_month: FloatArray
    ft_monitoring_usd_per_month: FloatArray
    retrain_every: FloatArray  # months between cycles from go-live; 0 never
    retrain_people_usd: FloatArray  # per cycle, at today's prices
    retrain_api_usd: FloatArray  # per cycle, moves with the API price trend
    retrain_gpu_usd: FloatArray  # per cycle, moves with the GPU price trend
    error_usd: FloatArray  # what one wrong answer costs (0: errors not priced)
    pe_error_rate: FloatArray  # share of prompted answers that are wrong
    ft_error_rate: FloatArray  # share of the fine-tuned model's answers that are wrong
    # the API model's shutdown: from month index ``switch_month`` (0-based; >= months: never) the
    # prompted traffic runs on the successor at its prices, and ``migration_usd`` is paid in that month
    switch_month: FloatArray
    pe_api_per_query_after: FloatArray
    pe_cache_saving_per_query_after: FloatArray
    migration_usd: FloatArray
    owned_ops_usd_per_month: FloatArray  # engineers running an owned fleet, per fleet (0: rented)

    @property
    def size(self) -> int:
        """Number of scenarios."""
        return len(self.queries)

    def with_queries(self, queries: FloatArray) -> Scenarios:
        """Return the same scenarios at other month-1 volumes."""
        return dataclasses.replace(self, queries=np.asarray(queries, dtype=np.float64))


FINE_TUNING_FIELDS = frozenset({
    "ft_serving", "build_months", "ft_prompt_baseline_usd", "ft_training_data_usd", "ft_data_prep_usd",
    "ft_pipeline_usd", "ft_training_run_usd", "ft_experiment_runs", "ft_serving_per_query", "ft_fleet",
    "ft_flat_usd_per_month", "ft_maintenance_usd_per_month", "ft_monitoring_usd_per_month", "retrain_every",
    "retrain_people_usd", "retrain_api_usd", "retrain_gpu_usd", "ft_error_rate",
})
"""The :class:`Scenarios` fields only :func:`fine_tuning` reads: :func:`prompt_engineering` reads every other one."""


@dataclass(frozen=True)
class PathFlows:
    """One path's cash flows: per category, each (months, scenarios), plus the fleet's record.

    Attributes:
        categories: USD by category and month (nominal).
        gpus: Peak GPUs in each month (months, scenarios); None when the path runs no fleet.
        gpu_hours: GPU-hours billed in each month; None likewise.
        busy_gpu_hours: GPU-hours of work the traffic needs in each month; None likewise.

    """

    categories: dict[str, FloatArray]
    gpus: FloatArray | None = None
    gpu_hours: FloatArray | None = None
    busy_gpu_hours: FloatArray | None = None

    def monthly(self) -> FloatArray:
        """Total cash flow of each month (months, scenarios), categories added in their order."""
        values = iter(self.categories.values())
        total: FloatArray = next(values).copy()
        for v in values:
            total += v
        return total


@cache
def month_index(months: int) -> FloatArray:
    """0, 1, ..., months - 1 as a (months, 1) column (read-only, shared)."""
    idx = np.arange(months, dtype=np.float64)[:, None]
    idx.flags.writeable = False
    return idx


# yearly_factor's latest results by the rates' values: one pricing asks for the same few many times (every
# option, prompting path and chunk of one set of draws reads the same trends), each from arrays of its own.
_FACTORS: OrderedDict[tuple[int, int, int], tuple[FloatArray, FloatArray]] = OrderedDict()
_FACTORS_LOCK = threading.Lock()  # the web app prices in a pool of threads
FACTOR_CACHE_BYTES = 32 * 2**20
"""The most bytes of factors :func:`yearly_factor` keeps; the least recently used go first."""


def yearly_factor(rate: FloatArray, months: int) -> FloatArray:
    """``(1 + rate) ** (m / 12)`` for every month m (0-based): (months, scenarios), or (months, 1) of ones at 0.

    The result is read-only and shared by the calls with rates of the same values (the model never changes
    an input array in place).
    """
    if not rate.any():
        return _ones(months)
    key = (months, rate.size, hash(rate.tobytes()))
    with _FACTORS_LOCK:
        hit = _FACTORS.get(key)
        if hit is not None and np.array_equal(hit[0], rate):
            _FACTORS.move_to_end(key)
            return hit[1]
    factor: FloatArray = np.power(1.0 + rate[None, :], month_index(months) / 12.0)
    factor.flags.writeable = False
    with _FACTORS_LOCK:
        _FACTORS[key] = (rate.copy(), factor)
        held = sum(f.nbytes for _, f in _FACTORS.values())
        while held > FACTOR_CACHE_BYTES and len(_FACTORS) > 1:
            _, (_, dropped) = _FACTORS.popitem(last=False)
            held -= dropped.nbytes
    return factor


@cache
def _ones(months: int) -> FloatArray:
    ones = np.ones((months, 1))
    ones.flags.writeable = False
    return ones


def volumes(s: Scenarios) -> FloatArray:
    """Return the queries of each month: ``q x (1 + growth) ** m``, (months, scenarios)."""
    if not s.growth.any():
        return np.broadcast_to(s.queries[None, :], (s.months, s.size))
    q: FloatArray = s.queries[None, :] * np.power(1.0 + s.growth[None, :], month_index(s.months))
    return q


def _at_month_one(values: FloatArray, months: int) -> FloatArray:
    out = np.zeros((months, len(values)))
    out[0] = values
    return out


def _every_month(values: FloatArray, months: int) -> FloatArray:
    out: FloatArray = np.broadcast_to(values, (months, len(values))).copy()
    return out


BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class FleetTerm:
    """A fleet a path runs, and the months it runs in.

    Attributes:
        fleet: The sizing rule.
        category: The cost category its GPU-hours go to.
        weight: Per month (months, scenarios): the GPU price trend's factor where the
            fleet runs, 0 elsewhere (times the discount factor for present values).

    """

    fleet: Fleet
    category: str
    weight: FloatArray


def building(s: Scenarios) -> BoolArray:
    """Months in which fine-tuning is still being built (the traffic runs prompted): (months, scenarios)."""
    return month_index(s.months) < s.build_months[None, :]


def fleet_terms(s: Scenarios, path: Literal["prompt_engineering", "fine_tuning"], *,
                discounted: bool = False) -> list[FleetTerm]:
    """Return the fleets ``path`` runs and where: the one place that says so, for cash flows and volume search."""
    if not s.pe_on_fleet and (path == "prompt_engineering" or s.ft_serving != "fleet"):
        return []
    gpu = yearly_factor(s.gpu_trend, s.months)
    if discounted:
        gpu = gpu * discount_factors(s)
    terms = []
    if path == "prompt_engineering":
        if s.pe_on_fleet:
            terms.append(FleetTerm(s.pe_fleet, "self_hosted_gpus", gpu))
        return terms
    build = building(s)
    if s.pe_on_fleet:
        terms.append(FleetTerm(s.pe_fleet, "build_period_prompting", np.where(build, gpu, 0.0)))
    if s.ft_serving == "fleet":
        terms.append(FleetTerm(s.ft_fleet, "hosting", np.where(build, 0.0, gpu)))
    return terms


def prompt_engineering(s: Scenarios, q: FloatArray | None = None, *, fleets: bool = True) -> PathFlows:
    """Prompting's cash flows; ``q`` are the monthly volumes (default :func:`volumes`).

    ``fleets=False`` leaves out the GPU fleets' bills (the only costs that are
    not linear in volume; the break-even volume search adds them itself).
    """
    q = volumes(s) if q is None else q
    n, months = s.size, s.months
    c: dict[str, FloatArray] = {
        "prompt_development": _at_month_one(s.pe_prompt_usd, months),
        "evaluation_suite": _at_month_one(s.eval_usd, months),
    }
    c.update(_running_prompted(s, q, None))
    c["prompt_maintenance"] = _every_month(s.pe_maintenance_usd_per_month, months)
    if migrates(s):
        c["migration"] = _migration(s, np.ones((months, n), dtype=bool))
    c["monitoring"] = _every_month(s.pe_monitoring_usd_per_month, months)
    if s.error_usd.any():
        c["errors"] = q * (s.pe_error_rate * s.error_usd)
    return _with_fleets(PathFlows(c), fleet_terms(s, "prompt_engineering") if fleets else [], q)


def _running_prompted(s: Scenarios, q: FloatArray, live: BoolArray | None) -> dict[str, FloatArray]:
    """Return the prompted path's traffic-driven costs in the months where ``live`` holds (its fleet aside).

    ``q`` and ``live`` cover the first ``len(q)`` months (``live`` None: every one of them).
    """
    rows = len(q)
    if s.pe_on_fleet:
        live = np.ones((rows, s.size), dtype=bool) if live is None else live
        return {"self_hosted_gpus": np.zeros(live.shape),
                "infrastructure_overhead": np.where(live, s.self_hosted_overhead_usd_per_month[None, :], 0.0),
                "operations": np.where(live, s.self_hosted_ops_usd_per_month[None, :], 0.0),
                **_operators(s, s.pe_fleet, live)}
    api = yearly_factor(s.api_trend, s.months)[:rows] * (q if live is None else np.where(live, q, 0.0))
    if migrates(s):
        after = month_index(s.months)[:rows] >= s.switch_month[None, :]
        gross = api * np.where(after, s.pe_api_per_query_after, s.pe_api_per_query)
        saving = api * np.where(after, s.pe_cache_saving_per_query_after, s.pe_cache_saving_per_query)
    else:
        gross = api * s.pe_api_per_query
        saving = api * s.pe_cache_saving_per_query
    return {
        "api_usage": gross,
        "prompt_cache_saving": -saving,
        "api_overhead": (gross - saving) * s.api_overhead,
    }


def _operators(s: Scenarios, fleet: Fleet, live: BoolArray) -> dict[str, FloatArray]:
    """Return the engineers running an owned fleet in the months it runs (nothing for a rented one)."""
    if not fleet.owned:
        return {}
    out = live & (fleet.seconds_per_query > 0)[None, :]
    return {"hardware_operations": np.where(out, s.owned_ops_usd_per_month[None, :], 0.0)}


OWNED_PARTS = ("hardware_depreciation", "power", "colocation")


def purchases(t: FleetTerm, q: FloatArray) -> FloatArray | None:
    """Return what an owned fleet paid up front spends on GPUs each month, times the term's weight (else None)."""
    fleet = t.fleet
    if fleet.purchase_usd_per_gpu is None:
        return None
    q = np.broadcast_to(q, t.weight.shape) if q.shape[0] != t.weight.shape[0] else q
    bought: FloatArray = fleet.bought(q, t.weight > 0) * fleet.purchase_usd_per_gpu[None, :] * t.weight
    return bought


def _with_fleets(flows: PathFlows, terms: list[FleetTerm], q: FloatArray) -> PathFlows:
    """Add each fleet's bill to its category and record the path's GPUs, GPU-hours and busy GPU-hours.

    An owned fleet's bill is split into depreciation, power and colocation,
    except while fine-tuning is built (the prompted traffic's bill stays one sum).
    """
    if not terms:
        return flows
    c = flows.categories
    gpus = hours = busy = None
    for t in terms:
        replica_hours, peak = t.fleet.replica_hours(q)
        live = t.weight > 0
        parts = t.fleet.owned_usd_per_gpu_hour
        bought = purchases(t, q)
        if parts is not None and t.category != "build_period_prompting":
            gpu_hours = replica_hours * t.fleet.gpus_per_replica * t.weight
            for name, usd in zip(OWNED_PARTS, parts, strict=True):
                if np.any(usd):
                    c[name] = c.get(name, 0.0) + gpu_hours * usd
            if bought is not None:
                c["hardware_purchase"] = c.get("hardware_purchase", 0.0) + bought
            if t.category in c and not np.any(c[t.category]):  # the rented fleet's category stays empty
                del c[t.category]
        else:
            c[t.category] = c[t.category] + replica_hours * t.fleet.usd_per_replica_hour * t.weight
            if bought is not None:
                c[t.category] = c[t.category] + bought
        g = np.where(live, peak * t.fleet.gpus_per_replica, 0.0)
        h = np.where(live, replica_hours * t.fleet.gpus_per_replica, 0.0)
        b = np.where(live, q * t.fleet.seconds_per_query * t.fleet.gpus_per_replica / 3600.0, 0.0)
        gpus = g if gpus is None else gpus + g
        hours = h if hours is None else hours + h
        busy = b if busy is None else busy + b
    return PathFlows(c, gpus, hours, busy)


def fine_tuning(s: Scenarios, q: FloatArray | None = None, *, fleets: bool = True) -> PathFlows:
    """Fine-tuning's cash flows; ``q`` are the monthly volumes (default :func:`volumes`).

    ``fleets``: as :func:`prompt_engineering`.
    """
    q = volumes(s) if q is None else q
    months = s.months
    build = building(s)
    live = ~build
    c: dict[str, FloatArray] = {
        "prompt_baseline": _at_month_one(s.ft_prompt_baseline_usd, months),
        "evaluation_suite": _at_month_one(s.eval_usd, months),
        "training_data": _at_month_one(s.ft_training_data_usd, months),
        "data_preparation": _at_month_one(s.ft_data_prep_usd, months),
        "training": _at_month_one(s.ft_training_run_usd, months),
        "experiments": _at_month_one(s.ft_training_run_usd * s.ft_experiment_runs, months),
        "pipeline_engineering": _at_month_one(s.ft_pipeline_usd, months),
    }
    c["build_period_prompting"] = _build_period(s, q, build)
    if s.ft_serving == "per_token":
        per_query = yearly_factor(s.api_trend, months) * np.where(live, q, 0.0) * s.ft_serving_per_query
        c["hosting"] = per_query
        c["api_overhead"] = per_query * s.api_overhead
    elif s.ft_serving == "fleet":
        c["hosting"] = np.zeros(live.shape)
        c["infrastructure_overhead"] = np.where(live, s.self_hosted_overhead_usd_per_month[None, :], 0.0)
        c["operations"] = np.where(live, s.self_hosted_ops_usd_per_month[None, :], 0.0)
        c.update(_operators(s, s.ft_fleet, live))
    else:
        c["hosting"] = np.where(live, s.ft_flat_usd_per_month[None, :], 0.0)
    c["retraining"] = retraining(s)
    if migrates(s):  # the prompted traffic of the build months moves to the successor too
        c["migration"] = _migration(s, build)
    c["model_maintenance"] = np.where(live, s.ft_maintenance_usd_per_month[None, :], 0.0)
    c["monitoring"] = np.where(live, s.ft_monitoring_usd_per_month[None, :], 0.0)
    if s.error_usd.any():  # the build months' answers come from the prompted path
        c["errors"] = q * np.where(build, s.pe_error_rate, s.ft_error_rate) * s.error_usd
    return _with_fleets(PathFlows(c), fleet_terms(s, "fine_tuning") if fleets else [], q)


def _build_period(s: Scenarios, q: FloatArray, build: BoolArray) -> FloatArray:
    """Return what the prompted traffic costs while fine-tuning is built: its costs added in their order.

    Only the months up to the last build month of any scenario are priced: in
    later ones every such cost is zero (no traffic, no fleet running), and so
    is their sum.
    """
    total = np.zeros(build.shape)
    last = float(np.max(s.build_months, initial=0.0))
    rows = s.months if not np.isfinite(last) else int(min(max(np.ceil(last), 0.0), s.months))
    if rows:
        costs = iter(_running_prompted(s, q[:rows], build[:rows]).values())
        total[:rows] = next(costs)
        for v in costs:
            total[:rows] += v
    return total


def migrates(s: Scenarios) -> bool:
    """Whether the API model shuts down within the horizon in any scenario (a prompted path then migrates)."""
    return s.pe_on_fleet is False and bool(np.any(s.switch_month < s.months))


def _migration(s: Scenarios, prompted: BoolArray) -> FloatArray:
    """Return the migration's cost in the month of the shutdown, where the traffic runs prompted then."""
    at = (month_index(s.months) == s.switch_month[None, :]) & prompted
    return np.where(at, s.migration_usd[None, :], 0.0)


def retraining(s: Scenarios) -> FloatArray:
    """Retraining cycles in months go-live + every, go-live + 2 x every, ... (1-based), prices moved by the trends."""
    cycle = _retraining_months(s.build_months, s.retrain_every, s.months)
    cost = s.retrain_people_usd[None, :]
    for usd, trend in ((s.retrain_api_usd, s.api_trend), (s.retrain_gpu_usd, s.gpu_trend)):
        if usd.any():  # a part that is zero in every scenario adds exactly zero
            cost = cost + usd[None, :] * yearly_factor(trend, s.months)
    return np.where(cycle, cost, 0.0)


def _retraining_months(build: FloatArray, every: FloatArray, months: int) -> BoolArray:
    """Whether each month (rows) of each scenario (columns) ends a retraining cycle.

    Both inputs are whole numbers with few distinct pairs, so each pair's
    months are worked out once and the scenarios take their pair's column.
    """
    if build.size == 1 and every.size == 1:
        pairs, inverse = np.stack([build, every]), np.zeros(1, dtype=np.int64)
    elif np.all((build == np.rint(build)) & (every == np.rint(every)) & (build >= 0) & (every >= 0)):
        # Whole months (always, from the questionnaire and the draws): one sortable key per pair.
        keys, inverse = np.unique(build * 4096.0 + every, return_inverse=True)
        pairs = np.stack([np.floor(keys / 4096.0), np.mod(keys, 4096.0)])
    else:
        pairs, inverse = np.unique(np.stack([build, every]), axis=1, return_inverse=True)
    idx = month_index(months)  # 0-based month m is month m + 1
    since = idx + 1 - pairs[0][None, :]  # months since go-live at the end of month m + 1
    step = pairs[1][None, :]
    table = (step > 0) & (since > 0) & (np.mod(since, np.where(step > 0, step, 1.0)) == 0)
    return table[:, inverse.reshape(-1)]  # type: ignore[no-any-return]


def discount_factors(s: Scenarios) -> FloatArray:
    """``(1 + rate) ** (-m / 12)`` for every month (months, scenarios): present value of a dollar in month m + 1."""
    return 1.0 / yearly_factor(s.discount, s.months)
