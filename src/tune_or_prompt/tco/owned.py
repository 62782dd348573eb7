"""Owned GPUs: which GPU types can be bought, and what an hour of an owned GPU costs.

An owned GPU costs, per hour it is held (a month is 730 hours, a year 8,760):

* depreciation: ``purchase x (1 + server share) / (life in years x 8,760)``, the
  purchase spread straight-line over the hardware's life (replaced at its end);
* power: ``kW x (1 + server power) x PUE x USD/kWh``;
* colocation: ``kW x (1 + server power) x USD per kW-month / 730``.

The fleet that holds them is fixed at the peak and never shrinks
(:class:`~.fleet.Fleet`); the engineers who run it are a monthly cost of their
own (``owned_ops_hours_per_month``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tune_or_prompt.pricing.owned import owned_gpus
from tune_or_prompt.tco.assumptions import Assumptions
from tune_or_prompt.tco.fleet import HOURS_PER_MONTH
from tune_or_prompt.tco.options import Option

if TYPE_CHECKING:
    from tune_or_prompt.tco.resolve import Context

HOURS_PER_YEAR = HOURS_PER_MONTH * 12


def can_own(gpu_id: str, a: Assumptions) -> bool:
    """Whether a GPU type can be priced as owned: a shipped purchase price, or the user's for the pinned type."""
    owned = owned_gpus().get(gpu_id)
    if owned is None:
        return False
    return owned.purchase_usd is not None or (a.gpu_type == gpu_id and a.gpu_purchase_usd is not None)


def owned_option(o: Option, a: Assumptions) -> Option:
    """Return a dedicated option as owned GPUs, or not feasible when its GPU type has no purchase price."""
    if o.kind != "dedicated" or o.gpu is None:
        return o
    if can_own(o.gpu.id, a):
        return dataclasses.replace(o, label=f"{o.label}, owned")
    if o.gpu.id not in owned_gpus():
        return dataclasses.replace(o, feasible=False, reason=f"no public purchase price or power figure for the "
                                   f"{o.gpu.name}, so it cannot be priced as owned")
    return dataclasses.replace(o, feasible=False, reason=f"no public purchase price for the {o.gpu.name}; "
                               f"set --gpu-type {o.gpu.id} and --gpu-purchase-usd to own it")


def owned_options(options: list[Option], a: Assumptions) -> list[Option]:
    """Return the options as owned GPUs (:func:`owned_option`), each open model on the GPU types it can be bought.

    ``model_size``'s open model keeps every GPU type it fits on, those without a purchase price listed as not
    feasible, as does an open model none of whose types can be bought; another size lists only those it can.
    """
    owned = [owned_option(o, a) for o in options]
    buyable = {o.model.id for o in owned if o.kind == "dedicated" and o.model is not None and o.gpu is not None
               and can_own(o.gpu.id, a)}
    return [o for o in owned if o.kind != "dedicated" or o.model is None or o.gpu is None
            or o.model.size == a.model_size or o.model.id not in buyable or can_own(o.gpu.id, a)]


def _gpu_values(gpu_id: str, a: Assumptions, prefix: str) -> dict[str, float]:
    shipped = owned_gpus()[gpu_id]
    user = a.gpu_purchase_usd if a.gpu_type == gpu_id else None
    price = user if user is not None else shipped.purchase_usd.value if shipped.purchase_usd else 0.0
    return {f"{prefix}gpu_purchase_usd": price, f"{prefix}gpu_power_kw": shipped.power_kw.value}


def owned_values(ctx: Context, option: Option) -> dict[str, float]:
    """Return the purchase price and power of the GPUs ``option`` and on-premise prompting would own."""
    a = ctx.assumptions
    values: dict[str, float] = {}
    if option.gpu is not None and can_own(option.gpu.id, a):
        values.update(_gpu_values(option.gpu.id, a, ""))
    if ctx.pe_served is not None:
        values.update(_gpu_values(ctx.pe_served.gpu.id, a, "pe_"))
    return values


def purchase_price(v: Callable[[str], Any], prefix: str) -> Any:
    """Return one owned GPU's price with its server share, from parameter values ``v``."""
    return v(f"{prefix}gpu_purchase_usd") * (1 + v("server_share_pct") / 100)


def owned_parts(v: Callable[[str], Any], prefix: str, *, upfront: bool = False) -> tuple[Any, Any, Any]:
    """Return an owned GPU's (depreciation, power, colocation) per hour, from parameter values ``v``.

    Paid up front, the purchase is a cost of the months GPUs are bought, so depreciation is 0.
    """
    depreciation = 0.0 if upfront else purchase_price(v, prefix) / (v("hardware_life_years") * HOURS_PER_YEAR)
    kw = v(f"{prefix}gpu_power_kw") * (1 + v("server_power_pct") / 100)
    power = kw * v("pue") * v("electricity_usd_per_kwh")
    colocation = kw * v("colocation_usd_per_kw_month") / HOURS_PER_MONTH
    return depreciation, power, colocation
