"""What would change the answer: the thresholds at which the verdict flips.

Each candidate input is moved away from its answer while everything else stays
put, and the whole decision (costs, then rules) is re-run:

* numbers (query volume, API prices, accuracy target) are scanned over a
  log-spaced or linear grid on each side of the answer; the first grid point
  with another verdict is narrowed against the last point with the current
  one, :data:`_POINTS` points at a time for :data:`_ROUNDS` rounds (a bracket of
  1.78x ends 32,768 times narrower), so the threshold is the nearest flip on
  that side;
* choices and yes/no answers are tried at each other value.

A reader can act only on a flip that could happen, so each flip says whether it
lies within the input's plausible range (:data:`VOLUME_RANGE`,
:data:`PRICE_RANGE`: volume within 1/100x to 100x of the answer, API prices
within 1/10x to 10x of today's; any accuracy target), and the flips come
nearest first, the distance measured as a share of that range. The memo lists
the plausible ones and names the others in one line.

Every point of a sweep is priced with the others in one call of the model, as
``batch`` prices a portfolio, and each point chooses its own prompting path
as a report there would (the cheapest that can meet the accuracy target):
volumes and accuracy targets through
:func:`~tune_or_prompt.tco.portfolio.group_figures` (each volume with its own
GPU types), API prices through :func:`~tune_or_prompt.tco.reprice.reprice`, as
one factor on every per-token price (input, cached input, output and batch,
as the HTML memo's what-if panel moves them) of every path prompted per token. The rules run in the pure-Python
reference evaluator of the same compiled rules (the differential test holds it
identical to durable_rules), keeping only the verdict
(:func:`~tune_or_prompt.rules.policy.outcome`). The share of uncertainty
draws in which fine-tuning is cheaper, a fact of the whole analysis, is held
at the run's own value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from tune_or_prompt.advice import Flip
from tune_or_prompt.answers import Answers
from tune_or_prompt.confidence import BREAK_EVEN_VOLUME_FACTS, facts_read
from tune_or_prompt.decision import VERDICT_WORDS, Decision
from tune_or_prompt.errors import UserError
from tune_or_prompt.facts import build_facts, facts_from
from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.rules import ReferenceEngine, RuleSet
from tune_or_prompt.rules.policy import outcome
from tune_or_prompt.tco import Assumptions, TcoReport, compute_tco
from tune_or_prompt.tco.path_report import PathRow
from tune_or_prompt.tco.portfolio import Figures
from tune_or_prompt.tco.pricing_run import Priced
from tune_or_prompt.workload_inputs import workload_of

_POINTS = 31  # points tried at once inside a bracket
_ROUNDS = 3  # rounds of narrowing: a bracket ends 32^3 = 32,768 times narrower
# How far an input may plausibly move over the horizon, as a factor either way.
# Volume: a feature's traffic can grow or shrink a hundredfold. API prices: a
# tenfold change covers the falls of recent years and a move to a larger model
# tier of the same provider; beyond it the recommendation is for another model,
# which the API model question covers.
VOLUME_RANGE = 100.0
PRICE_RANGE = 10.0
_ENGINE = ReferenceEngine()

Verdicts = Callable[[Sequence[float]], list[str]]


@dataclass
class _Context:
    answers: Answers
    house: Mapping[str, Any]
    assumptions: Assumptions
    catalogue: Catalogue
    ruleset: RuleSet
    report: TcoReport
    priced: Priced | None  # the run's priced options (None: priced again here)
    needs_break_even_volume: bool  # whether any rule or gate condition reads that figure

    @property
    def p_fine_tuning_cheaper(self) -> float | None:
        """The run's share of draws in which fine-tuning is cheaper (held in every sweep)."""
        return self.report.uncertainty.p_fine_tuning_cheaper if self.report.uncertainty else None

    @cached_property
    def run(self) -> Priced:
        """The run's priced options."""
        if self.priced is not None:
            return self.priced
        from tune_or_prompt.tco.pricing_run import price_options

        return price_options(workload_of(self.answers), self.assumptions, self.catalogue)

    def decide(self, answers: Answers, report_or_figures: TcoReport | tuple[Figures, int]) -> str:
        """Return the verdict of ``answers`` with a report's figures, or figure ``i`` of many."""
        if isinstance(report_or_figures, TcoReport):
            costs = report_or_figures.headline()
        else:
            figures, i = report_or_figures
            costs = figures.columns().headline(i)
        facts = facts_from(answers, costs._replace(p_fine_tuning_cheaper=self.p_fine_tuning_cheaper),
                           dict(self.house))
        return outcome(self.ruleset, facts, _ENGINE.run(self.ruleset.compiled, facts))[0]

    def verdict(self, answers: Answers, report: TcoReport | None = None) -> str:
        """Re-run the decision for changed answers (priced again unless ``report`` is given)."""
        if report is None:
            report = compute_tco(workload_of(answers), self.assumptions, self.catalogue,
                                 break_even_volume=self.needs_break_even_volume)
        facts = build_facts(answers, report, dict(self.house))
        if self.p_fine_tuning_cheaper is not None:
            facts["p_fine_tuning_cheaper"] = self.p_fine_tuning_cheaper
        return outcome(self.ruleset, facts, _ENGINE.run(self.ruleset.compiled, facts))[0]


