"""The memo's view of an Advice: the orderings and groupings templates should not compute.

Templates stay declarative: they get the :class:`~tune_or_prompt.advice.Advice`
itself (every figure is read from it, unchanged) plus this view, which only
sorts, groups and attaches the fixed wording of :mod:`.content`. Nothing here
computes a money figure, so the memo's numbers are the TCO report's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tune_or_prompt.advice import YOUR_LOGS, Advice
from tune_or_prompt.answers import Answers, question_meta
from tune_or_prompt.decision import FiredRule, GateResult
from tune_or_prompt.memo import content
from tune_or_prompt.memo.changes import Changes, changes
from tune_or_prompt.memo.citations import Citations, citations
from tune_or_prompt.memo.paths_view import PathsView, paths_view
from tune_or_prompt.memo.sentences import Sentences, sentences
from tune_or_prompt.memo.why import budget_sentence, why_sentences
from tune_or_prompt.memo.workload_view import WorkloadView, workload_view
from tune_or_prompt.tco.model import CATEGORY_GROUP, GROUPS
from tune_or_prompt.tco.report import FineTuningOption
from tune_or_prompt.words import lower_first, upper_first

CATEGORY_LABELS: dict[str, str] = {
    "prompt_development": "Prompt development",
    "prompt_baseline": "Prompt baseline (built first)",
    "evaluation_suite": "Evaluation suite",
    "training_data": "Training data (labelling or distillation)",
    "data_preparation": "Training-data preparation",
    "training": "Training run",
    "experiments": "Experiment runs",
    "pipeline_engineering": "Training pipeline engineering",
    "api_usage": "API usage (full prompt)",
    "prompt_cache_saving": "Prompt cache saving",
    "self_hosted_gpus": "Self-hosted GPUs",
    "build_period_prompting": "Prompted traffic while building",
    "hosting": "Model serving",
    "infrastructure_overhead": "Infrastructure overhead",
    "hardware_purchase": "Owned GPUs and servers (bought up front)",
    "hardware_depreciation": "Owned GPUs and servers (purchase over their life)",
    "power": "Power (owned GPUs)",
    "colocation": "Hosting (colocation of owned GPUs)",
    "hardware_operations": "Engineers running owned GPUs",
    "prompt_maintenance": "Prompt maintenance",
    "migration": "Migration to a successor model",
    "retraining": "Retraining cycles",
    "model_maintenance": "Model maintenance",
    "operations": "Operations (on-call, upkeep)",
    "monitoring": "Monitoring",
    "api_overhead": "API overhead (failures, retries)",
    "errors": "Wrong answers",
}
GROUP_LABELS = {"initial": "Initial", "operational": "Operational",
                "maintenance": "Maintenance", "hidden": "Hidden", "errors": "Cost of errors"}


@dataclass(frozen=True)
class CostRow:
    """One cost category of both paths (``None`` where a path has no such cost)."""

    category: str
    label: str
    group: str
    prompt_engineering: float | None
    fine_tuning: float | None


@dataclass(frozen=True)
class GateSection:
    """The validation gates of one path, under the heading the verdict calls for."""

    heading: str
    path: str
    gates: list[GateResult]


@dataclass(frozen=True)
class InputRow:
    """One answer in the inputs appendix, with the number of its source in the memo's list."""

    name: str
    question: str
    value: Any
    unit: str
    source: int | None = None
    given: str = ""  # where the user's own answer came from ("your answer"); empty: the default, cited


@dataclass(frozen=True)
class Unavailable:
    """Options that cannot be bought for this workload, grouped by the reason."""

    labels: list[str]
    reason: str


@dataclass(frozen=True)
class MemoView:
    """What the templates need beyond the Advice itself."""

    verdict_label: str
    say: Sentences
    fired: list[FiredRule]
    cost_rows: list[CostRow]
    group_labels: dict[str, str]
    gate_sections: list[GateSection]
    steps: list[tuple[str, tuple[content.Step, ...]]]  # only for paths without gates
    hidden_costs: list[content.HiddenCostItem]
    factors: tuple[content.Factor, ...]
    inputs: list[InputRow]
    options: list[FineTuningOption]
    unavailable: list[Unavailable]
    changes: Changes
    citations: Citations
    sources: content.FixedSources
    why: list[str]  # the plain sentences "Why" opens with
    budget_sentence: str | None
    chart_svg: str | None = None
    whatif_svg: str | None = None  # the HTML what-if panel's chart: the same chart, with ids for its script
    whatif_data: dict[str, Any] | None = None  # the what-if grid as JSON data, for the panel's script
    chart_href: str | None = None
    spread_sentence: str | None = None
    tornado_svg: str | None = None
    tornado_spans: dict[str, str] | None = None  # parameter -> "$150 to $250/hour"
    workload: WorkloadView | None = None  # the workload as measured from usage logs
    paths: PathsView | None = None  # "Paths compared": every path, the split of the saving, the budget
    paths_svg: str | None = None  # the HTML memo's chart of each path's total against its accuracy


