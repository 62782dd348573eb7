"""`tune-or-prompt capacity` as a user runs it: one replica's figures, the fleet's cost, errors."""

from __future__ import annotations

import json

import pytest

from tune_or_prompt.pricing.capacity import Shape
from tune_or_prompt.pricing.hardware import hardware


def _json(run_cli, *args: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    code, out, err = run_cli("capacity", *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_h100_8b_fp8_at_1000_1000_is_within_tensorrt_llms_published_rate(run_cli) -> None:  # type: ignore[no-untyped-def]
    r = _json(run_cli, "--model", "llama-3.1-8b", "--gpu", "h100", "--input-tokens", "1000",
              "--output-tokens", "1000", "--precision", "fp8")
    keys = {"prefill_tokens_per_s", "output_tokens_per_s", "max_concurrent_sequences", "user_output_tokens_per_s",
            "gpus_per_replica", "precision", "meets_latency_target"}
    assert keys <= set(r)
    # Worked by hand in tests/pricing/test_capacity.py: 15,345 output tokens/s; TensorRT-LLM publishes 15,220.
    assert 0.6 <= 15_220 / r["output_tokens_per_s"] <= 1.5
    assert r["output_tokens_per_s"] == pytest.approx(15_345, rel=1e-4)
    assert (r["gpus_per_replica"], r["precision"], r["max_concurrent_sequences"], r["meets_latency_target"]) == (
        1, "fp8", 488, True)
    assert r["prefill_tokens_per_s"] == pytest.approx(61_612.7, rel=1e-5)
    assert r["user_output_tokens_per_s"] == pytest.approx(31.46, rel=1e-3)


def test_the_command_and_the_cost_model_read_the_same_capacity(run_cli) -> None:  # type: ignore[no-untyped-def]
    r = _json(run_cli, "--model", "8b", "--gpu", "l40s", "--input-tokens", "800", "--output-tokens", "500")
    served = hardware().serving_of("8b", "l40s", Shape(800, 500))
    assert served.prefill_tokens_per_s is not None and served.decode_tokens_per_s is not None
    assert r["prefill_tokens_per_s"] == served.prefill_tokens_per_s.value
    assert r["decode_tokens_per_s"] == served.decode_tokens_per_s.value
    assert r["max_concurrent_sequences"] == served.batch == 200


def test_an_l4_in_bf16_misses_40_tokens_a_second_and_an_h100_meets_it(run_cli) -> None:  # type: ignore[no-untyped-def]
    args = ("--model", "llama-3.1-8b", "--input-tokens", "1000", "--output-tokens", "1000",
            "--min-user-output-tokens-per-s", "40")
    l4 = _json(run_cli, *args, "--gpu", "l4", "--precision", "bf16")
    assert not l4["meets_latency_target"]
    assert "12.9 output tokens/s, under the 40 tokens/s a user needs" in l4["reason"]
    h100 = _json(run_cli, *args, "--gpu", "h100")
    assert h100["meets_latency_target"] and h100["max_concurrent_sequences"] == 371
    code, out, _ = run_cli("capacity", *args, "--gpu", "l4", "--precision", "bf16")
    assert code == 0 and "no: even one sequence at a time writes 12.9" in out


def test_a_longer_context_gives_fewer_sequences_in_flight(run_cli) -> None:  # type: ignore[no-untyped-def]
    short = _json(run_cli, "--model", "llama-3.1-8b", "--gpu", "h100", "--input-tokens", "1000",
                  "--output-tokens", "1000")
    long = _json(run_cli, "--model", "llama-3.1-8b", "--gpu", "h100", "--input-tokens", "4000",
                 "--output-tokens", "1000")
    assert (short["max_concurrent_sequences"], long["max_concurrent_sequences"]) == (488, 195)


def test_a_volume_adds_the_peak_replicas_and_the_monthly_cost_per_tier(run_cli) -> None:  # type: ignore[no-untyped-def]
    # 30M queries of 1,000 / 1,000 on H100s in FP8: 0.065168 s a query; busy on average
    # 30e6 x 0.065168 / 2,628,000 = 0.7439 replicas; by day x 2 x 1.1 / 0.7 = 2.34 -> 3, by night
    # x 0.5 x 1.1 / 0.7 = 0.58 -> 1. GPU-hours: (8 x 3 + 16 x 1) x 730 / 24 = 1,216.67;
    # at $3.80 (GPU cloud) = 4,623.33 a month, at $2.00 (spot) = 2,433.33.
    r = _json(run_cli, "--model", "llama-3.1-8b", "--gpu", "h100", "--input-tokens", "1000",
              "--output-tokens", "1000", "--queries-per-month", "30000000")
    fleet = r["fleet"]
    assert fleet["peak_replicas"] == 3
    assert fleet["gpu_hours_per_month"] == pytest.approx(40 * 730 / 24)
    assert fleet["monthly_cost_usd"]["gpu_cloud"] == pytest.approx(40 * 730 / 24 * 3.80)
    assert fleet["monthly_cost_usd"]["spot"] == pytest.approx(40 * 730 / 24 * 2.00)
    code, out, _ = run_cli("capacity", "--model", "llama-3.1-8b", "--gpu", "h100", "--input-tokens", "1000",
                           "--output-tokens", "1000", "--queries-per-month", "30000000")
    assert code == 0 and "3 replica(s) at the peak hour" in out and "$4,623.33" in out


@pytest.mark.parametrize(("args", "message"), [
    (("--model", "gpt-9", "--gpu", "h100"), "--model: unknown open model 'gpt-9'"),
    (("--model", "8b", "--gpu", "a"), "--gpu: unknown GPU type 'a'"),
    (("--model", "8b", "--gpu", "h100", "--input-tokens", "-1"), "--input-tokens: -1 is out of range"),
    (("--model", "8b", "--gpu", "h100", "--output-tokens", "nan"), "--output-tokens: nan is out of range"),
    (("--model", "8b", "--gpu", "h100", "--queries-per-month", "1e30"),
     "--queries-per-month: 1e+30 is out of range"),
    (("--model", "8b", "--gpu", "h100", "--precision", "fp4"), "'fp4' is not one of"),
])
def test_bad_input_is_one_line_and_exit_code_2(  # type: ignore[no-untyped-def]
        run_cli, args: tuple[str, ...], message: str) -> None:
    code, out, err = run_cli("capacity", *args)
    assert code == 2 and out == ""
    assert message in err.splitlines()[0], err  # a usage error adds a "help:" line


def test_the_flag_names_the_precisions_the_model_knows() -> None:
    from typing import get_args

    from tune_or_prompt.cli.capacity_cmd import Precision as flag
    from tune_or_prompt.pricing.capacity import Precision as model

    assert get_args(flag) == get_args(model)