def _between(same: float, other: float, n: int, geometric: bool) -> list[float]:
    """Return ``n`` points strictly between ``same`` and ``other``, from ``same``'s side."""
    if geometric and same > 0 and other > 0:
        return [same * (other / same) ** (k / (n + 1)) for k in range(1, n + 1)]
    return [same + (other - same) * k / (n + 1) for k in range(1, n + 1)]


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
    verdicts_at: Verdicts  # the verdicts at many values, in one go
    geometric: bool
    describe: Callable[[float], str]
    now: str | None  # "(now ...)" text; None to leave it out
    shown: Callable[[float], float]  # the value as the Flip reports it
    plausible: tuple[float, float]  # the range a flip must fall in to be listed, in the scan's values


def _first_other(values: Sequence[float], verdicts: Sequence[str], current: str) -> int | None:
    return next((i for i, v in enumerate(verdicts) if v != current), None)


def _numeric_flips(spec: _Numeric, current: str) -> list[Flip]:
    # Scan both sides at once; a bracket is [direction, same, other, the verdict at other].
    grids = (("above", spec.up), ("below", spec.down))
    got = spec.verdicts_at([*spec.up, *spec.down])
    brackets: list[list[Any]] = []
    at = 0
    for direction, grid in grids:
        part, at = got[at:at + len(grid)], at + len(grid)
        i = _first_other(grid, part, current)
        if i is not None:
            brackets.append([direction, grid[i - 1] if i else spec.current, grid[i], part[i]])
    for _ in range(_ROUNDS):
        if not brackets:
            break
        points = [_between(b[1], b[2], _POINTS, spec.geometric) for b in brackets]
        got = spec.verdicts_at([x for pts in points for x in pts])
        at = 0
        for b, pts in zip(brackets, points, strict=True):
            part, at = got[at:at + len(pts)], at + len(pts)
            i = _first_other(pts, part, current)
            if i is None:
                b[1] = pts[-1]
            else:
                b[1], b[2], b[3] = (pts[i - 1] if i else b[1]), pts[i], part[i]
    low, high = spec.plausible
    flips = []
    for direction, _, threshold, new in brackets:
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
    from tune_or_prompt.tco.portfolio import group_figures

    q = ctx.answers.queries_per_month
    base = q if q > 0 else 1.0
    factors = [10 ** (k / 4) for k in range(1, 13)]  # x1.78 ... x1000
    up = [base * f for f in factors]
    down = [base / f for f in factors]
    run = ctx.run

    def at(volumes: Sequence[float]) -> list[str]:
        if not volumes:
            return []
        figures = group_figures(run.ctx, {"queries_per_month": np.array(volumes, dtype=np.float64)},
                                volumes=ctx.needs_break_even_volume, heads=run.heads or None)
        return [ctx.decide(ctx.answers.model_copy(update={"queries_per_month": v}), (figures, i))
                for i, v in enumerate(volumes)]

    return _numeric_flips(_Numeric(
        "queries_per_month", "Query volume", "A volume", "queries/month", q, up, down, at, True,
        lambda v: f"{_sig(v)} queries a month", f"{_sig(q)}", lambda v: float(_sig(v).replace(",", "")),
        (base / VOLUME_RANGE, base * VOLUME_RANGE),
    ), current)


def _price_flips(ctx: _Context, current: str) -> list[Flip]:
    if ctx.run.ctx.on_premise:
        return []  # prompting runs on own GPUs: no API price to move
    from tune_or_prompt.confidence import volume_settled
    from tune_or_prompt.tco.draws import figures_at
    from tune_or_prompt.tco.ranges import baseline_from_priced

    factors = [10 ** (k / 4) for k in range(1, 9)]  # x1.78 ... x100
    up = list(factors)
    down = [1 / f for f in factors]
    base = baseline_from_priced(ctx.run, ctx.report.assumptions)
    volume_options = ctx.run.candidates if ctx.needs_break_even_volume else None
    # The volume only to within the rules' cells: the verdict is all a sweep point keeps.
    settled = volume_settled(ctx.answers, ctx.ruleset) if volume_options else None

    def at(multipliers: Sequence[float]) -> list[str]:
        if not multipliers:
            return []
        figures = figures_at(base, {"api_price_factor": np.array(multipliers, dtype=np.float64)},
                             len(multipliers), volume_options, settled)
        return [ctx.decide(ctx.answers, (figures, i)) for i in range(len(multipliers))]

    def words(m: float) -> str:
        return f"{m:.2f}x today's price ({'+' if m >= 1 else ''}{(m - 1) * 100:,.0f}%)"

    return _numeric_flips(_Numeric(
        "api_price_change_pct", "API prices", "API prices", "% change", 1.0, up, down, at, True, words, None,
        lambda m: float(round((m - 1) * 100)), (1 / PRICE_RANGE, PRICE_RANGE),
    ), current)