_STRENGTH_ORDER = {"required": 0, "strong": 1, "moderate": 2, "weak": 3}


def strongest_first(fired: list[FiredRule]) -> list[FiredRule]:
    """Order fired rules by weight, then strength, keeping firing order among equals."""
    return sorted(fired, key=lambda r: (-r.weight, _STRENGTH_ORDER.get(r.strength, 9)))


def cost_rows(advice: Advice) -> list[CostRow]:
    """Every category either path has, grouped initial, operational, maintenance, hidden."""
    pe, ft = advice.tco.prompt_engineering.breakdown, advice.tco.fine_tuning.breakdown
    names = [c for c in CATEGORY_GROUP if c in pe or c in ft]
    names += [c for c in [*pe, *ft] if c not in CATEGORY_GROUP and c not in names]
    rows = [CostRow(c, CATEGORY_LABELS.get(c, upper_first(c.replace("_", " "))),
                    CATEGORY_GROUP.get(c, "operational"), pe.get(c), ft.get(c)) for c in names]
    return sorted(rows, key=lambda r: GROUPS.index(r.group) if r.group in GROUPS else len(GROUPS))


def gate_sections(advice: Advice) -> list[GateSection]:
    """Return the checklist's sections: the recommended path's gates, then any later path's."""
    verdict = advice.decision.verdict
    headings = {
        content.PE: ("Before relying on prompt engineering" if verdict != "prompt_engineering_first"
                     else "Now, while prompting"),
        content.FT: ("Before moving to fine-tuning" if verdict == "prompt_engineering_first"
                     else "Before fine-tuning"),
    }
    return [GateSection(headings[p], p, [g for g in advice.decision.gates if g.path == p])
            for p in content.paths_in_play(verdict)]


def input_rows(advice: Advice, cited: Citations) -> list[InputRow]:
    """Return the built-in answers with question, unit and source, in questionnaire order.

    An answer the user gave says so ("your answer"); one measured from usage
    logs cites the log, as its Assumptions row does; a default cites the
    question's source. A question that does not apply (the API model on
    premise) is left out.
    """
    from tune_or_prompt.questionnaire.spec import builtin_question

    answers = advice.answers
    values = answers.model_dump()
    measured = {r.name: r.source for r in advice.tco.assumptions}
    rows = []
    for name, info in Answers.model_fields.items():
        if builtin_question(name).applies(values) is False:
            continue
        given = advice.answered.get(name, "")
        source: int | None
        if given == YOUR_LOGS and measured.get(name):
            source, given = cited.number(measured[name]), ""
        else:
            source = None if given else cited.answer_number(name)
        rows.append(InputRow(name, info.description or name, getattr(answers, name),
                             str(question_meta(name).get("unit", "")), source, given))
    return rows + _assumption_rows(advice)


def _assumption_rows(advice: Advice) -> list[InputRow]:
    """Return the cost assumptions the answers file set (the paths compared, the start month), as answers."""
    from tune_or_prompt.answers_io import ANSWER_ASSUMPTIONS
    from tune_or_prompt.tco.assumptions import field_meta

    used = {r.name: r.value for r in advice.tco.assumptions}
    used["start_month"] = advice.tco.start_month
    return [InputRow(name, label, used.get(name), str(field_meta(name).get("unit", "")), None, advice.answered[name])
            for name, label in ANSWER_ASSUMPTIONS.items() if name in advice.answered]


