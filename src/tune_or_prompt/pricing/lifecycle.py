"""API models' announced shutdown dates and successors, and where they fall in a priced horizon.

``lifecycle.json`` beside this module lists, per API model, the date its
provider shuts it down, the substitute the provider names, the source with
the date it was read, and how sure the date is (``trust``):

* ``confirmed``: the provider's own page (or a dated archived copy) gives it;
* ``earliest``: the provider's page gives only the earliest possible date;
* ``reported``: only third parties restate it.

By default only confirmed dates are priced; ``retirement_dates: reported``
prices the others too. Open models never retire (a team keeps the weights),
so they have no entry.

The horizon starts at a month (``YYYY-MM``, default this month by
:data:`today`, which tests replace). A model shut down before that month
cannot be priced; one shut down within the horizon is replaced by its
successor in the month of the shutdown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from tune_or_prompt.errors import UserError

_DATA = Path(__file__).with_name("lifecycle.json")
Trust = Literal["confirmed", "earliest", "reported"]
RetirementDates = Literal["confirmed", "reported"]
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

TRUST_WORDS: dict[str, str] = {
    "confirmed": "confirmed on the provider's own page",
    "earliest": "the earliest possible date the provider's page gives, not a fixed date",
    "reported": "reported by third parties only, not confirmed on the provider's page",
}


def _clock() -> date:
    return datetime.now(timezone.utc).date()


today: Callable[[], date] = _clock
"""The clock the default start month is read from (replaced in tests)."""


class Retirement(BaseModel):
    """One API model's announced shutdown."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    names: list[str]
    provider: str
    shutdown: date
    successor: str | None
    trust: Trust
    source: str
    read: date

    def priced(self, dates: RetirementDates) -> bool:
        """Whether the cost model prices this shutdown under the ``dates`` setting."""
        return self.trust == "confirmed" or dates == "reported"


class Lifecycle(BaseModel):
    """Every listed shutdown."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    models: list[Retirement]

    def of(self, *names: str | None) -> Retirement | None:
        """Return the shutdown of the first of ``names`` (a user's name, a catalogue name) that is listed."""
        for name in names:
            if not name:
                continue
            key = name.strip().lower()
            for r in self.models:
                if key in r.names:
                    return r
        return None


@cache
def lifecycle() -> Lifecycle:
    """Return the shipped lifecycle data (read once)."""
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    return Lifecycle(models=raw["models"])


def parse_month(text: str) -> date:
    """Return the first day of the month ``YYYY-MM``.

    Raises:
        UserError: not a month in that form.

    """
    m = MONTH.match(text.strip())
    if m is None:
        raise UserError(f"start_month: {text!r} is not a month in the form YYYY-MM (e.g. 2026-06)")
    return date(int(m.group(1)), int(m.group(2)), 1)


def start_of(start_month: str | None) -> date:
    """Return the first day of the horizon: ``start_month``, or this month by :data:`today`."""
    if start_month is not None:
        return parse_month(start_month)
    now = today()
    return date(now.year, now.month, 1)


def months_between(start: date, when: date) -> int:
    """Return the 0-based horizon month that ``when`` falls in (negative: before the start month)."""
    return (when.year - start.year) * 12 + when.month - start.month


@dataclass(frozen=True)
class Shutdown:
    """A shutdown placed in a horizon.

    Attributes:
        retirement: The listed shutdown.
        month_index: 0-based horizon month it falls in (at or beyond the horizon: after it).
        priced: Whether the cost model prices it (its trust and the ``retirement_dates`` setting).

    """

    retirement: Retirement
    month_index: int
    priced: bool


def place(model: str, catalogue_name: str | None, start: date, months: int,
          dates: RetirementDates) -> Shutdown | None:
    """Return where ``model``'s shutdown falls in the horizon, or None when it has none listed.

    Raises:
        UserError: a priced shutdown before the start month (naming the date and
            the successor), or one within the horizon with no successor named.

    """
    r = lifecycle().of(model, catalogue_name)
    if r is None:
        return None
    index = months_between(start, r.shutdown)
    priced = r.priced(dates)
    if priced and index < 0:
        then = f"; choose its successor (--api-model {r.successor})" if r.successor else "; choose another model"
        raise UserError(
            f"api_model: {model} was shut down on {r.shutdown.isoformat()}, before the start month "
            f"{start:%Y-%m}{then}, or a --start-month before {r.shutdown:%Y-%m}"
        )
    if priced and index < months and r.successor is None:
        raise UserError(
            f"api_model: {model} shuts down on {r.shutdown.isoformat()} (month {max(index, 0) + 1} of the "
            f"horizon) and {r.provider} names no successor; choose another --api-model or a shorter horizon"
        )
    return Shutdown(r, index, priced)
