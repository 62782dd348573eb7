"""GPU fleets: replicas from the prefill/decode split and the daily traffic, autoscaled or fixed."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.tco.helpers import workload
from tune_or_prompt.tco import Assumptions, compute_tco
from tune_or_prompt.tco.fleet import Fleet, builtin_profile, profile_groups


def test_prefill_and_decode_split_sizes_the_fleet() -> None:
    # 10M queries of 1,005 tokens either way on H100s (prefill 36,900, decode 5,820 tokens/s):
    # classification 1,000 in / 5 out (the fine-tuned prompt keeps 40%: 400 in) = 400/36,900 + 5/5,820
    #   = 0.0117 s a query; generation 5 in / 1,000 out = 2/36,900 + 1,000/5,820 = 0.1719 s.
    # Replicas at the day's peak: 10M x s / 2,628,000 s busy on average, x 2 by day, x 1.1 / 0.7:
    #   classification 0.0445 x 3.143 = 0.14 -> 1 replica; generation 0.654 x 3.143 = 2.06 -> 3.
    a = Assumptions(gpu_type="h100-80gb")
    classify = compute_tco(workload(queries_per_month=1e7, input_tokens=1000, output_tokens=5), a)
    generate = compute_tco(workload(queries_per_month=1e7, input_tokens=5, output_tokens=1000), a)
    assert max(classify.fine_tuning.gpus_per_month or [0]) == 1
    assert max(generate.fine_tuning.gpus_per_month or [0]) == 3
    assert generate.fine_tuning.breakdown["hosting"] > classify.fine_tuning.breakdown["hosting"]


def test_builtin_profile_is_eight_busy_hours() -> None:
    weights, counts = builtin_profile(np.array([2.0, 3.0]))
    # r = 2: busy hours at 2, the other 16 at (24 - 16) / 16 = 0.5; r = 3: 3 and 0.
    assert weights.tolist() == [[2.0, 3.0], [0.5, 0.0]]
    assert counts.tolist() == [8.0, 16.0]
    assert (weights * counts[:, None]).sum(axis=0).tolist() == [24.0, 24.0]


def test_a_measured_profile_is_normalised_and_grouped() -> None:
    hourly = [1.0] * 12 + [3.0] * 12  # mean 2: levels 0.5 and 1.5, twelve hours each
    weights, counts = profile_groups(hourly)
    assert weights[:, 0].tolist() == [0.5, 1.5] and counts.tolist() == [12.0, 12.0]


def test_fixed_fleet_bills_the_peak_around_the_clock() -> None:
    # 10M queries on L40S (6,760 / 1,210 tokens/s): 800/6,760 + 500/1,210 = 0.5316 s a query;
    # busy 2.023 replicas on average; by day x 2 x 1.571 = 6.36 -> 7, by night x 0.5 x 1.571 = 1.59 -> 2.
    # Autoscaled: (8 x 7 + 16 x 2) = 88 replica-hours a day; fixed: 24 x 7 = 168.
    w = workload(queries_per_month=1e7)
    auto = compute_tco(w, Assumptions(gpu_type="l40s"))
    fixed = compute_tco(w, Assumptions(gpu_type="l40s", fleet="fixed"))
    assert auto.fine_tuning.gpu_hours_per_month is not None and fixed.fine_tuning.gpu_hours_per_month is not None
    assert auto.fine_tuning.gpu_hours_per_month[5] == round(88 * 730 / 24, 1)
    assert fixed.fine_tuning.gpu_hours_per_month[5] == round(168 * 730 / 24, 1)
    assert fixed.fine_tuning.gpus_per_month == auto.fine_tuning.gpus_per_month == [0, 0] + [7] * 34


def _fleet(seconds: float, minimum: float, util: float, headroom: float, weights: np.ndarray,
           counts: np.ndarray, fixed: bool) -> Fleet:
    one = np.ones(1)
    return Fleet(one * seconds, one * 2.0, one, one * minimum, one * util, one * headroom, weights, counts, fixed)


@settings(max_examples=200, deadline=None)
@given(q=st.floats(0, 1e9), seconds=st.floats(0, 5), minimum=st.integers(1, 3), util=st.floats(0.1, 1),
       headroom=st.floats(0, 1), hourly=st.lists(st.floats(0, 100), min_size=24, max_size=24))
def test_autoscaled_never_bills_more_than_fixed(q: float, seconds: float, minimum: int, util: float,
                                                headroom: float, hourly: list[float]) -> None:
    if sum(hourly) <= 0:
        hourly[0] = 1.0
    weights, counts = profile_groups(hourly)
    args = (seconds, float(minimum), util, headroom, weights, counts)
    volume = np.array([[q]])
    auto, _ = _fleet(*args, fixed=False).replica_hours(volume)
    fixed, _ = _fleet(*args, fixed=True).replica_hours(volume)
    assert auto[0, 0] <= fixed[0, 0] + 1e-9
    assert auto[0, 0] >= minimum * 730 - 1e-6


def test_on_premise_prompting_picks_its_cheapest_gpu() -> None:
    # Llama-3.3-70B fits on 4 A100s, 4 H100s or 2 H200s; at 100,000 queries one replica of each
    # idles most of the day, so the cheapest replica-hour wins: 4 x $1.60 = $6.40 (A100)
    # against 4 x $3.80 and 2 x $4.25.
    # (prompting runs the fine-tuned model's size unless pe_open_model_size is set: the 70B is pinned here)
    r = compute_tco(workload(privacy="on_premise"), Assumptions(pe_open_model_size="70b"))
    rows = {row.name: row for row in r.assumptions}
    assert "A100" in rows["pe_gpu_usd_per_hour"].description
    assert r.prompt_engineering.gpus_per_month == [4] * 36
