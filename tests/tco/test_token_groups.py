"""Workloads whose tokens differ but decide the same structure price together as each does alone."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.tco import Assumptions, Workload
from tune_or_prompt.tco.portfolio import group_figures
from tune_or_prompt.tco.pricing_run import headline_contexts
from tune_or_prompt.tco.report import Headline
from tune_or_prompt.tco.resolve import Context, context
from tune_or_prompt.tco.token_groups import Rates, rates, stack, structure

CATALOGUE = Catalogue()
ROW = st.tuples(
    st.sampled_from([0.0, 5_000.0, 400_000.0, 3_000_000.0, 60_000_000.0]),  # queries a month
    st.sampled_from([5.0, 300.0, 2_000.0, 4_000.0, 9_000.0, 60_000.0, 120_000.0]),  # input tokens
    st.sampled_from([1.0, 100.0, 1_000.0, 3_000.0]),  # output tokens
    st.sampled_from([0.0, 0.0, 3.0, -2.0]),  # growth, % a month
)


def _values(rows: list[tuple[float, float, float, float]]) -> dict[str, np.ndarray]:
    names = ("queries_per_month", "input_tokens", "output_tokens", "growth_pct_per_month")
    return {name: np.array([r[i] for r in rows], dtype=np.float64) for i, name in enumerate(names)}


def _resolved(privacy: str, tin: float, tout: float, a: Assumptions) -> tuple[Context, list, object, Rates]:
    ctx = context(Workload(privacy=privacy, input_tokens=tin, output_tokens=tout), a, CATALOGUE)
    heads = headline_contexts(ctx, CATALOGUE)
    return ctx, heads, structure(ctx, heads), rates(ctx, heads)


def _alone(privacy: str, row: tuple[float, float, float, float], a: Assumptions) -> Headline:
    ctx, heads, _, _ = _resolved(privacy, row[1], row[2], a)
    return group_figures(ctx, _values([row]), heads=heads).headlines()[0]


@settings(max_examples=12, deadline=None)
@given(rows=st.lists(ROW, min_size=2, max_size=6), privacy=st.sampled_from(["cloud_ok", "on_premise"]),
       owned=st.booleans())
def test_rows_of_one_structure_priced_together_equal_each_alone(rows: list[tuple[float, float, float, float]],
                                                                privacy: str, owned: bool) -> None:
    # Every row priced under the first context of its structure, with its own serving rates, gives the
    # headline its own context gives it: the tokens change nothing else in a context.
    a = Assumptions(gpu_hosting="owned" if owned else None)
    resolved = {}
    for _, tin, tout, _ in rows:
        try:
            resolved[tin, tout] = _resolved(privacy, tin, tout, a)
        except Exception:  # a shape nothing can serve on premise fails alone too
            continue
    groups: dict[object, list[int]] = {}
    for i, r in enumerate(rows):
        if (r[1], r[2]) in resolved:
            groups.setdefault(resolved[r[1], r[2]][2], []).append(i)
    for members in groups.values():
        pairs = list(dict.fromkeys((rows[i][1], rows[i][2]) for i in members))
        index = np.array([pairs.index((rows[i][1], rows[i][2])) for i in members])
        ctx, heads, _, _ = resolved[pairs[0]]
        row_rates = stack([resolved[p][3] for p in pairs], index)
        got = group_figures(ctx, _values([rows[i] for i in members]), heads=heads, rates=row_rates).headlines()
        assert got == [_alone(privacy, rows[i], a) for i in members]


def test_a_long_prompt_changes_the_structure() -> None:
    # 120,000 input tokens leave no room beside the 8B model's weights for one sequence's KV cache on an L4
    # or A10G, so those dedicated options drop out: another structure, priced apart.
    a = Assumptions()
    short, long = _resolved("cloud_ok", 2_000, 500, a), _resolved("cloud_ok", 120_000, 500, a)
    gone = {o.id for o in short[0].candidates} - {o.id for o in long[0].candidates}
    assert gone == {"dedicated:llama-3.1-8b@l4", "dedicated:llama-3.1-8b@a10g"}
    assert short[2] != long[2]
    # Close shapes keep the structure and differ only in their rates.
    near = _resolved("cloud_ok", 2_100, 520, a)
    assert near[2] == short[2]
    assert near[3] != short[3]
