"""What would change the answer: the thresholds at which the verdict flips.

Each candidate input is moved away from its answer while everything else stays
put, and the whole decision (costs, then rules) is re-run:

* numbers (query volume, API prices, accuracy target) are scanned over a
  log-spaced or linear grid on each side of the answer; the first grid point
  with another verdict is refined by bisection against the last point with the
  current one, so the threshold is the nearest flip on that side;
* choices and yes/no answers are tried at each other value.

A reader can act only on a flip that could happen, so each flip says whether it
lies within the input's plausible range (:data:`VOLUME_RANGE`,
:data:`PRICE_RANGE`: volume within 1/100x to 100x of the answer, API prices
within 1/10x to 10x of today's; any accuracy target), and the flips come
nearest first, the distance measured as a share of that range. The memo lists
the plausible ones and names the others in one line.

The sweeps run the pure-Python reference evaluator of the same compiled rules
(the differential test holds it identical to durable_rules, and it is ~25x
faster) and keep only the verdict (:func:`~tune_or_prompt.rules.policy.outcome`:
no reason texts), and skip the break-even volume search unless a rule's condition reads
``break_even_queries_per_month``, so a memo's thresholds cost tens of
milliseconds, not seconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tune_or_prompt.advice import Flip
from tune_or_prompt.answers import Answers
from tune_or_prompt.decision import Decision
from tune_or_prompt.errors import UserError
from tune_or_prompt.facts import build_facts
from tune_or_prompt.pipeline import workload_of
from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.rules import LoadedRule, ReferenceEngine, RuleSet
from tune_or_prompt.rules.policy import outcome
from tune_or_prompt.tco import Assumptions, TcoReport, compute_tco

VERDICT_WORDS = {
    "prompt_engineering": "prompt engineering",
    "fine_tuning": "fine-tuning",
    "prompt_engineering_first": "prompt engineering first, fine-tuning once its gates are met",
    "undecided": "undecided",
}
_BISECT_STEPS = 14  # a factor-of-1.8 bracket narrowed to ~0.01%
# How far an input may plausibly move over the horizon, as a factor either way.
# Volume: a feature's traffic can grow or shrink a hundredfold. API prices: a
# tenfold change covers the falls of recent years and a move to a larger model
# tier of the same provider; beyond it the recommendation is for another model,
# which the API model question covers.
VOLUME_RANGE = 100.0
PRICE_RANGE = 10.0
_ENGINE = ReferenceEngine()


@dataclass(frozen=True)
class _Context:
    answers: Answers
    house: Mapping[str, Any]
    assumptions: Assumptions
    catalogue: Catalogue
    ruleset: RuleSet
    api_prices: tuple[float, float] | None  # the run's (input, output) API prices
    needs_break_even_volume: bool  # whether any rule or gate condition reads that fact

    def verdict(self, answers: Answers, assumptions: Assumptions | None = None,
                report: TcoReport | None = None) -> str:
        """Re-run the decision for changed answers (and assumptions)."""
        if report is None:
            report = compute_tco(workload_of(answers), assumptions or self.assumptions, self.catalogue,
                                 break_even_volume=self.needs_break_even_volume)
        facts = build_facts(answers, report, dict(self.house))
        return outcome(self.ruleset, facts, _ENGINE.run(self.ruleset.compiled, facts))[0]


def _scan(values: list[float], verdict_at: Callable[[float], str], current: str) -> tuple[float, float] | None:
    """Return (last value with ``current``, first value without it) along ``values``, if any."""
    last = None
    for v in values:
        if verdict_at(v) != current:
            return (last if last is not None else v, v)
        last = v
    return None


def _refine(bracket: tuple[float, float], verdict_at: Callable[[float], str], current: str,
            geometric: bool) -> tuple[float, str]:
    """Narrow a (same, different) bracket; return the first value with another verdict, and it."""
    same, other = bracket
    for _ in range(_BISECT_STEPS):
        mid = math.sqrt(same * other) if geometric and same > 0 and other > 0 else (same + other) / 2
        if verdict_at(mid) == current:
            same = mid
        else:
            other = mid
    return other, verdict_at(other)


@dataclass(frozen=True)
class _Numeric:
    """How to sweep one number and how to word its thresholds."""

    name: str
    label: str  # the input's name in a list ("Query volume")
    subject: str  # how a sentence starts on it ("A volume")
    unit: str
    current: float
    up: list[float]
    down: list[float]
    verdict_at: Callable[[float], str]
    geometric: bool
    describe: Callable[[float], str]
    now: str | None  # "(now ...)" text; None to leave it out
    shown: Callable[[float], float]  # the value as the Flip reports it
    plausible: tuple[float, float]  # the range a flip must fall in to be listed, in the scan's values


def _numeric_flips(spec: _Numeric, current: str) -> list[Flip]:
    flips = []
    low, high = spec.plausible
    for grid, direction in ((spec.up, "above"), (spec.down, "below")):
        bracket = _scan(grid, spec.verdict_at, current)
        if bracket is None:
            continue
        threshold, new = _refine(bracket, spec.verdict_at, current, spec.geometric)
        now = f" (now {spec.now})" if spec.now else ""
        flips.append(Flip(
            parameter=spec.name, label=spec.label, current=spec.shown(spec.current),
            threshold=spec.shown(threshold), unit=spec.unit,
            low=spec.shown(low), high=spec.shown(high), within_range=low <= threshold <= high,
            distance=round(_distance(spec.current, threshold, low, high, spec.geometric), 4),
            sentence=(f"{spec.subject} {direction} {spec.describe(threshold)}{now} "
                      f"would change the recommendation to {VERDICT_WORDS[new]}."),
        ))
    return flips


def _distance(current: float, threshold: float, low: float, high: float, geometric: bool) -> float:
    """How far the flip is from today's value, as a share of the plausible range (log scale if geometric)."""
    if geometric and min(current, threshold, low) > 0:
        width = math.log(high / low)
        return abs(math.log(threshold / current)) / width if width > 0 else 0.0
    width = high - low
    return abs(threshold - current) / width if width > 0 else 0.0


