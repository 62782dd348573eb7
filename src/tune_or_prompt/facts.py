"""The facts stage: answers, derived figures and TCO figures as one flat dict.

Rules read facts by name, so this module is the one place that says which
names exist and what type each has (:data:`BUILTIN_FACTS`). The rule-pack
compiler checks every comparison against these types before anything reaches
durable_rules, which would otherwise compare a string with a number as text,
silently. House packs add facts of their own through their questions.

A fact whose value is unknown is *absent* from the dict rather than ``None``:
``break_even_month`` is absent when fine-tuning never breaks even, which rules
test with ``exists``.
"""

from __future__ import annotations

import math
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin

from tune_or_prompt.answers import DAYS_PER_MONTH, Answers
from tune_or_prompt.checks import non_finite

if TYPE_CHECKING:  # the facts are built from a report they are given; the rules import this module
    from tune_or_prompt.tco import TcoReport
    from tune_or_prompt.tco.headline import Headline

FactType = Literal["bool", "number", "str"]


@dataclass(frozen=True)
class FactSpec:
    """What one fact name means: its type, allowed values and where it comes from.

    Attributes:
        name: The fact's name, as rules and answers files spell it.
        type: ``bool``, ``number`` (int or float) or ``str``.
        choices: For a ``str`` fact with a closed set of values, that set.
        origin: ``answer``, ``derived``, ``tco`` or ``house:<pack>``.
        description: One line for ``rules list`` and error help.

    """

    name: str
    type: FactType
    choices: tuple[str, ...] = ()
    origin: str = "answer"
    description: str = ""


