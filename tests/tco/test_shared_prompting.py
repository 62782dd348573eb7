"""Prompting priced once for the options that share its inputs: the figures of pricing each option alone."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.tco import Assumptions, Workload
from tune_or_prompt.tco.breakeven import VolumeGap, _prompting_at_zero_and_one, _value
from tune_or_prompt.tco.draws import draw_values
from tune_or_prompt.tco.model import FINE_TUNING_FIELDS, Scenarios, discount_factors, fine_tuning, prompt_engineering
from tune_or_prompt.tco.outcomes import CHUNK, Outcomes, concat, simulate, simulate_options
from tune_or_prompt.tco.pricing_run import price_many
from tune_or_prompt.tco.ranges import baseline
from tune_or_prompt.tco.resolve import Context
from tune_or_prompt.tco.shared_prompting import prompting_classes, prompting_period, same_prompting

FIELDS = ("pe_total", "ft_total", "pe_value", "ft_value", "break_even_month")
# Growing on premise: prompting's own fleet, sized month by month.
ON_PREMISE = Workload(queries_per_month=2e6, input_tokens=1000, output_tokens=200, privacy="on_premise",
                      growth_pct_per_month=2)
DISCOUNTED = Assumptions(discount_rate_pct=8)  # present values apart from the totals


def _drawn(workload: Workload, assumptions: Assumptions, n: int) -> tuple[Context, dict[str, Any]]:
    base = baseline(workload, assumptions, Catalogue())
    return base.priced.ctx, draw_values(base.parameters, n, np.random.default_rng(7))


def _same(a: Outcomes, b: Outcomes) -> bool:
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in FIELDS)


def _alone(ctx: Context, per_option: list[dict[str, Any]], n: int) -> list[Outcomes]:
    """Each option priced by itself: prompting priced for it alone."""
    return [price_many(ctx, [o], size=n, per_option=[v])[0][1] for o, v in zip(ctx.candidates, per_option,
                                                                              strict=True)]


def test_prompting_reads_no_fine_tuning_field() -> None:
    # Every fine-tuning-only field changed at once leaves prompting's every category unchanged.
    ctx, values = _drawn(ON_PREMISE, Assumptions(), 50)
    s = price_many(ctx, ctx.candidates[-1:], values, 50)[0][0]
    assert s.ft_serving == "fleet"
    changed: dict[str, Any] = {name: getattr(s, name) * 3 + 1 for name in FINE_TUNING_FIELDS
                               if isinstance(getattr(s, name), np.ndarray)}
    changed.update(ft_serving="per_token", ft_fleet=s.pe_fleet)
    assert changed.keys() == FINE_TUNING_FIELDS
    moved = dataclasses.replace(s, **changed)
    assert same_prompting(s, moved)
    before, after = prompt_engineering(s), prompt_engineering(moved)
    assert before.categories.keys() == after.categories.keys()
    assert all(np.array_equal(before.categories[k], after.categories[k]) for k in before.categories)
    assert np.array_equal(before.gpu_hours, after.gpu_hours)


@pytest.mark.parametrize("workload", [Workload(), ON_PREMISE], ids=["api", "on_premise"])
def test_shared_prompting_gives_the_figures_of_each_option_alone(workload: Workload) -> None:
    # 3,000 draws of every candidate (several of one structure: the dedicated GPU types): more than one chunk.
    n = 3_000
    ctx, values = _drawn(workload, DISCOUNTED, n)
    assert len(ctx.candidates) > 3
    parts = [s for s, _ in price_many(ctx, ctx.candidates, values, n)]
    assert prompting_classes(parts) == [list(range(len(parts)))]  # one set: prompting priced once
    shared = simulate_options(parts)
    assert all(_same(a, b) for a, b in zip(shared, _alone(ctx, [values] * len(parts), n), strict=True))
    assert all(_same(a, simulate(s)) for a, s in zip(shared, parts, strict=True))
    assert all(np.array_equal(o.pe_value, shared[0].pe_value) for o in shared)


@pytest.mark.parametrize("workload", [Workload(), ON_PREMISE], ids=["api", "on_premise"])
def test_options_whose_prompting_differs_are_priced_apart(workload: Workload) -> None:
    # Every other option pays more to monitor its prompts: two sets, each priced as its options alone.
    n = 300
    ctx, values = _drawn(workload, Assumptions(), n)
    per_option = [values if i % 2 else {**values, "pe_monitoring_usd_per_month": values.get(
        "pe_monitoring_usd_per_month", 50.0) * 2} for i in range(len(ctx.candidates))]
    priced = price_many(ctx, ctx.candidates, size=n, per_option=per_option)
    parts = [s for s, _ in priced]
    assert prompting_classes(parts) == [list(range(0, len(parts), 2)), list(range(1, len(parts), 2))]
    assert all(_same(out, alone) for (_, out), alone in zip(priced, _alone(ctx, per_option, n), strict=True))
    assert not np.array_equal(priced[0][1].pe_value, priced[1][1].pe_value)


def test_a_single_differing_option_is_priced_alone() -> None:
    ctx, values = _drawn(Workload(), Assumptions(), 40)
    per_option = [values] * len(ctx.candidates)
    per_option[1] = {**values, "queries_per_month": values.get("queries_per_month", 1e5) * 1.5}
    priced = price_many(ctx, ctx.candidates, size=40, per_option=per_option)
    classes = prompting_classes([s for s, _ in priced])
    assert [1] in classes and len(classes) == 2
    assert all(_same(out, alone) for (_, out), alone in zip(priced, _alone(ctx, per_option, 40), strict=True))


def _stack(workload: Workload, n: int, structure: str) -> tuple[list[Scenarios], Scenarios]:
    ctx, values = _drawn(workload, DISCOUNTED, n)
    parts = [s for s, _ in price_many(ctx, ctx.candidates, values, n) if s.ft_serving == structure]
    return parts, concat(parts)


def test_the_prompting_period_of_stacked_options_is_one_options_batch() -> None:
    parts, stacked = _stack(ON_PREMISE, 12, "fleet")
    assert len(parts) > 1
    assert prompting_period(stacked) == 12
    assert prompting_period(parts[0]) == 12  # twelve different draws: no repeat
    one = dataclasses.replace(stacked, queries=stacked.queries.copy())
    one.queries[-1] += 1  # the last option's last draw differs: nothing repeats
    assert prompting_period(one) == stacked.size


def test_the_volume_gap_of_stacked_options_is_each_options_own() -> None:
    parts, stacked = _stack(ON_PREMISE, 12, "fleet")
    gap = VolumeGap(stacked)
    q = np.linspace(1e5, 1e8, stacked.size)
    alone = [VolumeGap(p) for p in parts]
    assert np.array_equal(gap.a, np.concatenate([g.a for g in alone]))
    assert np.array_equal(gap.b, np.concatenate([g.b for g in alone]))
    assert np.array_equal(gap(q), np.concatenate([g(q[k * 12:(k + 1) * 12]) for k, g in enumerate(alone)]))


def test_a_stack_wider_than_a_chunk_prices_prompting_on_the_whole_stack() -> None:
    # numpy's power rounds a few entries of arrays wider than a chunk otherwise: six options of 500 scenarios
    # (each with its own discount rate and growth) keep the values of pricing the whole stack.
    ctx, values = _drawn(Workload(), Assumptions(), 500)
    rng = np.random.default_rng(0)
    values = {**values, "discount_rate_pct": rng.uniform(0, 10, 500), "growth_pct_per_month": rng.uniform(0, 5, 500)}
    stacked = concat([s for s, _ in price_many(ctx, ctx.candidates, values, 500) if s.ft_serving == "fleet"])
    assert stacked.size > CHUNK and prompting_period(stacked) == 500
    d = discount_factors(stacked)
    whole = [_value(prompt_engineering(stacked.with_queries(np.full(stacked.size, q)), fleets=False), d)
             for q in (0.0, 1.0)]
    assert all(np.array_equal(a, b) for a, b in zip(_prompting_at_zero_and_one(stacked), whole, strict=True))
    gap = VolumeGap(stacked)
    ft = [_value(fine_tuning(stacked.with_queries(np.full(stacked.size, q)), fleets=False), d) for q in (0.0, 1.0)]
    assert np.array_equal(gap.a, ft[0] - whole[0])
    assert np.array_equal(gap.b, (ft[1] - whole[1]) - gap.a)


def test_more_shared_options_than_a_chunk_holds_are_priced_as_each_alone() -> None:
    ctx, values = _drawn(Workload(), DISCOUNTED, 5)
    parts = [s for s, _ in price_many(ctx, ctx.candidates, values, 5)]
    assert len(prompting_classes(parts)) == 1 and len(parts) > 3
    found = simulate_options(parts, chunk=3)
    assert all(_same(a, simulate(s, chunk=3)) for a, s in zip(found, parts, strict=True))
