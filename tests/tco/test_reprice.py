"""Re-pricing: every draw, sweep point and grid point chooses its prompting path as the report does."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.tco import Assumptions, Workload
from tune_or_prompt.tco.distributions import cdf, quantile
from tune_or_prompt.tco.draws import chunk_values
from tune_or_prompt.tco.grid import whatif_grid
from tune_or_prompt.tco.model import discount_factors, prompt_engineering
from tune_or_prompt.tco.quality import Accuracy
from tune_or_prompt.tco.ranges import Baseline, baseline_from_priced
from tune_or_prompt.tco.report import priced_tco
from tune_or_prompt.tco.reprice import compare, path_accuracy, path_values, prompting_paths, reprice
from tune_or_prompt.tco.resolve import scenarios
from tune_or_prompt.tco.uncertainty import run_uncertainty

# 140M queries a month of 300 in / 500 out on claude-haiku-4-5, target 85%: prompting Llama-3.1-8B is allowed
# (its assumed range, 60-85%, reaches the target), and its two hostings cost about the same: on rented GPUs
# $344,040 over 36 months, at Groq per token $352,320. The report prompts on rented GPUs.
CLOSE = Workload(queries_per_month=140e6, input_tokens=300, output_tokens=500, api_model="claude-haiku-4-5",
                 accuracy_target_pct=85)


def _base(workload: Workload, assumptions: Assumptions | None = None) -> tuple[object, Baseline]:
    report, priced = priced_tco(workload, assumptions or Assumptions(), Catalogue())
    return report, baseline_from_priced(priced, report.assumptions)


def _path_value(base: Baseline, i: int, values: dict[str, np.ndarray], size: int) -> np.ndarray:
    p = prompting_paths(base)[i]
    assert p.ctx is not None
    s = scenarios(p.ctx, p.ctx.candidates[0], path_values(base, p, values, size), size)
    return (prompt_engineering(s).monthly() * discount_factors(s)).sum(axis=0)


def test_the_point_values_reprice_to_the_report() -> None:
    report, base = _base(CLOSE)
    paths = prompting_paths(base)
    assert report.recommended_path is not None
    point = {p.name: np.array([p.value]) for p in base.parameters}
    found = reprice(base, point, 1)
    assert paths[int(found.prompting[0])].path.id == "prompt:llama-3.1-8b@dedicated"
    assert round(float(found.comparison.pe_value[0]), 2) == report.prompt_engineering.total_usd == 344_040.0
    # The sensitivity analysis starts from the same savings the headline states.
    assert round(float(compare(base, {}, 1).savings_with_prompting[0]), 2) == report.savings_with_prompting_usd


def test_each_draw_prompts_on_its_cheapest_allowed_path() -> None:
    _, base = _base(CLOSE)
    paths = prompting_paths(base)
    _, values = next(chunk_values(base, 2_000, 5))
    found = reprice(base, values, 2_000)
    ids = [p.path.id for p in paths]
    serverless, dedicated = ids.index("prompt:llama-3.1-8b@serverless"), ids.index("prompt:llama-3.1-8b@dedicated")
    chosen = set(found.prompting.tolist())
    assert chosen == {serverless, dedicated}  # the choice changes with the draws
    # Every path that can meet the 85% target, priced on its own with the draw's values: the draw's prompting
    # total is the cheapest of them.
    allowed = [i for i, p in enumerate(paths) if p.path.accuracy.can_meet(85)]
    own = np.stack([_path_value(base, i, values, 2_000) for i in allowed])
    np.testing.assert_allclose(found.comparison.pe_value, own.min(axis=0), rtol=1e-12)
    np.testing.assert_array_equal(np.array(allowed)[own.argmin(axis=0)], found.prompting)


def test_the_uncertainty_reports_each_prompting_paths_share() -> None:
    _, base = _base(CLOSE)
    u = run_uncertainty(base, 2_000, seed=5)
    assert set(u.prompting_paths) == {"prompt:llama-3.1-8b@serverless", "prompt:llama-3.1-8b@dedicated"}
    assert sum(u.prompting_paths.values()) == pytest.approx(1.0)
    assert list(u.prompting_paths.values()) == sorted(u.prompting_paths.values(), reverse=True)


def test_a_path_no_draw_could_choose_is_not_priced() -> None:
    # The built-in example (gpt-4o-mini, target 90%): no other prompting path's range reaches 90%, so every
    # draw prompts gpt-4o-mini whatever the prices.
    _, base = _base(Workload())
    _, values = next(chunk_values(base, 500, 1))
    found = reprice(base, values, 500)
    assert set(found.prompting.tolist()) == {0}
    assert prompting_paths(base)[0].path.id == "prompt:gpt-4o-mini@api"


# The typical prompting accuracy is drawn from a triangle over 85, 88.5 and 92 (the article's range). A path one
# quality band below is assumed at 70-80-89. At the same quantile of each triangle:
#   x = 85 (quantile 0)  -> 70;  x = 92 (quantile 1) -> 89;  x = 88.5 (the mode) -> 80.
#   x = 86.75: quantile (86.75 - 85)^2 / ((92 - 85) * (88.5 - 85)) = 3.0625 / 24.5 = 0.125,
#   and 70 + sqrt(0.125 * (89 - 70) * (80 - 70)) = 70 + sqrt(23.75) = 74.8734...
ONE_BELOW = Accuracy(80.0, 70.0, 89.0, False, "assumed")


@pytest.fixture(scope="module")
def errors_priced() -> Baseline:
    # A wrong answer with a price: the typical prompting accuracy is ranged (it prices errors).
    return _base(Workload(api_model="gpt-4o", cost_per_error_usd=0.01))[1]


@pytest.mark.parametrize(("typical", "expected"), [(85.0, 70.0), (92.0, 89.0), (88.5, 80.0),
                                                   (86.75, 70 + 23.75 ** 0.5), (80.0, 70.0), (99.0, 89.0)])
def test_an_assumed_accuracy_moves_through_its_range_with_the_typical_one(errors_priced: Baseline, typical: float,
                                                                            expected: float) -> None:
    found = path_accuracy(errors_priced, ONE_BELOW, {"typical_accuracy_prompting_pct": np.array([typical])}, 1)
    assert found is not None
    assert float(found[0]) == pytest.approx(expected, abs=1e-9)


def test_a_measured_accuracy_never_moves(errors_priced: Baseline) -> None:
    measured = Accuracy(81.0, 81.0, 81.0, True, "measured")
    assert path_accuracy(errors_priced, measured, {"typical_accuracy_prompting_pct": np.array([85.0])}, 1) is None


def test_a_path_prices_its_wrong_answers_at_its_drawn_accuracy(errors_priced: Baseline) -> None:
    paths = prompting_paths(errors_priced)
    other = next(p for p in paths if p.path.id == "prompt:gpt-4o-mini@api")
    assert (other.path.accuracy.low_pct, other.path.accuracy.pct, other.path.accuracy.high_pct) == (70, 80, 89)
    values = path_values(errors_priced, other, {"typical_accuracy_prompting_pct": np.array([85.0, 92.0])}, 2)
    np.testing.assert_allclose(values["accuracy_prompting_pct"], [70.0, 89.0])


@given(low=st.floats(0, 90), left=st.floats(0.01, 10), right=st.floats(0.01, 10), u=st.floats(0, 1))
def test_the_quantile_and_its_inverse_agree(low: float, left: float, right: float, u: float) -> None:
    mode, high = low + left, low + left + right
    x = quantile("triangular", np.array([u]), low, mode, high)
    assert low - 1e-9 <= float(x[0]) <= high + 1e-9
    assert float(cdf("triangular", x, low, mode, high)[0]) == pytest.approx(u, abs=1e-6)


def test_the_what_if_grid_prompts_on_each_points_cheapest_path() -> None:
    # At 1/100x the volume the rented GPUs' minimum fleet dominates, so prompting goes per token; at the
    # answer the grid states the headline's own figure.
    report, priced = priced_tco(CLOSE, Assumptions(), Catalogue())
    grid = whatif_grid(priced)
    centre = grid.volumes.index(min(grid.volumes, key=lambda v: abs(v - CLOSE.queries_per_month)))
    unchanged = grid.price_changes_pct.index(0.0)
    assert grid.points[centre][unchanged].pe_total_usd == report.prompt_engineering.total_usd
    low = priced_tco(CLOSE.model_copy(update={"queries_per_month": grid.volumes[0]}), Assumptions(), Catalogue())[0]
    assert grid.points[0][unchanged].pe_total_usd == low.prompt_engineering.total_usd
    assert low.recommended_path != report.recommended_path


# Fine-tuning Llama-3.1-8B as a serverless LoRA measured at 85% (accuracy_by_path) against a 90% target: the
# headline compares the cheapest fine-tuning option that can meet it, the same 8B on a rented L40S fleet
# ($280,845.24, its own total in the paths table), and reads that option's own break-even volume.
MEASURED_LOW = Assumptions(accuracy_by_path={"fine_tune:llama-3.1-8b@serverless": 85.0})
MILLIONS = Workload(queries_per_month=3_000_000)


def test_the_headline_leaves_out_a_fine_tuning_option_measured_below_the_target() -> None:
    report, priced = priced_tco(MILLIONS, MEASURED_LOW, Catalogue())
    h = report.headline()
    assert h.ft_option == "dedicated:llama-3.1-8b@l40s"
    rows = {p.id: p for p in report.paths}
    assert not rows["fine_tune:llama-3.1-8b@serverless"].meets_accuracy_target
    assert rows["fine_tune:llama-3.1-8b@serverless"].total_usd == 157_723.18  # cheaper, but not compared
    assert h.fine_tuning_usd == rows["fine_tune:llama-3.1-8b@dedicated"].total_usd == 280_845.24
    dedicated = next(o for o in report.fine_tuning_options if o.id == "dedicated:llama-3.1-8b@l40s")
    assert dedicated.break_even is not None
    assert h.break_even_queries_per_month == dedicated.break_even.queries_per_month == 11_550_230.5
    # The path that ends on that LoRA inherits its measurement.
    assert not any(p.meets_accuracy_target for p in report.paths
                   if p.id.startswith("prompt_then_fine_tune:") and p.hosting == "serverless")
    # Draws, batch and the grid compare the same option.
    base = baseline_from_priced(priced, report.assumptions)
    point = {p.name: np.array([p.value]) for p in base.parameters}
    assert reprice(base, point, 1).figures.option == ["dedicated:llama-3.1-8b@l40s"]
    from tune_or_prompt.tco.portfolio import group_figures

    figures = group_figures(priced.ctx, {"queries_per_month": np.array([3e6])}, heads=priced.heads)
    assert figures.columns().headline(0) == h
    grid = whatif_grid(priced)
    centre = grid.volumes.index(min(grid.volumes, key=lambda v: abs(v - 3e6)))
    assert grid.points[centre][grid.price_changes_pct.index(0.0)].ft_total_usd == 280_845.24


def test_with_errors_priced_every_fine_tuning_option_is_compared() -> None:
    # A wrong answer with a price: the LoRA's 85% is priced in its errors category instead of leaving it out.
    report, _ = priced_tco(MILLIONS.model_copy(update={"cost_per_error_usd": 0.001}), MEASURED_LOW, Catalogue())
    assert report.headline().ft_option == "serverless_lora:llama-3.1-8b"


@pytest.mark.parametrize("workload", [CLOSE, Workload(api_model="gpt-4o", queries_per_month=10e6, input_tokens=4000,
                                                      output_tokens=300, cost_per_error_usd=0.01)])
def test_the_draws_skip_only_paths_that_are_never_cheapest(workload: Workload) -> None:
    from tune_or_prompt.tco.reprice import choosable

    _, base = _base(workload)
    considered = choosable(base)
    assert 1 < len(considered) < len(prompting_paths(base))  # some path is skipped, a choice remains
    _, values = next(chunk_values(base, 3_000, 9))
    every = reprice(base, values, 3_000)
    pruned = reprice(base, values, 3_000, considered=considered)
    np.testing.assert_array_equal(every.prompting, pruned.prompting)
    np.testing.assert_array_equal(every.comparison.pe_value, pruned.comparison.pe_value)


@settings(max_examples=20, deadline=None)
@given(
    discount=st.sampled_from([0.0, 8.0]),
    api_trend=st.sampled_from([-50.0, 0.0, 20.0]),
    growth=st.sampled_from([0.0, 3.0]),
    privacy=st.sampled_from(["cloud_ok", "on_premise"]),
    queries=st.sampled_from([50_000.0, 3_000_000.0, 140e6]),
    target=st.sampled_from([80.0, 90.0, 97.0]),
    errors=st.sampled_from([0.0, 0.01]),
    pin=st.sampled_from([None, "serverless_lora"]),
)
def test_every_consumer_states_the_reports_headline(discount: float, api_trend: float, growth: float, privacy: str,
                                                    queries: float, target: float, errors: float,
                                                    pin: str | None) -> None:
    # One choice: the report, a re-pricing at the point values (draws, sensitivity), batch's grouped figures
    # and the what-if grid's centre all compare the same prompting path with the same fine-tuning option.
    from tune_or_prompt.tco.grid import VOLUME_STEPS
    from tune_or_prompt.tco.portfolio import group_figures

    work = Workload(queries_per_month=queries, growth_pct_per_month=growth, privacy=privacy,  # type: ignore[arg-type]
                    accuracy_target_pct=target, cost_per_error_usd=errors)
    costs = Assumptions(discount_rate_pct=discount, api_price_trend_pct_per_year=api_trend,
                        ft_option=pin if privacy == "cloud_ok" else None)
    report, priced = priced_tco(work, costs, Catalogue())
    h = report.headline()
    base = baseline_from_priced(priced, report.assumptions)
    point = {p.name: np.array([p.value]) for p in base.parameters}
    again = reprice(base, point, 1).figures.columns().headline(0)
    assert again._replace(break_even_queries_per_month=None) == h._replace(break_even_queries_per_month=None)
    batch = group_figures(priced.ctx, {"queries_per_month": np.array([queries])}, heads=priced.heads)
    assert batch.columns().headline(0) == h
    g = whatif_grid(priced).points[VOLUME_STEPS // 2]
    centre = g[len(g) // 2] if privacy == "cloud_ok" else g[0]
    assert (centre.pe_total_usd, centre.ft_total_usd, centre.break_even_month) == (
        h.prompt_engineering_usd, h.fine_tuning_usd, h.break_even_month)
