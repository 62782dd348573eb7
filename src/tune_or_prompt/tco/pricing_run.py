"""Price every fine-tuning option of one workload and choose the one the verdict uses.

:func:`price_options` resolves the workload once, chooses the GPU type
on-premise prompting runs on (the cheapest over the horizon), prices every
candidate option with the one model (options of the same structure in one
call), keeps only the cheapest GPU type of each dedicated model, and picks
the cheapest option overall: the fine-tuning path the verdict, the facts and
the memo's headline describe. The report, the uncertainty draws, the
sensitivity sweeps and the what-if grid all start from its result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.tco.assumptions import Assumptions, Workload
from tune_or_prompt.tco.breakeven import option_volumes
from tune_or_prompt.tco.compare import fine_tuning_allowed, headline_prompting
from tune_or_prompt.tco.fleet import FloatArray
from tune_or_prompt.tco.model import Scenarios, discount_factors, prompt_engineering
from tune_or_prompt.tco.options import Option
from tune_or_prompt.tco.outcomes import Outcomes, concat, simulate_options
from tune_or_prompt.tco.paths import PromptPath, prompt_paths
from tune_or_prompt.tco.quality import Accuracy, ft_path_keys, measured_accuracy
from tune_or_prompt.tco.resolve import Context, context, scenarios


@dataclass(frozen=True)
class PricedOption:
    """One candidate option priced at the point estimate.

    Attributes:
        option: The option.
        scenario: Its model inputs (a batch of one).
        outcomes: Its totals, present values and break-even month.
        note: Why this GPU type, for a dedicated option that had several.

    """

    option: Option
    scenario: Scenarios
    outcomes: Outcomes
    note: str = ""

    @property
    def ft_value(self) -> float:
        """Fine-tuning's present value (the nominal total at a 0 discount rate)."""
        return float(self.outcomes.ft_value[0])


@dataclass(frozen=True)
class PricedPrompt:
    """One prompting path priced at the point estimate.

    Attributes:
        path: The path.
        ctx: The context that priced it (on GPUs: with the cheapest GPU type); None when not available.
        monthly: Nominal USD of each month; None when not available.
        value: Present value over the horizon (the nominal total at a 0 discount rate).

    """

    path: PromptPath
    ctx: Context | None
    monthly: FloatArray | None
    value: float


def price_prompts(paths: Sequence[PromptPath]) -> list[PricedPrompt]:
    """Price every prompting path, each a scenario column, one model call per structure.

    A path on GPUs is priced under every GPU type it fits on and keeps the cheapest (the first among equals).
    """
    runs: list[tuple[int, Context, Scenarios]] = []
    for i, p in enumerate(paths):
        if p.ctx is None:
            continue
        ctx = p.ctx
        variants = [ctx] if ctx.pe_served is None or len(ctx.pe_gpu_candidates) < 2 else [
            ctx.with_pe_gpu(g) for g in ctx.pe_gpu_candidates]
        runs.extend((i, c, scenarios(c, c.candidates[0], {})) for c in variants)
    monthly: list[FloatArray] = [np.zeros(0)] * len(runs)
    value = [0.0] * len(runs)
    groups: dict[bool, list[int]] = {}
    for k, (_, _, s) in enumerate(runs):
        groups.setdefault(s.pe_on_fleet, []).append(k)
    for members in groups.values():
        stacked = concat([runs[k][2] for k in members])
        flows = prompt_engineering(stacked).monthly()
        values = (flows * discount_factors(stacked)).sum(axis=0)
        for j, k in enumerate(members):
            monthly[k], value[k] = flows[:, j], float(values[j])
    best: dict[int, int] = {}
    for k, (i, _, _) in enumerate(runs):
        if i not in best or value[k] < value[best[i]]:
            best[i] = k
    return [PricedPrompt(p, runs[best[i]][1], monthly[best[i]], value[best[i]]) if i in best
            else PricedPrompt(p, None, None, 0.0) for i, p in enumerate(paths)]


def headline_contexts(base: Context, catalogue: Catalogue) -> list[tuple[Accuracy, Context]]:
    """Return every available prompting path's accuracy and context, each GPU type of those on GPUs (path order).

    Batch chooses among them row by row with :func:`~.compare.headline_prompting`, as :func:`price_options` does.
    """
    return expand_gpu_types(prompt_paths(base, catalogue))


