"""`tco` and `decide` with --uncertainty, --draws, --random-seed and --sensitivity, as a user runs them."""

from __future__ import annotations

import json


def test_tco_uncertainty_defaults_to_10000_draws_and_is_reproducible(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("tco", "--uncertainty", "--format", "json")
    assert code == 0, err
    u = json.loads(out)["uncertainty"]
    assert (u["draws"], u["random_seed"], u["p_fine_tuning_cheaper"]) == (10_000, 0, 0.0)
    assert json.loads(run_cli("tco", "--uncertainty", "--format", "json")[1])["uncertainty"] == u


def test_tco_draws_and_seed(run_cli) -> None:  # type: ignore[no-untyped-def]
    first = json.loads(run_cli("tco", "--draws", "500", "--random-seed", "7", "--format", "json")[1])["uncertainty"]
    again = json.loads(run_cli("tco", "--draws", "500", "--random-seed", "7", "--format", "json")[1])["uncertainty"]
    other = json.loads(run_cli("tco", "--draws", "500", "--random-seed", "8", "--format", "json")[1])["uncertainty"]
    assert first["draws"] == 500 and first == again and other["fine_tuning"] != first["fine_tuning"]


def test_tco_without_analyses_reports_none(run_cli) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run_cli("tco", "--format", "json")[1])
    assert data["uncertainty"] is None and data["sensitivity"] is None


def test_tco_table_shows_spread_tornado_and_flips(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("tco", "--draws", "1000", "--sensitivity")
    assert code == 0, err
    assert "Spread over 1,000 draws (seed 0)" in out
    assert "Fine-tuning is cheaper in none of the 1,000 draws." in " ".join(out.split())
    assert "Months between" in out and "$90,022" in out  # its swing, worked in tests/tco/test_sensitivity.py
    assert "prompt maintenance effort rose above 14.3 hours/month" in " ".join(out.split())


def test_seed_profile_refuses_the_analyses(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("tco", "--profile", "seed", "--uncertainty")
    assert code == 2 and "belong to the full profile" in err


def test_draws_must_be_positive(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("tco", "--draws", "0")
    assert code == 2 and "--draws" in err


def test_decide_json_gains_an_uncertainty_object(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("decide", "--draws", "2000", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["uncertainty"]["draws"] == 2000
    assert data["uncertainty"]["p_fine_tuning_cheaper"] == 0.0005  # one draw in 2,000
    assert "uncertainty" not in data["tco"]
    assert (data["confidence_basis"], data["confidence_draws"]) == ("draws", 2000)
    plain = json.loads(run_cli("decide", "--format", "json", "--draws", "0")[1])
    assert "uncertainty" not in plain
    assert (plain["confidence_basis"], plain["confidence_draws"], plain["verdict_shares"]) == ("rules", None, {})
    assert plain["confidence"] == plain["rule_score"] == 0.4


def test_decide_sensitivity_adds_the_tornado_as_tco_gives_it(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("decide", "--draws", "0", "--sensitivity", "--format", "json")
    assert code == 0, err
    decided = json.loads(out)["sensitivity"]
    priced = json.loads(run_cli("tco", "--sensitivity", "--format", "json")[1])["sensitivity"]
    assert decided == priced and decided["tornado"]
    code, table, err = run_cli("decide", "--draws", "0", "--sensitivity")
    assert code == 0, err
    assert "Sensitivity: fine-tuning minus prompting, each parameter low to high" in table
    assert "Months between retrainings" in table
    assert "Sensitivity" not in run_cli("decide", "--draws", "0")[1]
