"""The values each fact can take, for reasoning about conditions without running them.

``rules lint`` decides whether a condition can ever hold, or always holds,
over these domains:

* **answers**: each field's type and pydantic bounds in
  :class:`~tune_or_prompt.answers.Answers` (``accuracy_target_pct`` is 0 to
  100, ``tasks_sharing_model`` an integer from 1), never absent;
* **house questions**: their type, ``min``/``max`` and ``choices``; absent
  when a question has no default and is not answered;
* **derived and cost facts**: the natural ranges in :data:`NATURAL`, which
  follow from how they are computed (a total cost is not negative, the cost
  ratio is the dearer total over the cheaper, so at least 1; a share of draws
  is 0 to 1; the break-even month is a month of the horizon, 1 to 240), and
  absent where the facts stage leaves them out.

A fact with no entry (a cost figure added later) gets the widest domain of
its type, possibly absent: the lint then finds fewer problems, never false ones.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import annotated_types

from tune_or_prompt.answers import Answers
from tune_or_prompt.facts import FactSpec
from tune_or_prompt.rules.schema import HouseQuestion

Kind = Literal["number", "bool", "str"]


@dataclass(frozen=True)
class Domain:
    """The values one fact can take.

    Attributes:
        kind: ``number``, ``bool`` or ``str``.
        low: Lowest number (``-inf``: unbounded).
        high: Highest number (``inf``: unbounded).
        integer: Only whole numbers.
        choices: The closed set of a ``str`` fact (booleans: both); ``None``: any text.
        may_be_absent: Whether the fact can be missing from the facts.
        origin: Where the range comes from, for messages ("the answers' range").
        default: The value when nobody answers (questions only).

    """

    kind: Kind
    low: float = -math.inf
    high: float = math.inf
    integer: bool = False
    choices: tuple[Any, ...] | None = None
    may_be_absent: bool = False
    origin: str = ""
    default: Any = None

    def range_words(self) -> str:
        """Return the range in words, e.g. ``0 to 100`` or ``at least 1``."""
        if self.kind != "number":
            return "true or false" if self.kind == "bool" else (
                "one of " + ", ".join(map(str, self.choices)) if self.choices else "any text"
            )
        whole = "a whole number " if self.integer else ""
        if math.isfinite(self.low) and math.isfinite(self.high):
            return f"{whole}{self.low:g} to {self.high:g}"
        if math.isfinite(self.low):
            return f"{whole}at least {self.low:g}"
        if math.isfinite(self.high):
            return f"{whole}at most {self.high:g}"
        return f"{whole}any number".strip()


# Derived and cost facts: (low, high, integer, may be absent, why).
NATURAL: dict[str, tuple[float, float, bool, bool, str]] = {
    "monthly_tokens": (0, math.inf, False, False, "tokens a month are not negative"),
    "daily_tokens": (0, math.inf, False, False, "tokens a day are not negative"),
    "tco_prompt_engineering_usd": (0, math.inf, False, False, "a total cost is not negative"),
    "tco_fine_tuning_usd": (0, math.inf, False, False, "a total cost is not negative"),
    "tco_savings_with_prompting_usd": (-math.inf, math.inf, False, False, "a difference of totals"),
    "tco_cost_ratio": (1, math.inf, False, True, "the dearer total over the cheaper is at least 1"),
    "break_even_month": (1, 240, True, True, "a month of the horizon, which is 1 to 240 months"),
    "break_even_queries_per_month": (0, math.inf, False, True, "a query volume is not negative"),
    "p_fine_tuning_cheaper": (0, 1, False, True, "a share of the uncertainty draws"),
}


def _answer_domain(name: str, spec: FactSpec) -> Domain:
    info = Answers.model_fields[name]
    default = info.default
    if spec.type == "bool":
        return Domain("bool", choices=(False, True), origin="a yes/no answer", default=default)
    if spec.type == "str":
        return Domain("str", choices=spec.choices or None, origin="the answer's values", default=default)
    low, high = -math.inf, math.inf
    for bound in info.metadata:
        if isinstance(bound, annotated_types.Ge):
            low = float(bound.ge)  # type: ignore[arg-type]
        elif isinstance(bound, annotated_types.Le):
            high = float(bound.le)  # type: ignore[arg-type]
    return Domain(
        "number", low, high, info.annotation is int, origin="the answer's allowed range",
        default=default,
    )


def _house_domain(q: HouseQuestion) -> Domain:
    absent = q.default is None
    origin = f"house question {q.id}"
    if q.type == "bool":
        return Domain("bool", choices=(False, True), may_be_absent=absent, origin=origin, default=q.default)
    if q.type in ("str", "choice"):
        choices = tuple(q.choices) if q.choices else None
        return Domain("str", choices=choices, may_be_absent=absent, origin=origin, default=q.default)
    low = -math.inf if q.min is None else q.min
    high = math.inf if q.max is None else q.max
    return Domain(
        "number", low, high, q.type == "int", may_be_absent=absent,
        origin=f"{origin}'s min and max", default=q.default,
    )


def _natural_domain(spec: FactSpec) -> Domain:
    if spec.name in NATURAL:
        low, high, integer, absent, why = NATURAL[spec.name]
        return Domain("number", low, high, integer, may_be_absent=absent, origin=why)
    if spec.type == "bool":
        return Domain("bool", choices=(False, True), may_be_absent=True)
    if spec.type == "str":
        # tco_cheaper and any closed set; the facts stage always gives tco_cheaper.
        return Domain("str", choices=spec.choices or None, may_be_absent=spec.name != "tco_cheaper",
                      origin="its values")
    return Domain("number", may_be_absent=True)


def fact_domains(facts: Mapping[str, FactSpec], questions: tuple[HouseQuestion, ...]) -> dict[str, Domain]:
    """Return the domain of every fact of a rule set's vocabulary."""
    house = {q.id: q for q in questions}
    domains: dict[str, Domain] = {}
    for name, spec in facts.items():
        if name in Answers.model_fields:
            domains[name] = _answer_domain(name, spec)
        elif name in house:
            domains[name] = _house_domain(house[name])
        else:
            domains[name] = _natural_domain(spec)
    return domains
