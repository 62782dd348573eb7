"""Model lifecycle: an API model shut down within the horizon is replaced by its successor, at a migration's cost.

The clock is pinned to 2026-12-07 (tests/conftest.py), so the default start month is 2026-12.
"""

from __future__ import annotations

import numpy as np
import pytest

from tune_or_prompt.errors import UserError
from tune_or_prompt.pricing import Catalogue
from tune_or_prompt.pricing.lifecycle import lifecycle, parse_month
from tune_or_prompt.tco import Assumptions, compute_tco
from tune_or_prompt.tco.assumptions import Workload
from tune_or_prompt.tco.model import prompt_engineering
from tune_or_prompt.tco.pricing_run import price_options
from tune_or_prompt.tco.resolve import scenarios


def test_gpt_35_turbo_migrates_to_its_successor_in_the_month_of_its_shutdown() -> None:
    # OpenAI shut gpt-3.5-turbo down on 2026-10-23; a horizon from 2026-06 reaches it in month 5
    # (June 1, July 2, August 3, September 4, October 5).
    r = compute_tco(Workload(api_model="gpt-3.5-turbo"), Assumptions(start_month="2026-06"))
    assert r.start_month == "2026-06"
    # 100,000 queries of 2,000 input and 500 output tokens a month.
    # gpt-3.5-turbo at $0.50 / $1.50 per 1M tokens, no cached price:
    #   (2,000 x 0.50 + 500 x 1.50) / 1e6 x 100,000 = $175.00, plus 10% overhead $17.50.
    # Every month: prompt maintenance 4 h x $200 = $800, monitoring $50.
    # Month 1 adds prompt development 60 h x $200 = $12,000 and the evaluation suite 24 h x $200 = $4,800.
    before = 175.0 + 17.5 + 800 + 50
    # Its successor gpt-5.6-terra at $2 / $12, cached input $0.20:
    #   (2,000 x 2 + 500 x 12) / 1e6 x 100,000 = $1,000.00;
    #   OpenAI caches the 1,200-token static prefix (60%) in 128-token steps from 1,024: 1,152 tokens; GPT-5.6
    #   writes the cache at 1.25x the input price, so a token saves 0.5 x (2 - 0.2) on the 50% of queries that
    #   hit and costs 0.5 x 0.25 x 2 on those that miss: 0.65 a token, 1,152 x 0.65 / 1e6 x 100,000 = $74.88;
    #   overhead 10% of (1,000 - 74.88) = $92.512.
    after = 1000.0 - 74.88 + 92.512 + 800 + 50
    # The migration: (20 h re-prompting + 8 h re-evaluation) x $200 = $5,600, in month 5.
    migration = 28 * 200.0
    expected = [before + 16_800, before, before, before, after + migration, after, after]
    assert r.prompt_engineering.monthly_usd[:7] == pytest.approx(expected, abs=0.005)
    assert r.prompt_engineering.monthly_usd[-1] == pytest.approx(after, abs=0.005)
    assert [m.model_dump() for m in r.prompt_engineering.migrations] == [
        {"month": 5, "from_model": "gpt-3.5-turbo", "to_model": "gpt-5.6-terra", "cost_usd": 5600.0}]
    assert r.prompt_engineering.breakdown["migration"] == 5600.0
    # Fine-tuning serves from month 3 on: its prompted build months (1-2) are before the shutdown.
    assert r.fine_tuning.migrations == []
    assert any("gpt-3.5-turbo shuts down on 2026-10-23" in w and "confirmed" in w for w in r.warnings)


def test_a_shutdown_in_the_build_months_migrates_the_fine_tuning_paths_prompted_traffic() -> None:
    # From 2026-09 the shutdown (2026-10-23) falls in month 2, while fine-tuning is still being built.
    r = compute_tco(Workload(api_model="gpt-3.5-turbo"), Assumptions(start_month="2026-09"))
    assert [(m.month, m.cost_usd) for m in r.fine_tuning.migrations] == [(2, 5600.0)]
    assert all(o.migrations[0].month == 2 for o in r.fine_tuning_options if o.feasible)
    # Month 2's prompted traffic is billed at the successor's prices: $1,000 - $74.88 + $92.512.
    assert r.fine_tuning.breakdown["build_period_prompting"] == pytest.approx(175.0 + 17.5 + 1017.632, abs=0.005)


def test_a_model_shut_down_before_the_start_month_is_refused_naming_date_and_successor() -> None:
    with pytest.raises(UserError) as err:
        compute_tco(Workload(api_model="gpt-3.5-turbo"), Assumptions())  # starts 2026-12
    message = str(err.value)
    assert "gpt-3.5-turbo was shut down on 2026-10-23" in message
    assert "--api-model gpt-5.6-terra" in message and "\n" not in message