def expand_gpu_types(paths: Sequence[PromptPath]) -> list[tuple[Accuracy, Context]]:
    """Return each available path's accuracy and context, once per GPU type for a path on GPUs."""
    out: list[tuple[Accuracy, Context]] = []
    for p in paths:
        if p.ctx is None:
            continue
        if p.ctx.pe_served is None or len(p.ctx.pe_gpu_candidates) < 2:
            out.append((p.accuracy, p.ctx))
        else:
            out.extend((p.accuracy, p.ctx.with_pe_gpu(g)) for g in p.ctx.pe_gpu_candidates)
    return out


@dataclass(frozen=True)
class Priced:
    """A workload with every option priced and the cheapest chosen.

    Attributes:
        ctx: The resolved workload.
        listed: The options shown side by side: every feasible candidate (one GPU type per
            dedicated model) then the infeasible ones; priced ones carry outcomes.
        chosen: The cheapest feasible candidate.
        variants: Every GPU type priced for each listed dedicated option, by the listed option's id.
        prompts: Every prompting path, priced where available (the current setup first).
        allowed: The listed options the headline may compare (:func:`ft_allowed`); empty: every one.

    """

    ctx: Context
    listed: list[PricedOption | Option]
    chosen: PricedOption
    variants: dict[str, list[PricedOption]]
    prompts: list[PricedPrompt] = field(default_factory=list)
    allowed: frozenset[str] = frozenset()

    def compares(self, option_id: str) -> bool:
        """Whether the headline may compare the listed option ``option_id`` (its accuracy can meet the target)."""
        return not self.allowed or option_id in self.allowed

    @property
    def priced(self) -> list[PricedOption]:
        """The listed options that were priced (the feasible candidates)."""
        return [p for p in self.listed if isinstance(p, PricedOption)]

    @property
    def heads(self) -> list[tuple[Accuracy, Context]]:
        """Every prompting path a re-priced workload may choose, each GPU type apart (see :func:`expand_gpu_types`)."""
        return expand_gpu_types([p.path for p in self.prompts])

    @property
    def candidates(self) -> list[Option]:
        """Every feasible option with every GPU type of the dedicated ones: what a re-pricing chooses among."""
        out: list[Option] = []
        for p in self.priced:
            out.extend(v.option for v in self.variants.get(p.option.id, [p]))
        return out


def price_many(
    ctx: Context, options: list[Option], values: Mapping[str, Any] | None = None, size: int = 1, *,
    per_option: Sequence[Mapping[str, Any]] | None = None,
) -> list[tuple[Scenarios, Outcomes]]:
    """Price ``options`` with parameter ``values`` (or ``per_option`` values); one model call per structure.

    Prompting is priced once for the options whose prompting inputs are the same (see
    :func:`~.outcomes.simulate_options`).
    """
    given = per_option if per_option is not None else [values or {}] * len(options)
    built = [scenarios(ctx, o, v, size) for o, v in zip(options, given, strict=True)]
    return list(zip(built, simulate_options(built), strict=True))


def _pe_value(ctx: Context) -> float:
    s = scenarios(ctx, ctx.candidates[0], {})
    monthly = prompt_engineering(s).monthly() * discount_factors(s)
    return float(monthly.sum())


def choose_pe_gpu(ctx: Context) -> Context:
    """On premise, return the context with prompting on the GPU type that makes it cheapest."""
    if ctx.pe_served is None or len(ctx.pe_gpu_candidates) < 2:
        return ctx
    costs = [(_pe_value(ctx.with_pe_gpu(g)), i, g) for i, g in enumerate(ctx.pe_gpu_candidates)]
    return ctx.with_pe_gpu(min(costs)[2])


def price_options(workload: Workload, assumptions: Assumptions, catalogue: Catalogue) -> Priced:
    """Resolve the workload, price every candidate option and choose the cheapest.

    Raises:
        UserError: what :func:`~.resolve.context` raises.

    """
    base = context(workload, assumptions, catalogue)
    prompts = price_prompts(prompt_paths(base, catalogue))
    available = [p for p in prompts if p.ctx is not None]
    pick = headline_prompting([p.path.accuracy for p in available], np.array([[p.value] for p in available]),
                              np.array([workload.accuracy_target_pct]), np.array([workload.cost_per_error_usd > 0]))
    best = available[int(pick[0])]
    assert best.ctx is not None
    ctx = best.ctx
    results = price_many(ctx, ctx.candidates)
    priced = [PricedOption(o, s, out) for o, (s, out) in zip(ctx.candidates, results, strict=True)]
    kept, variants = _cheapest_gpu_per_model(priced)
    allowed = ft_allowed(ctx, [p.option for p in kept])[:, 0]
    chosen = min((p for p, ok in zip(kept, allowed, strict=True) if ok), key=lambda p: p.ft_value)
    left_out = _pinned_out(ctx)
    listed: list[PricedOption | Option] = [*kept, *(o for o in ctx.options
                                                     if not o.feasible and _model_of(o) not in left_out)]
    return Priced(ctx, listed, chosen, variants, prompts,
                  frozenset(p.option.id for p, ok in zip(kept, allowed, strict=True) if ok))