def _sig(x: float, digits: int = 3) -> str:
    """Format ``x`` to ``digits`` significant figures with thousands separators."""
    if x == 0:
        return "0"
    rounded = float(f"{x:.{digits}g}")
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(rounded))))
    return f"{rounded:,.{decimals}f}"


def _volume_flips(ctx: _Context, current: str) -> list[Flip]:
    q = ctx.answers.queries_per_month
    base = q if q > 0 else 1.0
    factors = [10 ** (k / 4) for k in range(1, 13)]  # x1.78 ... x1000
    up = [base * f for f in factors]
    down = [base / f for f in factors]

    def at(v: float) -> str:
        return ctx.verdict(ctx.answers.model_copy(update={"queries_per_month": v}))

    return _numeric_flips(_Numeric(
        "queries_per_month", "Query volume", "A volume", "queries/month", q, up, down, at, True,
        lambda v: f"{_sig(v)} queries a month", f"{_sig(q)}", lambda v: float(_sig(v).replace(",", "")),
        (base / VOLUME_RANGE, base * VOLUME_RANGE),
    ), current)


def _price_flips(ctx: _Context, current: str) -> list[Flip]:
    if ctx.api_prices is None:
        return []
    pin, pout = ctx.api_prices
    factors = [10 ** (k / 4) for k in range(1, 9)]  # x1.78 ... x100
    up = list(factors)
    down = [1 / f for f in factors]

    def at(m: float) -> str:
        a = ctx.assumptions.model_copy(update={"input_price_usd_per_mtok": pin * m,
                                               "output_price_usd_per_mtok": pout * m})
        return ctx.verdict(ctx.answers, a)

    def words(m: float) -> str:
        return f"{m:.2f}x today's price ({'+' if m >= 1 else ''}{(m - 1) * 100:,.0f}%)"

    return _numeric_flips(_Numeric(
        "api_price_change_pct", "API prices", "API prices", "% change", 1.0, up, down, at, True, words, None,
        lambda m: float(round((m - 1) * 100)), (1 / PRICE_RANGE, PRICE_RANGE),
    ), current)


def _accuracy_flips(ctx: _Context, current: str, report: TcoReport) -> list[Flip]:
    a = ctx.answers.accuracy_target_pct

    def at(v: float) -> str:
        return ctx.verdict(ctx.answers.model_copy(update={"accuracy_target_pct": v}), report=report)

    # Every 5 points, then bisection: a rule's threshold is found to 0.001 points.
    up = [*(float(v) for v in range(5 * math.floor(a / 5) + 5, 100, 5)), 100.0]
    down = [*(float(v) for v in range(5 * math.ceil(a / 5) - 5, 0, -5)), 0.0]
    up = [v for v in up if v > a]
    down = [v for v in down if v < a]
    return _numeric_flips(_Numeric(
        "accuracy_target_pct", "Accuracy target", "An accuracy target", "%", a, up, down, at, False,
        lambda v: f"{v:.1f}%", f"{a:g}%", lambda v: round(v, 1), (0.0, 100.0),
    ), current)


