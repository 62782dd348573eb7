"""`tune-or-prompt tco` as a user runs it: figures, formats and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ASSETS = Path(__file__).parent.parent / "assets"


def test_seed_reproduces_the_article(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("tco", "--profile", "seed", "--queries-per-month", "100000",
                             "--input-tokens", "2000", "--output-tokens", "500", "--format", "json")
    assert code == 0, err
    assert json.loads(out) == {"prompt_engineering_3year": 2160.0, "fine_tuning_3year": 95000,
                               "savings_with_prompting": 92840.0, "monthly_api_cost": 60.0,
                               "break_even_month": 83.3}


def test_seed_flags(run_cli) -> None:  # type: ignore[no-untyped-def]
    # FT = 6,000 + 1,000 x 36 + floor(36 / 6) x 500 = 45,000; API at $1/$2: 100,000 x (2,000 x 1
    # + 500 x 2) / 1M = 300/month; PE = 10,800; "break-even" 6,000 / 300 = 20.0.
    code, out, _ = run_cli("tco", "--profile", "seed", "--ft-initial-cost", "6000",
                           "--ft-monthly-infra", "1000", "--retrain-every-months", "6",
                           "--retrain-cost", "500", "--input-price", "1", "--output-price", "2",
                           "--format", "json")
    assert code == 0
    assert json.loads(out) == {"prompt_engineering_3year": 10800.0, "fine_tuning_3year": 45000.0,
                               "savings_with_prompting": 34200.0, "monthly_api_cost": 300.0,
                               "break_even_month": 20.0}


def test_seed_zero_volume_prints_null(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("tco", "--profile", "seed", "--queries-per-month", "0", "--format", "json")
    assert code == 0 and json.loads(out)["break_even_month"] is None


def test_full_json_shape(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("tco", "--format", "json", "--months", "24")
    assert code == 0
    data = json.loads(out)
    assert data["horizon_months"] == 24
    for path in ("prompt_engineering", "fine_tuning"):
        assert len(data[path]["monthly_usd"]) == 24
        # Each month is rounded to the cent (up to half a cent off), the total is not.
        assert data[path]["total_usd"] == pytest.approx(sum(data[path]["monthly_usd"]), abs=0.005 * 24)
        assert set(data[path]["breakdown"])
    assert data["cheaper"] in {"prompt_engineering", "fine_tuning", "tie"}
    assert set(data["break_even"]) == {"month", "queries_per_month", "option", "label"}
    assert all({"name", "value", "unit", "source"} <= set(a) for a in data["assumptions"])
    # Every option considered, the one described, and no present value without a discount rate.
    assert data["fine_tuning"]["option"] == "serverless_lora:llama-3.1-8b"
    assert data["present_value"] is None
    options = {o["id"]: o for o in data["fine_tuning_options"]}
    chosen = options["dedicated:llama-3.1-8b@l4"]  # listed with its fleet, though not the cheapest
    assert {"id", "feasible", "reason", "total_usd", "monthly_usd", "breakdown", "break_even", "gpus",
            "average_utilisation_pct"} <= set(chosen)
    assert len(chosen["monthly_usd"]) == 24 and len(chosen["gpus"]) == 24
    assert not options["provider:gpt-4o-mini"]["feasible"] and options["provider:gpt-4o-mini"]["reason"]


def test_full_table(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("tco")
    assert code == 0
    assert "$49,604.93" in out and "$123,151.24" in out
    assert "Prompt engineering is cheaper over 36 months by $73,546.31 (2.48x)." in out
    assert "Break-even: never within 36 months" in out
    assert "serverless_lora:llama-3.1-8b (chosen)" in out
    assert "Not available: provider:gpt-4.1-mini, provider:gpt-4o-mini, provider:gpt-4.1-nano: OpenAI" in " ".join(
        out.split())
    # Prompting is recommended, so the table splits fine-tuning's cheapest path like for like (the figures are
    # worked in tests/tco/test_paths.py).
    assert ("Like for like, against prompt:gpt-4o-mini@api, fine_tune:llama-3.1-8b@serverless costs $73,546.31 "
            "more: model switch $1,650.53, adaptation -$75,196.84 (via prompt:llama-3.1-8b@serverless).") in " ".join(
        out.split())


def test_flags_and_assumptions_file(run_cli) -> None:  # type: ignore[no-untyped-def]
    # The file sets $150/h; the flag raises it to $300/h and wins.
    # Prompt development: 60 h x $300 = 18,000.
    code, out, _ = run_cli("tco", "--format", "json", "--assumptions",
                           str(ASSETS / "assumptions" / "good.yaml"),
                           "--engineer-rate-usd-per-hour", "300")
    assert code == 0
    assert json.loads(out)["prompt_engineering"]["breakdown"]["prompt_development"] == 18000.0
    code, out, _ = run_cli("tco", "--format", "json", "--assumptions",
                           str(ASSETS / "assumptions" / "good.yaml"))
    assert json.loads(out)["prompt_engineering"]["breakdown"]["prompt_development"] == 9000.0


def test_api_model_and_price_file(run_cli) -> None:  # type: ignore[no-untyped-def]
    # acme-llm-large at $1 / $4 per 1M: 100,000 x (2,000 x 1 + 500 x 4) / 1M = 400/month.
    code, out, _ = run_cli("tco", "--format", "json", "--api-model", "acme-llm-large",
                           "--prices", str(ASSETS / "prices" / "good_litellm.json"))
    assert code == 0
    assert json.loads(out)["prompt_engineering"]["monthly_usd"][1] == 400 * 1.10 + 800 + 50


def test_prices_command(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("prices", "gpt-4o-mini", "--format", "json")
    assert code == 0
    rows = {r["model"]: r for r in json.loads(out)}
    assert rows["gpt-4o-mini"]["input_usd_per_mtok"] == 0.15
    code, out, _ = run_cli("prices", "--infra", "--format", "json")
    assert code == 0
    data = json.loads(out)
    gpus = {g["id"]: g for g in data["gpus"]}
    assert gpus["a100-80gb"]["prices"]["gpu_cloud"]["value"] == 1.6
    assert {s["model"] for s in data["serving"]} == {"3b", "8b", "14b", "70b"}
    assert {o["id"] for o in data["offers"]} >= {"provider:gpt-4o-mini", "lora_training:llama-3.1-8b"}


@pytest.mark.parametrize(
    "args,message",
    [
        (["--queries-per-month", "-5"], "queries_per_month: Input should be greater than or equal to 0"),
        (["--queries-per-month", "nan"], "queries_per_month: Input should be a finite number"),
        (["--queries-per-month", "lots"], "Invalid value for '--queries-per-month'"),
        (["--input-price", "-1"], "input_price_usd_per_mtok: Input should be greater than or equal to 0"),
        (["--months", "0"], "horizon_months: Input should be greater than or equal to 1"),
        (["--api-model", "gpt-4o-mimi"], "unknown model 'gpt-4o-mimi'; did you mean 'gpt-4o-mini'"),
        (["--ft-mode", "self_hosted"], "No such option: --ft-mode"),
        (["--gpu-type", "tpu"], "Invalid value for '--gpu-type'"),
        (["--gpu-type", "l4", "--model-size", "70b"], "gpu_type: Llama-3.3-70B-Instruct does not fit on NVIDIA L4"),
        (["--ft-option", "dedicated:llama-3.1-8b@tpu"], "ft_option: unknown option"),
        (["--discount-rate-pct", "-3"], "discount_rate_pct: Input should be greater than or equal to 0"),
        (["--fleet", "elastic"], "Invalid value for '--fleet'"),
        (["--traffic-profile", "tests/assets/traffic/bad_23_weights.json"],
         "bad_23_weights.json:1:1: expected 24 weights, found 23"),
        (["--traffic-profile", "tests/assets/traffic/bad_negative_weight.yaml"],
         "bad_negative_weight.yaml:1:55: hour 12: a weight is a finite number, not negative (got -2)"),
        (["--traffic-profile", "tests/assets/traffic/bad_all_zero.yaml"], "needs at least one hour with traffic"),
        (["--traffic-profile", "tests/assets/traffic/bad_not_a_list.yaml"], "expected a list of 24 numbers"),
        (["--traffic-profile", "tests/assets/traffic/none.yaml"], "cannot read traffic profile"),
        (["--gpu-usd-per-hour", "2"], "gpu_usd_per_hour: set gpu_type too"),
        (["--assumptions", "tests/assets/assumptions/bad_unknown_key.yaml"],
         "bad_unknown_key.yaml:2:1: unknown key 'ft_retrain_evry_months'"),
        (["--assumptions", "tests/assets/assumptions/bad_value.yaml"],
         "bad_value.yaml:2:1: api_overhead_pct: Input should be greater than or equal to 0"),
        (["--assumptions", "tests/assets/assumptions/bad_syntax.yaml"], "bad_syntax.yaml:3:1: invalid YAML"),
        (["--assumptions", "tests/assets/assumptions/none.yaml"], "cannot read assumptions file"),
        (["--prices", "tests/assets/prices/bad_syntax.json"], "bad_syntax.json:"),
        (["--profile", "seed", "--months", "24"], "--months: the seed formula is fixed at 36 months"),
        (["--ft-initial-cost", "10"], "--ft-initial-cost belongs to --profile seed"),
        (["--privacy", "on_premise", "--ft-option", "provider"], "ft_option: no feasible provider option"),
    ],
)
def test_bad_input_is_one_clear_error(run_cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("tco", *args)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith("tune-or-prompt: error: ")
    assert message in err


def test_unknown_key_suggests_the_right_one(run_cli) -> None:  # type: ignore[no-untyped-def]
    _, _, err = run_cli("tco", "--assumptions", "tests/assets/assumptions/bad_unknown_key.yaml")
    assert "help: did you mean 'ft_retrain_every_months'" in err
    assert "^" in err  # the caret under the bad key


def test_a_measured_traffic_profile_drives_the_fleet(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("tco", "--format", "json", "--queries-per-month", "10000000",
                             "--traffic-profile", "tests/assets/traffic/good_business_day.yaml")
    assert code == 0, err
    data = json.loads(out)
    rows = {r["name"]: r for r in data["assumptions"]}
    assert len(rows["traffic_profile"]["value"]) == 24 and "peak_to_average_ratio" not in rows
    fixed = json.loads(run_cli("tco", "--format", "json", "--queries-per-month", "10000000", "--fleet", "fixed",
                               "--traffic-profile", "tests/assets/traffic/good_business_day.yaml")[1])
    assert data["fine_tuning"]["total_usd"] <= fixed["fine_tuning"]["total_usd"]


def test_old_parameter_names_say_what_replaced_them(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = tmp_path / "old.yaml"
    old.write_text("ft_mode: hosted_api\n")
    code, _, err = run_cli("tco", "--assumptions", str(old))
    assert code == 2
    assert "help: ft_mode is now ft_option (provider, serverless_lora, dedicated or flat)" in err