def _model_of(o: Option) -> str | None:
    return o.model.id if o.kind == "dedicated" and o.model is not None else None


def _pinned_out(ctx: Context) -> set[str | None]:
    """Return the open models with a feasible dedicated option that ``ft_option`` left out.

    Their GPU types that cannot be used are not listed: they would make the model's path look unavailable.
    """
    chosen = {_model_of(o) for o in ctx.candidates}
    return {_model_of(o) for o in ctx.options if o.feasible and _model_of(o) not in chosen} - {None}


def ft_measured(ctx: Context, options: Sequence[Option]) -> list[float | None]:
    """Return each fine-tuning option's measured accuracy (``accuracy_by_path``), None where assumed."""
    given = ctx.assumptions.accuracy_by_path
    return [measured_accuracy(given, ft_path_keys(o, owned=ctx.owned)) if given else None for o in options]


def ft_allowed(ctx: Context, options: Sequence[Option], target_pct: Any = None,
               errors_priced: Any = None) -> npt.NDArray[np.bool_]:
    """Return which of ``options`` (rows) the headline may compare per scenario (columns; default: the workload's).

    See :func:`~.compare.fine_tuning_allowed`; ``target_pct`` and ``errors_priced`` may be arrays (one per scenario).
    """
    w = ctx.workload
    target = np.atleast_1d(np.asarray(w.accuracy_target_pct if target_pct is None else target_pct, dtype=np.float64))
    errors = np.atleast_1d(np.asarray(w.cost_per_error_usd > 0 if errors_priced is None else errors_priced))
    errors = np.broadcast_to(errors, target.shape)
    return fine_tuning_allowed(ft_measured(ctx, options), target, errors)


def _cheapest_gpu_per_model(priced: list[PricedOption]) -> tuple[list[PricedOption], dict[str, list[PricedOption]]]:
    """Keep one dedicated option per open model: the GPU type with the lowest total, noting the runner-up."""
    out: list[PricedOption] = []
    variants: dict[str, list[PricedOption]] = {}
    by_model: dict[str, list[PricedOption]] = {}
    for p in priced:
        if p.option.kind == "dedicated" and p.option.model is not None:
            by_model.setdefault(p.option.model.id, []).append(p)
        else:
            out.append(p)
    for same_model in by_model.values():
        ranked = sorted(same_model, key=lambda p: p.ft_value)
        best = ranked[0]
        if len(ranked) > 1:
            runner = ranked[1]
            assert runner.option.gpu is not None and best.option.gpu is not None
            note = (f"{best.option.gpu.name} is the cheapest of the {len(ranked)} GPU types the model fits on; "
                    f"next: {runner.option.gpu.name} at ${runner.ft_value:,.0f}")
            best = PricedOption(best.option, best.scenario, best.outcomes, note)
        out.append(best)
        variants[best.option.id] = ranked
    return out, variants


def break_even_volumes(priced: Priced) -> dict[str, tuple[float, str] | None]:
    """Return each listed option's break-even month-1 volume and the option id that reaches it.

    A dedicated option may change GPU type with the volume, so its volume is
    the lowest over every GPU type the model fits on (the id says which).
    None: no volume below a trillion queries a month.
    """
    runs: list[PricedOption] = []
    for p in priced.priced:
        runs.extend(priced.variants.get(p.option.id, [p]))
    volume = option_volumes([r.scenario for r in runs])[:, 0].tolist()
    by_run = {r.option.id: v for r, v in zip(runs, volume, strict=True)}
    out: dict[str, tuple[float, str] | None] = {}
    for p in priced.priced:
        ids = [r.option.id for r in priced.variants.get(p.option.id, [p])]
        reached = [(by_run[i], i) for i in ids if not np.isnan(by_run[i])]
        out[p.option.id] = min(reached) if reached else None
    return out
