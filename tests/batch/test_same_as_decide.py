"""Batch gives, row for row, the verdict and figures `decide` gives for the same answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.batch.conftest import read_rows

ROWS = [
    {"workload": "Example"},
    {"workload": "Big", "queries_per_month": 50_000_000, "input_tokens": 3000, "output_tokens": 400,
     "latency_critical": True, "horizon_months": 24},
    {"workload": "On premise", "queries_per_month": 2_000_000, "input_tokens": 1000, "output_tokens": 200,
     "privacy": "on_premise", "latency_critical": True},
    {"workload": "Growing", "queries_per_month": 3_000_000, "growth_pct_per_month": 4, "api_model": "gpt-4o",
     "accuracy_target_pct": 97, "requirements_change": "rarely", "production_data_months": 12,
     "consistency_critical": True, "horizon_months": 48},
    {"workload": "Tiny", "queries_per_month": 500, "monthly_budget_usd": 1000, "prompt_iterations": 30,
     "prompting_plateaued": True},
    {"workload": "Shrinking on premise", "queries_per_month": 40_000_000, "growth_pct_per_month": -3,
     "privacy": "on_premise", "horizon_months": 60},
]
FLAG_SETS = [[], ["--serverless-lora-input-usd-per-mtok", "0.2", "--serverless-lora-output-usd-per-mtok", "0.2",
                  "--ft-retrain-every-months", "6", "--discount-rate-pct", "8"],
             ["--ft-option", "flat", "--api-overhead-pct", "12"]]


ACME = Path(__file__).parent.parent / "assets" / "packs" / "good_acme_policy.yaml"


@pytest.mark.parametrize("flags", FLAG_SETS, ids=["defaults", "serverless_lora_discounted", "flat"])
def test_batch_equals_decide(run_cli, tmp_path: Path, flags: list[str]) -> None:
    _compare(run_cli, tmp_path, ROWS, flags)


def test_batch_equals_decide_with_a_house_pack(run_cli, tmp_path: Path) -> None:
    # handles_pii defaults to false; where a row says true, the pack's required
    # rule decides for fine-tuning on the larger workloads.
    rows = [*ROWS, *({**r, "handles_pii": True} for r in ROWS)]
    verdicts = _compare(run_cli, tmp_path, rows, ["--rules", str(ACME)])
    assert verdicts[:len(ROWS)] != verdicts[len(ROWS):]


def _compare(run_cli, tmp_path: Path, rows: list[dict[str, object]], flags: list[str]) -> list[str | None]:
    """Run ``rows`` through batch and each through decide; return batch's verdicts."""
    src = tmp_path / "p.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out.jsonl"
    code, _, err = run_cli("batch", str(src), "-o", str(out), *flags)
    batch = read_rows(out)
    for i, row in enumerate(rows):
        answers = tmp_path / f"a{i}.json"
        answers.write_text(json.dumps(row))
        # Batch rows carry the rule score unless --draws is given: decide without draws.
        dcode, dout, derr = run_cli("decide", "--answers", str(answers), "--format", "json", "--draws", "0", *flags)
        if dcode != 0:  # e.g. hosted fine-tuning on premise: the same error on the batch row
            assert batch[i]["error"] and batch[i]["verdict"] is None, derr
            continue
        d = json.loads(dout)
        tco = d["tco"]
        pv = tco["present_value"] or {}  # with a discount rate the comparison is on present values
        assert batch[i] == {
            "row": i + 1,
            "workload": row["workload"],
            "verdict": d["verdict"],
            "confidence": None,  # no draws: no confidence, only the rule score
            "confidence_basis": None,
            "rule_score": d["rule_score"],
            "prompt_engineering_usd": pv.get("prompt_engineering_usd", tco["prompt_engineering"]["total_usd"]),
            "fine_tuning_usd": pv.get("fine_tuning_usd", tco["fine_tuning"]["total_usd"]),
            "savings_with_prompting_usd": tco["savings_with_prompting_usd"],
            "break_even_month": tco["break_even"]["month"],
            "break_even_queries_per_month": tco["break_even"]["queries_per_month"],
            "ft_option": tco["fine_tuning"]["option"],
            "error": None,
        }, row["workload"]
    assert code == (1 if any(r["error"] for r in batch) else 0), err
    return [r["verdict"] for r in batch]


@pytest.mark.durable_rules
def test_durable_rules_engine_gives_the_same_verdicts(run_cli, tmp_path: Path) -> None:
    src = tmp_path / "p.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    code_ref, ref, _ = run_cli("batch", str(src))
    code_dr, dr, _ = run_cli("batch", str(src), "--engine", "durable_rules")
    assert code_ref == code_dr == 0
    assert ref == dr


def test_rows_that_differ_in_tokens_alone_equal_decide(run_cli, tmp_path: Path, monkeypatch) -> None:
    # One API model, privacy and horizon, tokens varied: priced together under one context with each
    # row's own serving rates, or apart where the tokens change which GPU types can serve (120,000 input
    # tokens). The remembered contexts are forgotten every two, in the middle of the chunk.
    import tune_or_prompt.batch.evaluate as evaluate

    monkeypatch.setattr(evaluate, "_CACHE_LIMIT", 2)
    rows = [{"workload": f"{tin}/{tout}", "queries_per_month": q, "input_tokens": tin, "output_tokens": tout,
             "privacy": privacy, "growth_pct_per_month": g}
            for privacy in ("cloud_ok", "on_premise")
            for q, tin, tout, g in ((40_000_000, 800, 150, 0), (3_000_000, 2_500, 700, 2), (90_000_000, 9_000, 60, 0),
                                    (25_000_000, 120_000, 400, 0))]
    _compare(run_cli, tmp_path, rows, [])