def _accuracy_flips(ctx: _Context, current: str, report: TcoReport) -> list[Flip]:
    a = ctx.answers.accuracy_target_pct

    heads = ctx.run.heads

    def at(values: Sequence[float]) -> list[str]:
        if len(heads) < 2 or not values:  # one prompting path: the target moves no figure
            return [ctx.decide(ctx.answers.model_copy(update={"accuracy_target_pct": v}), report) for v in values]
        from tune_or_prompt.tco.portfolio import group_figures

        # The target decides which prompting paths may be chosen, so each target is priced again.
        n = len(values)
        figures = group_figures(ctx.run.ctx, {"queries_per_month": np.full(n, ctx.answers.queries_per_month),
                                              "accuracy_target_pct": np.array(values, dtype=np.float64)},
                                volumes=ctx.needs_break_even_volume, heads=heads)
        return [ctx.decide(ctx.answers.model_copy(update={"accuracy_target_pct": v}), (figures, i))
                for i, v in enumerate(values)]

    # Every 5 points, then narrowed: a rule's threshold is found to about 0.0002 points.
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


def _measured(ctx: _Context, path: str, pct: float) -> Assumptions:
    given = dict(ctx.assumptions.accuracy_by_path or {})
    given[path.split("@", 1)[0]] = pct  # by adaptation:model, as a user would give it
    return ctx.assumptions.model_copy(update={"accuracy_by_path": given})


def _model_flips(ctx: _Context, current: str, report: TcoReport) -> list[Flip]:
    """Return the model-choice flips: a measured accuracy that changes which model is prompted, and the answer.

    Two measurements are tried: the headline's prompting path just below the target (so it could no longer be
    counted on), and the cheapest prompting path assumed below the target measured at it.
    """
    if not report.paths or report.workload.cost_per_error_usd > 0:
        return []
    target = ctx.answers.accuracy_target_pct
    headline = next((p for p in report.paths if p.id == report.prompt_engineering.option), None)
    tries: list[tuple[PathRow, float]] = []
    if headline is not None and headline.meets_accuracy_target and target > 0:
        tries.append((headline, max(target - 0.5, 0.0)))
    below = sorted((p for p in report.paths if p.available and p.adaptation == "prompt"
                    and not p.meets_accuracy_target), key=lambda p: p.present_value_usd or 0.0)
    if below:
        tries.append((below[0], target))
    flips = []
    for path, pct in tries:
        try:
            changed = compute_tco(workload_of(ctx.answers), _measured(ctx, path.id, pct), ctx.catalogue,
                                  break_even_volume=ctx.needs_break_even_volume)
        except UserError:
            continue
        new = ctx.verdict(ctx.answers, report=changed)
        if new == current:
            continue
        now = f"{path.accuracy_pct:g}% {'measured' if path.accuracy_measured else 'assumed'}"
        prompting = next((p for p in changed.paths if p.id == changed.prompt_engineering.option), None)
        side = (f"prompting would run {prompting.model} (${prompting.total_usd or 0:,.0f} over the horizon)"
                if prompting is not None else "the prompting path would change")
        flips.append(Flip(
            parameter="accuracy_by_path", label=f"Accuracy of {path.label[:1].lower()}{path.label[1:]}",
            current=path.accuracy_pct,
            threshold=pct, unit="%", low=path.accuracy_low_pct, high=path.accuracy_high_pct,
            within_range=path.accuracy_low_pct <= pct <= path.accuracy_high_pct or not path.accuracy_measured,
            distance=min(1.0, abs(pct - path.accuracy_pct) / max(path.accuracy_high_pct - path.accuracy_low_pct,
                                                                  1.0)),
            sentence=(f"If {path.label[:1].lower()}{path.label[1:]} measures {pct:g}% on your evaluation set "
                      f"(now {now}), {side} and the recommendation would be {VERDICT_WORDS[new]}."),
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
    priced: Priced | None = None,
) -> list[Flip]:
    """Return the inputs whose change flips the verdict, with the nearest flip point of each.

    Numbers get a threshold on each side where one exists within the scanned
    range (volume: 1/1000x to 1000x the answer; API prices: 1/100x to 100x;
    accuracy: 0-100%); choices and yes/no answers are tried at every other value.
    The flips within their plausible range come first, nearest first (a change
    of a choice counts as the whole range); then the others, likewise.
    ``priced`` is the run's priced options, when the caller has them.
    """
    ctx = _Context(answers, house, assumptions, catalogue, ruleset, report, priced,
                   bool(facts_read(ruleset) & BREAK_EVEN_VOLUME_FACTS))
    current = decision.verdict
    flips = [
        *_volume_flips(ctx, current),
        *_price_flips(ctx, current),
        *_accuracy_flips(ctx, current, report),
        *_choice_flips(ctx, current, report),
        *_model_flips(ctx, current, report),
    ]
    return sorted(flips, key=lambda f: (not f.within_range, f.distance))