def _spec_from_annotation(name: str, annotation: Any, description: str) -> FactSpec:
    if get_origin(annotation) in (typing.Union, types.UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    if annotation is bool:
        return FactSpec(name, "bool", description=description)
    if annotation in (int, float):
        return FactSpec(name, "number", description=description)
    if get_origin(annotation) is Literal:
        return FactSpec(
            name, "str", tuple(str(a) for a in get_args(annotation)), description=description
        )
    return FactSpec(name, "str", description=description)


def _answer_facts() -> dict[str, FactSpec]:
    hints = typing.get_type_hints(Answers)
    return {
        name: _spec_from_annotation(name, hints[name], info.description or "")
        for name, info in Answers.model_fields.items()
    }


_CHEAPER = ("prompt_engineering", "fine_tuning", "tie")

BUILTIN_FACTS: dict[str, FactSpec] = {
    **_answer_facts(),
    "monthly_tokens": FactSpec(
        "monthly_tokens",
        "number",
        origin="derived",
        description="Input plus output tokens a month (month 1).",
    ),
    "daily_tokens": FactSpec(
        "daily_tokens",
        "number",
        origin="derived",
        description=f"monthly_tokens / {DAYS_PER_MONTH}.",
    ),
    "tco_prompt_engineering_usd": FactSpec(
        "tco_prompt_engineering_usd",
        "number",
        origin="tco",
        description="Prompt engineering's total cost over the horizon (full profile).",
    ),
    "tco_fine_tuning_usd": FactSpec(
        "tco_fine_tuning_usd",
        "number",
        origin="tco",
        description="Fine-tuning's total cost over the horizon (full profile).",
    ),
    "tco_savings_with_prompting_usd": FactSpec(
        "tco_savings_with_prompting_usd",
        "number",
        origin="tco",
        description="Fine-tuning's total minus prompting's (negative: fine-tuning is cheaper).",
    ),
    "tco_cheaper": FactSpec(
        "tco_cheaper",
        "str",
        _CHEAPER,
        origin="tco",
        description="The cheaper path over the horizon, or tie.",
    ),
    "tco_cost_ratio": FactSpec(
        "tco_cost_ratio",
        "number",
        origin="tco",
        description="Dearer total / cheaper total (absent when the cheaper total is 0).",
    ),
    "break_even_month": FactSpec(
        "break_even_month",
        "number",
        origin="tco",
        description="First month fine-tuning stays cheaper cumulatively (absent: never).",
    ),
    "break_even_queries_per_month": FactSpec(
        "break_even_queries_per_month",
        "number",
        origin="tco",
        description="Month-1 volume at which both totals are equal (absent: none).",
    ),
    "volume_vs_break_even": FactSpec(
        "volume_vs_break_even",
        "number",
        origin="tco",
        description="queries_per_month / break_even_queries_per_month (absent: no break-even volume, or 0).",
    ),
    "ft_option": FactSpec(
        "ft_option",
        "str",
        origin="tco",
        description="The fine-tuning option the costs describe (the cheapest feasible), e.g. "
        "dedicated:llama-3.1-8b@l4.",
    ),
    "ft_option_kind": FactSpec(
        "ft_option_kind",
        "str",
        ("provider", "serverless_lora", "dedicated", "flat"),
        origin="tco",
        description="The kind of that option: provider, serverless_lora, dedicated or flat.",
    ),
    "p_fine_tuning_cheaper": FactSpec(
        "p_fine_tuning_cheaper",
        "number",
        origin="tco",
        description="Share (0-1) of the uncertainty draws in which fine-tuning is cheaper "
        "(absent: no uncertainty run).",
    ),
}

# Answers that may be left empty.
_OPTIONAL_ANSWERS = tuple(name for name, info in Answers.model_fields.items() if info.default is None)
# Fields durable_rules needs on every asserted fact besides the facts themselves.
RESERVED_FIELDS = ("sid", "kind", "id")


def build_facts(
    answers: Answers, tco: TcoReport, house: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Return the flat fact dict the rules read.

    Args:
        answers: The validated built-in answers.
        tco: The full-profile TCO report for the same workload.
        house: Validated house answers (see ``RuleSet.validate_house_answers``);
            a ``None`` value means unanswered and leaves the fact absent.

    Raises:
        ValueError: a house fact reuses a built-in name, or a value is not
            finite (then a :class:`~tune_or_prompt.checks.NonFiniteFigure`,
            which the command line reports as one error line).

    """
    return facts_from(answers, tco.headline(), house)


def facts_from(
    answers: Answers, costs: Headline, house: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Return the flat fact dict from the answers and a comparison's headline figures.

    :func:`build_facts` reads the headline off a full report; batch computes it
    for many workloads at once (:func:`~tune_or_prompt.tco.report.headline`).

    Raises:
        ValueError: as :func:`build_facts`.

    """
    # Every answer is a flat bool, number or string held in the model's
    # __dict__, so a copy of it is what model_dump() gives, at a tenth of the
    # cost (batch calls this per row; tests/test_facts.py holds them equal).
    facts: dict[str, Any] = answers.__dict__.copy()
    for name in _OPTIONAL_ANSWERS:  # an empty optional answer leaves its fact absent
        if facts[name] is None:
            del facts[name]
    monthly = answers.monthly_tokens
    facts["monthly_tokens"] = monthly
    facts["daily_tokens"] = monthly / DAYS_PER_MONTH
    facts["tco_prompt_engineering_usd"] = costs.prompt_engineering_usd
    facts["tco_fine_tuning_usd"] = costs.fine_tuning_usd
    facts["tco_savings_with_prompting_usd"] = costs.savings_with_prompting_usd
    facts["tco_cheaper"] = costs.cheaper
    # Unknown figures leave their fact absent.
    if costs.cost_ratio is not None:
        facts["tco_cost_ratio"] = costs.cost_ratio
    if costs.break_even_month is not None:
        facts["break_even_month"] = costs.break_even_month
    if costs.break_even_queries_per_month is not None:
        facts["break_even_queries_per_month"] = costs.break_even_queries_per_month
        if costs.break_even_queries_per_month > 0:
            facts["volume_vs_break_even"] = round(answers.queries_per_month / costs.break_even_queries_per_month, 4)
    if costs.p_fine_tuning_cheaper is not None:
        facts["p_fine_tuning_cheaper"] = costs.p_fine_tuning_cheaper
    if costs.ft_option is not None:
        facts["ft_option"] = costs.ft_option
        facts["ft_option_kind"] = costs.ft_option.split(":", 1)[0]
    if house:
        for name, value in house.items():
            if name in BUILTIN_FACTS or name in RESERVED_FIELDS:
                raise ValueError(f"house fact {name!r} clashes with a built-in fact")
            if value is not None:
                facts[name] = value
    # A finite sum means every number is finite (the usual case); otherwise
    # find the culprit (an overflowing sum of finite numbers has none). The
    # answers are checked too: a model_copy(update=...) skips their validation.
    if not math.isfinite(sum(v for v in facts.values() if isinstance(v, float))):
        for name, value in facts.items():
            if isinstance(value, float) and not math.isfinite(value):
                raise non_finite(f"fact {name!r}", value)
    return facts