def test_the_cli_refuses_a_retired_model_in_one_line_with_exit_code_2(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("tco", "--api-model", "gpt-4-0613", "--format", "json")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "2026-10-23" in err and "gpt-5.6-sol" in err and "Traceback" not in err


def test_the_start_month_flag_moves_the_horizon(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("tco", "--api-model", "gpt-3.5-turbo", "--start-month", "2026-06", "--format", "json")
    assert code == 0 and '"start_month": "2026-06"' in out and '"to_model": "gpt-5.6-terra"' in out
    code, _, err = run_cli("tco", "--start-month", "2026-13")
    assert code == 2 and "start_month" in err


def test_a_shutdown_without_a_named_successor_within_the_horizon_is_refused() -> None:
    with pytest.raises(UserError, match="names no successor"):
        compute_tco(Workload(api_model="claude-opus-4"), Assumptions(start_month="2026-01"))


def test_the_default_gpt_4o_mini_date_is_only_reported_so_it_is_noted_not_priced() -> None:
    r = compute_tco(Workload(), Assumptions())
    assert r.prompt_engineering.migrations == [] and "migration" not in r.prompt_engineering.breakdown
    note = next(w for w in r.warnings if w.startswith("gpt-4o-mini"))
    assert "2027-01-14, month 2 of this horizon" in note
    assert "reported by third parties only, not confirmed" in note and "--retirement-dates reported" in note


def test_reported_dates_price_the_default_move_to_gpt_6_luna_in_month_2() -> None:
    r = compute_tco(Workload(), Assumptions(retirement_dates="reported"))
    # gpt-4o-mini ($0.15 / $0.60, cached $0.075): 2,000 x 0.15 + 500 x 0.60 = 600 per 1e6 -> $60.00;
    #   cache 2,000 x 0.6 x 0.5 x 0.075 = 45 per 1e6 -> $4.50; overhead 10% of 55.50 = $5.55.
    # gpt-6-luna ($0.10 / $0.50, cached $0.01): 2,000 x 0.10 + 500 x 0.50 = 450 per 1e6 -> $45.00;
    #   cache: 1,152 of the 1,200 static tokens (128-token steps from 1,024), no write charge:
    #   1,152 x 0.5 x 0.09 = 51.84 per 1e6 -> $5.184; overhead 10% of 39.816 = $3.9816.
    running = 800 + 50
    assert r.prompt_engineering.monthly_usd[1] == pytest.approx(45 - 5.184 + 3.9816 + running + 5600, abs=0.005)
    assert r.prompt_engineering.monthly_usd[2] == pytest.approx(45 - 5.184 + 3.9816 + running, abs=0.005)
    assert r.prompt_engineering.migrations[0].to_model == "gpt-6-luna"


def test_open_weights_on_premise_never_migrate() -> None:
    r = compute_tco(Workload(privacy="on_premise", api_model="gpt-3.5-turbo"), Assumptions())
    assert r.prompt_engineering.migrations == [] and r.fine_tuning.migrations == []
    assert not any("shut" in w for w in r.warnings)


def test_the_migration_is_priced_per_scenario() -> None:
    ctx = price_options(Workload(api_model="gpt-3.5-turbo"), Assumptions(start_month="2026-06"), Catalogue()).ctx
    s = scenarios(ctx, ctx.candidates[0], {"migration_prompt_hours": np.array([8.0, 20.0, 40.0])}, size=3)
    cost = prompt_engineering(s).categories["migration"]
    assert cost[4].tolist() == [(8 + 8) * 200.0, (20 + 8) * 200.0, (40 + 8) * 200.0]
    assert cost.sum() == pytest.approx(cost[4].sum())


def test_migration_hours_are_ranged_assumptions_of_the_report() -> None:
    r = compute_tco(Workload(api_model="gpt-3.5-turbo"), Assumptions(start_month="2026-06"))
    rows = {row.name: row for row in r.assumptions}
    for name in ("migration_prompt_hours", "migration_eval_hours"):
        assert rows[name].low is not None and rows[name].high is not None
        assert "tune-or-prompt estimate" in rows[name].source


def test_every_listed_successor_is_priced_and_not_itself_listed() -> None:
    from tests.golden.cases import CATALOGUE_FILE, catalogue_version

    listed = {n for r in lifecycle().models for n in r.names}
    catalogue = Catalogue()
    # The catalogue the project is developed against prices every successor; an older one (genai-prices for
    # Python 3.10) may lack the newest models, and a shutdown priced on one then fails with one clear line.
    current = catalogue_version() == CATALOGUE_FILE.read_text().strip()
    for r in lifecycle().models:
        assert "http" in r.source and r.read.isoformat() == "2026-12-07"
        if r.successor is not None:
            assert r.successor not in listed
            if current:
                assert catalogue.lookup(r.successor).input_usd_per_mtok > 0


@pytest.mark.parametrize("text", ["2026-6", "26-06", "2026-00", "june"])
def test_a_bad_month_is_a_user_error(text: str) -> None:
    with pytest.raises(UserError, match="YYYY-MM"):
        parse_month(text)


def test_the_note_says_an_open_fine_tune_never_retires_when_the_api_model_does() -> None:
    r = compute_tco(Workload(), Assumptions())  # the cheapest fine-tuning: a LoRA of Llama-3.1-8B, served per token
    assert r.ft_mode == "serverless_lora"
    assert any(w.startswith("gpt-4o-mini") and "open model never retires" in w for w in r.warnings)
    flat = compute_tco(Workload(), Assumptions(ft_option="flat"))
    assert not any("open model never retires" in w for w in flat.warnings)
