"""The decide and rules commands, run in-process."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

ASSETS = Path(__file__).parent.parent / "assets" / "packs"
RunCli = Callable[..., tuple[int, str, str]]


def test_decide_json_on_the_article_example(run_cli: RunCli) -> None:
    code, out, err = run_cli("decide", "--format", "json")
    assert code == 0
    assert "no --answers file: using the article's example workload" in err
    data = json.loads(out)
    assert {"verdict", "confidence", "scores", "fired", "gates", "engine", "tco"} <= set(data)
    assert data["verdict"] == "prompt_engineering"
    assert [r["id"] for r in data["fired"]] == ["volume-above-10m-tokens", "tco-favours-prompting"]
    assert set(data["fired"][0]) >= {"id", "pack", "verdict", "strength", "because", "facts"}
    assert {g["id"]: g["status"] for g in data["gates"] if g["blocking"]} == {
        "prompt-limits-validated": "unmet",
        "production-evidence": "unmet",
        "break-even-within-horizon": "unmet",
    }
    assert data["tco"]["prompt_engineering"]["total_usd"] == 49_604.93
    assert "the cost rule tco-favours-prompting prevailed" in data["notes"][0]


def test_decide_table_names_both_rules_and_the_note(run_cli: RunCli) -> None:
    code, out, _ = run_cli("decide")
    assert code == 0
    assert "PROMPT ENGINEERING" in out
    assert "volume-above-10m-tokens" in out and "tco-favours-prompting" in out


def test_decide_with_house_pack_folder_and_answers(run_cli: RunCli, tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "acme.yaml").write_text((ASSETS / "good_acme_policy.yaml").read_text())
    answers = tmp_path / "answers.yaml"
    answers.write_text("handles_pii: true\n")
    code, out, _ = run_cli(
        "decide", "--answers", str(answers), "--rules", str(packs), "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["verdict"] == "prompt_engineering_first"
    assert "acme-policy" in [r["pack"] for r in data["fired"]]
    assert data["house_answers"] == {"handles_pii": True}


def test_decide_bad_answers_file_exits_2_without_traceback(run_cli: RunCli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("queries_per_month: -5\n")
    code, _, err = run_cli("decide", "--answers", str(answers))
    assert code == 2
    assert f"{answers}:1:1: queries_per_month: Input should be greater than or equal to 0" in err
    assert "Traceback" not in err


def test_decide_takes_assumption_flags(run_cli: RunCli) -> None:
    code, out, _ = run_cli("decide", "--format", "json", "--engineer-rate-usd-per-hour", "100")
    assert code == 0
    assert json.loads(out)["tco"]["prompt_engineering"]["total_usd"] < 49_776.0


def test_rules_check_clean_and_bad(run_cli: RunCli) -> None:
    code, out, _ = run_cli("rules", "check", str(ASSETS / "good_acme_policy.yaml"))
    assert (code, out.startswith("OK: 1 pack checked")) == (0, True)
    bad = ASSETS / "bad_unknown_fact.yaml"
    code, _, err = run_cli("rules", "check", str(bad))
    assert code == 2
    assert f"{bad}:7:11: unknown fact 'monthly_tokenz'" in err
    assert "^^^^^^^^^^^^^^" in err


def test_rules_list_and_schema(run_cli: RunCli) -> None:
    code, out, _ = run_cli("rules", "list", "--format", "json")
    assert code == 0
    listed = json.loads(out)
    volume = next(r for r in listed["rules"] if r["id"] == "volume-above-10m-tokens")
    assert volume["when"] == "monthly_tokens > 10,000,000"
    assert volume["source"].startswith("rules/10-decision-tree.yaml:")
    code, out, _ = run_cli("rules", "schema")
    schema = json.loads(out)
    assert schema["title"] == "tune-or-prompt rule pack"
    assert "Condition" in schema["$defs"]


def test_the_confidence_line_never_rounds_up_to_every_draw() -> None:
    # 9,990 of 10,000 draws is not all of them: the status line says 99.9%, as the memo does.
    from tests.memo.conftest import make_decision
    from tune_or_prompt.cli.rules_views import confidence_words

    d = make_decision().model_copy(update={"confidence": 0.999, "confidence_basis": "draws",
                                           "confidence_draws": 10_000})
    assert confidence_words(d) == "confidence 99.9% of 10,000 draws"
    assert confidence_words(d.model_copy(update={"confidence": 1.0})) == "confidence 100% of 10,000 draws"


def test_the_tables_name_the_paths_as_the_memo_does(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("decide", "--draws", "0")
    assert code == 0
    assert "scores: prompt engineering 3, fine-tuning 1" in out and "fine tuning" not in out
    code, out, _ = run_cli("rules", "list")
    assert code == 0 and "fine-tuning" in out and "fine tuning" not in out


def test_rules_explain_explains_the_decision_decide_prints(run_cli: RunCli, tmp_path: Path) -> None:
    # 3M queries a month: prompting wins at list prices; at $30/$120 per million tokens
    # fine-tuning is cheaper and the verdict becomes "prompt engineering first". `rules explain`
    # takes decide's flags (cost flags, --draws, --random-seed) and must explain that decision.
    answers = tmp_path / "answers.yaml"
    answers.write_text("queries_per_month: 3000000\n")
    for flags in ([], ["--input-price", "30", "--output-price", "120"]):
        common = ["--answers", str(answers), "--draws", "200", "--random-seed", "3", *flags]
        code, out, _ = run_cli("decide", *common, "--format", "json")
        assert code == 0
        decided = json.loads(out)
        code, out, _ = run_cli("rules", "explain", *common, "--format", "json")
        assert code == 0
        fired = [e["id"] for e in json.loads(out) if e["outcome"] == "fired"]
        assert sorted(fired) == sorted(r["id"] for r in decided["fired"])
        code, text, _ = run_cli("rules", "explain", *common)
        verdict = {"prompt_engineering": "PROMPT ENGINEERING (", "prompt_engineering_first": "PROMPT ENGINEERING FIRST"}
        assert f"Verdict: {verdict[decided['verdict']]}" in text
    assert decided["verdict"] == "prompt_engineering_first"