_CHOICES: dict[str, tuple[Any, ...]] = {
    "requirements_change": ("weekly", "monthly", "quarterly", "rarely"),
    "privacy": ("cloud_ok", "on_premise"),
    "latency_critical": (False, True),
    "consistency_critical": (False, True),
    "prompting_plateaued": (False, True),
}
_CHOICE_WORDS = {
    "requirements_change": "requirements changing {v}",
    "privacy": "{v} data handling",
    "latency_critical": "latency {v}",
    "consistency_critical": "consistency {v}",
    "prompting_plateaued": "prompting {v}",
}
_CHOICE_LABELS = {
    "requirements_change": "Requirements change",
    "privacy": "Privacy",
    "latency_critical": "Latency",
    "consistency_critical": "Consistency",
    "prompting_plateaued": "Prompting plateau",
}
_BOOL_WORDS = {
    "latency_critical": ("not critical", "critical"),
    "consistency_critical": ("not critical", "critical"),
    "prompting_plateaued": ("still improving", "plateaued"),
}


def _choice_flips(ctx: _Context, current: str, report: TcoReport) -> list[Flip]:
    flips = []
    for name, options in _CHOICES.items():
        now = getattr(ctx.answers, name)
        for option in options:
            if option == now:
                continue
            changed = ctx.answers.model_copy(update={name: option})
            try:
                new = ctx.verdict(changed, report=None if name == "privacy" else report)
            except UserError:
                continue  # e.g. an option pinned by ft_option does not exist on premise
            if new == current:
                continue
            shown = _BOOL_WORDS[name][int(option)] if name in _BOOL_WORDS else str(option).replace("_", " ")
            was = _BOOL_WORDS[name][int(now)] if name in _BOOL_WORDS else str(now).replace("_", " ")
            words = _CHOICE_WORDS[name].format(v=shown)
            flips.append(Flip(
                parameter=name, label=_CHOICE_LABELS[name], current=str(now),
                threshold=str(option), distance=1.0,
                sentence=f"With {words} (now {was}), the recommendation would be {VERDICT_WORDS[new]}.",
            ))
    return flips


def what_would_change(
    answers: Answers,
    house: Mapping[str, Any],
    report: TcoReport,
    decision: Decision,
    *,
    assumptions: Assumptions,
    catalogue: Catalogue,
    ruleset: RuleSet,
) -> list[Flip]:
    """Return the inputs whose change flips the verdict, with the nearest flip point of each.

    Numbers get a threshold on each side where one exists within the scanned
    range (volume: 1/1000x to 1000x the answer; API prices: 1/100x to 100x;
    accuracy: 0-100%); choices and yes/no answers are tried at every other value.
    The flips within their plausible range come first, nearest first (a change
    of a choice counts as the whole range); then the others, likewise.
    """
    prices = _run_prices(report)
    reads = {f for r in ruleset.rules for f in reads_condition(r)}
    reads |= {f for step in ruleset.steps for f in step.read_facts}
    ctx = _Context(answers, house, assumptions, catalogue, ruleset, prices,
                   "break_even_queries_per_month" in reads)
    current = decision.verdict
    flips = [
        *_volume_flips(ctx, current),
        *_price_flips(ctx, current),
        *_accuracy_flips(ctx, current, report),
        *_choice_flips(ctx, current, report),
    ]
    return sorted(flips, key=lambda f: (not f.within_range, f.distance))


def reads_condition(rule: LoadedRule) -> tuple[str, ...]:
    """Return the facts a rule's verdict and strength depend on (not its reason's text)."""
    from tune_or_prompt.rules.conditions import reads

    names = list(reads(rule.when))
    grows_with = getattr(rule.strength, "grows_with", None)
    if grows_with:
        names.append(grows_with)
    return tuple(names)


def _run_prices(report: TcoReport) -> tuple[float, float] | None:
    """Return the API prices the report used, or None when prompting ran on own GPUs."""
    rows = {row.name: row.value for row in report.assumptions}
    pin, pout = rows.get("input_price_usd_per_mtok"), rows.get("output_price_usd_per_mtok")
    if isinstance(pin, (int, float)) and isinstance(pout, (int, float)):
        return float(pin), float(pout)
    return None
