"""`tune-or-prompt batch`: one result row per workload, in order, bad rows reported, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.batch.conftest import generate, read_rows

COLUMNS = ["row", "workload", "verdict", "confidence", "confidence_basis", "rule_score", "prompt_engineering_usd",
           "fine_tuning_usd", "savings_with_prompting_usd", "break_even_month", "break_even_queries_per_month",
           "ft_option", "error"]


def test_csv_mixed_rows_keep_order_and_report_each_bad_row(run_cli, assets: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    code, stdout, stderr = run_cli("batch", str(assets / "mixed.csv"), "-o", str(out))
    assert code == 1  # some rows failed; the others still ran
    rows = read_rows(out)
    assert list(rows[0]) == COLUMNS
    assert [r["row"] for r in rows] == [str(n) for n in range(1, 8)]
    assert [r["workload"] for r in rows] == ["Support bot", "Big volume", "Negative volume", "On premise",
                                            "Not a boolean", "Unknown model", "Too many cells"]
    good = [r for r in rows if not r["error"]]
    assert [r["row"] for r in good] == ["1", "2", "4"]
    assert all(r["verdict"] and r["prompt_engineering_usd"] for r in good)
    errors = {r["row"]: r["error"] for r in rows if r["error"]}
    assert errors["3"] == ("row 3 (line 4): column queries_per_month: Input should be greater than or "
                           "equal to 0 (got '-5')")
    assert errors["5"].startswith("row 5 (line 6): column latency_critical: Input should be a valid boolean")
    assert errors["6"].startswith("row 6 (line 7): column api_model: unknown model 'gpt-4o-mino'")
    assert "did you mean" in errors["6"]
    assert errors["7"] == "row 7 (line 8): 9 cells where the header has 8 columns"
    for r in rows:
        if r["error"]:
            assert r["verdict"] == r["prompt_engineering_usd"] == ""
    assert "7 workloads" in stderr and "3 decided, 4 failed" in stderr
    # The big workload is cheaper fine-tuned, but its gates hold it back. On premise, prompting the same 8B
    # that would be fine-tuned, on the same owned L40S, is only 1.37x cheaper (a moderate vote), which the
    # critical latency (moderate) and the volume hint (weak) outweigh: fine-tuning, held back by its gates.
    assert "prompt_engineering: 1" in stderr and "prompt_engineering_first: 2" in stderr
    assert "total savings" in stderr
    assert stdout == ""


def test_jsonl_mixed_rows(run_cli, assets: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    code, _, _ = run_cli("batch", str(assets / "mixed.jsonl"), "-o", str(out))
    assert code == 1
    rows = read_rows(out)
    assert [r["row"] for r in rows] == [1, 2, 3, 4, 5, 6, 7]  # the blank line is not a workload
    assert [r["error"] is None for r in rows] == [True, True, False, True, False, False, False]
    assert rows[2]["error"].startswith("row 3 (line 3): column queries_per_month")
    # (on premise with a critical latency: fine-tuning wins the vote, its gates hold it back; see above)
    assert rows[3]["workload"] == "On premise" and rows[3]["verdict"] == "prompt_engineering_first"
    assert rows[4]["error"] == ("row 5 (line 6): unknown column 'queries_per_mnth'; "
                                "did you mean 'queries_per_month'?")
    assert rows[5]["error"].startswith("row 6 (line 7): not valid JSON")
    assert rows[6]["error"] == "row 7 (line 8): expected a JSON object of question: answer"
    assert rows[0]["break_even_month"] is None and isinstance(rows[0]["prompt_engineering_usd"], float)


def test_csv_and_jsonl_give_the_same_results(run_cli, assets: Path, tmp_path: Path) -> None:
    run_cli("batch", str(assets / "mixed.csv"), "-o", str(tmp_path / "a.jsonl"))
    run_cli("batch", str(assets / "mixed.jsonl"), "-o", str(tmp_path / "b.jsonl"))
    a, b = read_rows(tmp_path / "a.jsonl"), read_rows(tmp_path / "b.jsonl")
    keep = ["workload", "verdict", "confidence", "prompt_engineering_usd", "fine_tuning_usd",
            "savings_with_prompting_usd", "break_even_month", "break_even_queries_per_month"]
    for i, j in ((0, 0), (1, 1), (3, 3)):
        assert {k: a[i][k] for k in keep} == {k: b[j][k] for k in keep}


def test_all_good_rows_exit_0_and_default_output_is_stdout_in_the_input_format(
    run_cli, tmp_path: Path
) -> None:
    src = tmp_path / "ok.csv"
    src.write_text("queries_per_month,input_tokens\n100000,2000\n\n5000000,800\n")
    code, stdout, stderr = run_cli("batch", str(src))
    assert code == 0
    lines = stdout.splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert [line.split(",")[0] for line in lines[1:]] == ["1", "2"]
    assert "2 decided, 0 failed" in stderr


def test_unknown_column_is_a_file_error_with_a_suggestion(run_cli, assets: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    code, stdout, stderr = run_cli("batch", str(assets / "bad_unknown_column.csv"), "-o", str(out))
    assert code == 2
    assert "bad_unknown_column.csv:1:10: unknown column 'queries_per_mnth'" in stderr
    assert "did you mean 'queries_per_month'?" in stderr
    assert "Traceback" not in stderr
    assert not out.exists() and stdout == ""


def test_bad_files_and_options_exit_2(run_cli, assets: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert run_cli("batch", str(empty))[0] == 2
    txt = tmp_path / "p.txt"
    txt.write_text("x")
    code, _, err = run_cli("batch", str(txt))
    assert code == 2 and "must end in .csv or .jsonl" in err
    code, _, err = run_cli("batch", str(assets / "mixed.csv"), "-o", str(tmp_path / "out.xlsx"))
    assert code == 2 and "result file" in err
    code, _, err = run_cli("batch", str(tmp_path / "missing.csv"))
    assert code == 2 and "Traceback" not in err
    code, _, err = run_cli("batch", str(assets / "mixed.csv"), "--engineer-rate-usd-per-hour", "-3")
    assert code == 2


def test_a_failed_run_leaves_no_partial_output(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("earlier\n")
    bad = tmp_path / "bad.csv"
    generate(bad, 5000)  # several chunks are written before the bad bytes are read
    with bad.open("ab") as f:
        f.write(b"\xff\xfe,1\n")
    code, _, err = run_cli("batch", str(bad), "-o", str(out))
    assert code == 2 and "UTF-8" in err
    assert out.read_text() == "earlier\n"
    assert list(tmp_path.glob(".out.csv.*")) == []


def test_jobs_2_equals_jobs_1(run_cli, tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    generate(src, 5000)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert run_cli("batch", str(src), "-o", str(one))[0] == 0
    assert run_cli("batch", str(src), "-o", str(two), "--jobs", "2")[0] == 0
    assert one.read_text() == two.read_text()
    assert len(read_rows(one)) == 5000


def test_house_questions_are_columns(run_cli, tmp_path: Path) -> None:
    pack = Path(__file__).parent.parent / "assets" / "packs" / "good_acme_policy.yaml"
    src = tmp_path / "p.csv"
    from tune_or_prompt.rules import load_packs

    question = load_packs([pack]).questions[0]
    assert question.type == "bool"
    src.write_text(f"workload,{question.id}\nA,yes\nB,no\nC,perhaps\n")
    code, stdout, _ = run_cli("batch", str(src), "--rules", str(pack))
    lines = stdout.splitlines()
    assert code == 1
    assert lines[3].startswith("3,C,") and f"column {question.id}: expected true or false" in lines[3]


def test_a_chunk_where_every_workload_breaks_even_at_zero_volume(run_cli, tmp_path: Path) -> None:
    # On premise with flat fine-tuning and no infrastructure, fine-tuning is no
    # dearer even at zero volume when prompting keeps two replicas of the 70B
    # running: the break-even volume is 0 for every row, and the volume search
    # has nothing to bracket.
    src = tmp_path / "zero.csv"
    src.write_text("workload,queries_per_month,input_tokens,output_tokens,privacy\n"
                   "On-prem bot,1000,100,0,on_premise\nTwin,2000,100,0,on_premise\n")
    flags = ["--ft-option", "flat", "--ft-flat-monthly-infra-usd", "0", "--min-replicas", "2",
             "--pe-open-model-size", "70b"]
    code, stdout, err = run_cli("batch", str(src), *flags)
    assert code == 0, err
    rows = stdout.splitlines()[1:]
    assert [r.split(",")[10] for r in rows] == ["0.0", "0.0"]  # break_even_queries_per_month


def test_summary_names_the_engine_and_packs_as_decide_does(run_cli, tmp_path: Path) -> None:
    pack = Path(__file__).parent.parent / "assets" / "packs" / "good_acme_policy.yaml"
    src = tmp_path / "p.csv"
    src.write_text("workload\nA\n")
    code, _, stderr = run_cli("batch", str(src), "--rules", str(pack))
    assert code == 0
    assert stderr.splitlines()[-2] == (
        "Engine: reference evaluator; packs: decision-tree, fit-signals, costs, validation-steps, acme-policy.")


@pytest.mark.durable_rules
def test_summary_names_durable_rules_when_it_runs(run_cli, tmp_path: Path) -> None:
    from tune_or_prompt.rules import default_engine

    src = tmp_path / "p.csv"
    src.write_text("workload\nA\n")
    code, _, stderr = run_cli("batch", str(src), "--engine", "durable_rules")
    assert code == 0
    assert stderr.splitlines()[-2] == (
        f"Engine: {default_engine().name}; packs: decision-tree, fit-signals, costs, validation-steps.")


def test_draws_give_each_row_the_confidence_decide_gives(run_cli, tmp_path: Path) -> None:
    # The same workloads through `decide --draws 300`: the same verdict and the same share of draws.
    src = tmp_path / "two.csv"
    src.write_text("workload,queries_per_month\nsmall,100000\nnear,6000000\n")
    code, _, stderr = run_cli("batch", str(src), "--draws", "300", "-o", str(tmp_path / "out.jsonl"))
    assert code == 0, stderr
    rows = read_rows(tmp_path / "out.jsonl")
    assert [r["confidence_basis"] for r in rows] == ["draws:300", "draws:300"]
    assert "Confidence: the share of each row's 300 draws that give its verdict." in stderr
    for row, volume in zip(rows, (100_000, 6_000_000), strict=True):
        answers = tmp_path / f"{volume}.yaml"
        answers.write_text(f"workload: w\nqueries_per_month: {volume}\n")
        code, out, err = run_cli("decide", "--answers", str(answers), "--draws", "300", "--format", "json")
        assert code == 0, err
        decided = json.loads(out)
        assert (row["verdict"], row["confidence"]) == (decided["verdict"], decided["confidence"])
        assert row["rule_score"] == decided["rule_score"]
        assert decided["confidence_basis"] == "draws" and decided["confidence_draws"] == 300


def test_without_draws_batch_gives_no_confidence_only_the_rule_score(run_cli, tmp_path: Path) -> None:
    # The article's example: a 3-to-1 vote (rule score 0.4) that every draw of advise
    # confirms (confidence 100%); batch without draws must not call the 0.4 a confidence.
    src = tmp_path / "one.csv"
    src.write_text("workload,queries_per_month\nexample,100000\n")
    code, stdout, stderr = run_cli("batch", str(src))
    assert code == 0, stderr
    header, line = stdout.splitlines()
    row = dict(zip(header.split(","), line.split(","), strict=True))
    assert (row["confidence"], row["confidence_basis"], row["rule_score"]) == ("", "", "0.4")
    assert "Confidence: none without draws" in stderr