def build_view(advice: Advice, *, chart_svg: str | None = None,
               chart_href: str | None = None) -> MemoView:
    """Assemble the view of ``advice`` the memo templates read."""
    in_play = content.paths_in_play(advice.decision.verdict)
    # The rule packs' validation steps arrive as gates; the article's own
    # wording of the steps stands in only for a path no pack gave a gate.
    gated = {g.path for g in advice.decision.gates}
    cited = citations(advice)
    return MemoView(
        verdict_label=content.VERDICT_LABELS[advice.decision.verdict],
        say=sentences(advice),
        fired=strongest_first(advice.decision.fired),
        cost_rows=cost_rows(advice),
        group_labels={k: v for k, v in GROUP_LABELS.items()
                      if k != "errors" or "errors" in advice.tco.prompt_engineering.breakdown},
        gate_sections=gate_sections(advice),
        steps=[(p, tuple(s for s in content.VALIDATION_STEPS[p] if content.applies_to(s.deployment, advice)))
               for p in in_play if p not in gated],
        hidden_costs=content.hidden_costs(advice),
        factors=content.FACTORS,
        options=[o for o in advice.tco.fine_tuning_options if o.feasible],
        unavailable=unavailable(advice),
        inputs=input_rows(advice, cited),
        changes=changes(advice),
        citations=cited,
        sources=content.FixedSources(),
        why=why_sentences(advice),
        budget_sentence=budget_sentence(advice),
        chart_svg=chart_svg,
        whatif_svg=_whatif_chart(advice) if chart_svg is not None else None,
        whatif_data=(advice.whatif_grid.model_dump(mode="json")
                     if chart_svg is not None and advice.whatif_grid is not None else None),
        chart_href=chart_href,
        spread_sentence=spread_sentence(advice),
        # The HTML memo (the one that inlines SVG) gets the tornado as a chart too.
        tornado_svg=_tornado(advice) if chart_svg is not None else None,
        tornado_spans=tornado_spans(advice),
        workload=(workload_view(advice.workload, svg=chart_svg is not None)
                  if advice.workload is not None else None),
        paths=paths_view(advice.tco, advice.answers) if advice.tco.paths else None,
        paths_svg=_paths_chart(advice) if chart_svg is not None else None,
    )


def unavailable(advice: Advice) -> list[Unavailable]:
    """Return the options that cannot be bought, grouped by their reason, in listing order."""
    by_reason: dict[str, list[str]] = {}
    for o in advice.tco.fine_tuning_options:
        if not o.feasible:
            by_reason.setdefault(o.reason, []).append(o.label)
    return [Unavailable(labels, reason) for reason, labels in by_reason.items()]


def tornado_spans(advice: Advice) -> dict[str, str] | None:
    """Each tornado parameter's range in words, by parameter name."""
    if advice.tco.sensitivity is None:
        return None
    from tune_or_prompt.tco.analyses import span

    return {b.parameter: span(b.low, b.high, b.unit) for b in advice.tco.sensitivity.tornado}


def spread_sentence(advice: Advice) -> str | None:
    """Say how often fine-tuning is cheaper across the draws and when it breaks even, if drawn."""
    u = advice.tco.uncertainty
    if u is None:
        return None
    from tune_or_prompt.tco.analyses import break_even_sentence, cheaper_sentence

    said = f"{cheaper_sentence(u)} {break_even_sentence(u, advice.tco.horizon_months)}"
    prompting = prompting_sentence(advice)
    return f"{said} {prompting}" if prompting else said


def prompting_sentence(advice: Advice) -> str | None:
    """Say which prompting path the draws chose, when there was a choice: the model choice varies with them."""
    u = advice.tco.uncertainty
    if u is None or not u.prompting_paths:
        return None
    labels = {p.id: p.label for p in advice.tco.paths}
    shares = list(u.prompting_paths.items())
    if len(shares) == 1:
        if sum(1 for p in advice.tco.paths if p.adaptation == "prompt" and p.available) < 2:
            return None
        return f"Every draw prompts as the point estimate does: {lower_first(labels.get(shares[0][0], shares[0][0]))}."
    parts = [f"{lower_first(labels.get(pid, pid))} in {_share(share)}" for pid, share in shares]
    return (f"Which prompting path is cheapest among those that can meet the target varies with the draws: "
            f"{', '.join(parts[:-1])} and {parts[-1]} of them.")


def _share(share: float) -> str:
    pct = share * 100
    return f"{pct:.0f}%" if pct >= 1 or pct == 0 else "under 1%"


def _whatif_chart(advice: Advice) -> str | None:
    if advice.whatif_grid is None:
        return None
    from tune_or_prompt.memo.chart import cumulative_cost_svg

    return cumulative_cost_svg(advice.tco, id_prefix="wi")


def _paths_chart(advice: Advice) -> str | None:
    if not advice.tco.paths:
        return None
    from tune_or_prompt.memo.paths_chart import paths_svg

    return paths_svg(advice.tco, advice.answers.accuracy_target_pct)


def _tornado(advice: Advice) -> str | None:
    if advice.tco.sensitivity is None:
        return None
    from tune_or_prompt.memo.tornado import tornado_svg

    return tornado_svg(advice.tco.sensitivity, horizon_months=advice.tco.horizon_months)
