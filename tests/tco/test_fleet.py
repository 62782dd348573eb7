"""GPU fleets: replicas from the prefill/decode split and the daily traffic, autoscaled or fixed."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.tco.helpers import workload
from tune_or_prompt.tco import Assumptions, compute_tco
from tune_or_prompt.tco.fleet import Fleet, builtin_profile, profile_groups


def test_prefill_and_decode_split_sizes_the_fleet() -> None:
    # 10M queries of 1,005 tokens either way on H100s (prefill 36,900, decode 5,820 tokens/s, set here so
    # the arithmetic is the fleet's alone; test_capacity.py works the shipped rates):
    # classification 1,000 in / 5 out (the fine-tuned prompt keeps 40%: 400 in) = 400/36,900 + 5/5,820
    #   = 0.0117 s a query; generation 5 in / 1,000 out = 2/36,900 + 1,000/5,820 = 0.1719 s.
    # Replicas at the day's peak: 10M x s / 2,628,000 s busy on average, x 2 by day, x 1.1 / 0.7:
    #   classification 0.0445 x 3.143 = 0.14 -> 1 replica; generation 0.654 x 3.143 = 2.06 -> 3.
    a = Assumptions(gpu_type="h100-80gb", prefill_tokens_per_s=36_900, decode_tokens_per_s=5_820,
                    ft_option="dedicated")
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
    # 10M queries on L40S (6,760 / 1,210 tokens/s, set here): 800/6,760 + 500/1,210 = 0.5316 s a query;
    # busy 2.023 replicas on average; by day x 2 x 1.571 = 6.36 -> 7, by night x 0.5 x 1.571 = 1.59 -> 2.
    # Autoscaled: (8 x 7 + 16 x 2) = 88 replica-hours a day; fixed: 24 x 7 = 168.
    w = workload(queries_per_month=1e7)
    rates = {"prefill_tokens_per_s": 6_760, "decode_tokens_per_s": 1_210, "ft_option": "dedicated"}
    auto = compute_tco(w, Assumptions(gpu_type="l40s", **rates))
    fixed = compute_tco(w, Assumptions(gpu_type="l40s", fleet="fixed", **rates))
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
    # Llama-3.3-70B (70.6 GB in FP8, 141.2 GB in BF16) fits on 4 L40S, 4 A100s (BF16: no FP8), 2 H100s
    # or 1 H200 (70.6 <= 141 x 0.9 x 0.8); at 100,000 queries one replica of each idles most of the day
    # (the H200 takes 0.58 s a query: 100,000 x 0.58 / 2,628,000 x 2 x 1.1 / 0.7 = 0.07 at the peak), so
    # the cheapest replica-hour wins: 1 x $4.25 (H200) against 4 x $1.30, 4 x $1.60 and 2 x $3.80.
    # (prompting runs the fine-tuned model's size unless pe_open_model_size is set: the 70B is pinned here)
    r = compute_tco(workload(privacy="on_premise"), Assumptions(gpu_hosting="rented", pe_open_model_size="70b"))
    rows = {row.name: row for row in r.assumptions}
    assert "H200" in rows["pe_gpu_usd_per_hour"].description
    assert r.prompt_engineering.gpus_per_month == [1] * 36


def test_a_user_facing_feature_keeps_two_replicas_at_every_hour() -> None:
    # The default example on the L4 needs one replica at every hour (tests/tco/test_model.py); with an
    # uptime need it runs two: 2 x 730 h x $0.50 = $730 a month, $24,820 over the 34 live months.
    a = Assumptions(ft_option="dedicated")
    one = compute_tco(workload(), a)
    two = compute_tco(workload(availability=True), a)
    assert one.fine_tuning.gpus_per_month == [0, 0] + [1] * 34
    assert two.fine_tuning.gpus_per_month == [0, 0] + [2] * 34
    assert two.fine_tuning.breakdown["hosting"] == 24_820.0
    # On premise, prompting's own fleet keeps two as well.
    onprem = compute_tco(workload(privacy="on_premise", availability=True), Assumptions())
    assert min(onprem.prompt_engineering.gpus_per_month or [0]) == 2


def test_operations_are_a_share_of_an_engineer_on_self_hosted_paths_only() -> None:
    # 0.25 of an engineer: 0.25 x 2,080 / 12 h x $200 = 8,666.67 a month; 34 live months on the fine-tuned
    # fleet, 36 for prompting on premise; nothing for per-token serving.
    a = Assumptions(self_hosted_ops_fte=0.25)
    assert compute_tco(workload(), a.model_copy(update={"ft_option": "dedicated"})).fine_tuning.breakdown[
        "operations"] == pytest.approx(34 * 0.25 * 2_080 / 12 * 200, abs=0.01)
    assert "operations" not in compute_tco(workload(), a).fine_tuning.breakdown  # the serverless LoRA
    onprem = compute_tco(workload(privacy="on_premise"), a)
    assert onprem.prompt_engineering.breakdown["operations"] == pytest.approx(36 * 0.25 * 2_080 / 12 * 200,
                                                                              abs=0.01)
