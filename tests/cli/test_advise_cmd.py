"""``advise`` and ``questions`` end to end: answers in, memo out, and every way input can be wrong."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from tune_or_prompt.answers_io import load_answers_file
from tune_or_prompt.questionnaire import Questionnaire, answers_text

ASSETS = Path(__file__).parent.parent / "assets"
ANSWERS = ASSETS / "answers"
ACME = ASSETS / "packs" / "good_acme_policy.yaml"


def test_defaults_write_the_example_memo_to_stdout(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("advise", "--defaults")
    assert code == 0, err
    assert out.startswith("# Customer-support chatbot: fine-tune or keep prompting?")
    assert "tune-or-prompt advise --defaults --format md" in out  # the regenerating command
    assert err == ""


@pytest.mark.parametrize(
    ("name", "fmt_marker"),
    [("memo.md", "# Triage"), ("memo.markdown", "# Triage"), ("memo.html", "<!DOCTYPE html>"),
     ("memo.HTM", "<!DOCTYPE html>"), ("memo.json", '"answers"')],
)
def test_format_is_inferred_from_the_output_extension(run_cli, tmp_path: Path, name: str,  # type: ignore[no-untyped-def]
                                                      fmt_marker: str) -> None:
    out = tmp_path / name
    code, stdout, err = run_cli("advise", "--defaults", "--set", "workload=Triage", "-o", str(out))
    assert code == 0, err
    assert stdout == ""
    assert fmt_marker in out.read_text(encoding="utf-8")
    assert f"wrote {out}" in err or f"and {out}" in err


def test_markdown_memo_has_its_chart_and_the_command_that_regenerates_it(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "memo.md"
    code, _, err = run_cli("advise", "--defaults", "-o", str(out), "--ft-epochs", "4")
    assert code == 0, err
    assert (tmp_path / "memo.chart.svg").is_file()
    assert f"tune-or-prompt: wrote {tmp_path / 'memo.chart.svg'} and {out}" in err
    command = f"tune-or-prompt advise --defaults --ft-epochs 4.0 --format md -o {out}"
    assert command in out.read_text(encoding="utf-8")
    assert f"regenerate with: {command}" in err


def test_explicit_format_wins_over_the_extension(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "memo.txt"
    code, _, err = run_cli("advise", "--defaults", "--format", "json", "-o", str(out))
    assert code == 0, err
    assert json.loads(out.read_text())["answers"]["queries_per_month"] == 100_000


def test_unknown_extension_without_format_is_an_error(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("advise", "--defaults", "-o", str(tmp_path / "memo.txt"))
    assert code == 2
    assert "cannot tell the memo format from '.txt'; use .md, .html or .json, or pass --format" in err


def test_missing_output_directory_fails_before_any_question(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("advise", "-o", str(tmp_path / "nope" / "memo.md"))
    assert code == 2
    assert f"--output {tmp_path / 'nope' / 'memo.md'}: directory {tmp_path / 'nope'} does not exist" in err


def test_without_a_terminal_nothing_is_asked_and_missing_answers_are_named(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("advise", "--answers", str(ANSWERS / "good_partial.yaml"))
    assert code == 2 and out == ""
    assert "question 'growth_pct_per_month' is required: Monthly volume growth?" in err
    assert "standard input is not a terminal, so nothing is asked (as with --no-input)" in err
    assert "Traceback" not in err


def test_no_input_names_the_missing_question(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    questionnaire = Questionnaire.build()
    answers = tmp_path / "answers.yaml"
    answers.write_text(answers_text(questionnaire, {**questionnaire.fill_defaults({}), "prompt_iterations": 30},
                                    command="-"))
    code, _, err = run_cli("advise", "--no-input", "--answers", str(answers))
    assert code == 2
    assert "question 'prompting_plateaued' is required: Has prompt accuracy plateaued below the target?" in err
    assert "1 question unanswered and --no-input was given" in err


def test_set_wins_over_the_answers_file_and_defaults_fill_the_rest(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "memo.json"
    code, _, err = run_cli("advise", "--answers", str(ANSWERS / "good_partial.yaml"), "--set",
                           "queries_per_month=5,000,000", "--defaults", "-o", str(out))
    assert code == 0, err
    advice = json.loads(out.read_text())
    assert advice["answers"]["workload"] == "Invoice triage"  # from the file
    assert advice["answers"]["queries_per_month"] == 5_000_000  # --set wins
    assert advice["answers"]["horizon_months"] == 36  # --defaults
    assert advice["command"] == (
        f"tune-or-prompt advise --answers {ANSWERS / 'good_partial.yaml'} "
        f"--set queries_per_month=5,000,000 --defaults --format json -o {out}"
    )


def test_house_question_answered_by_set_reaches_the_memo(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "memo.json"
    code, _, err = run_cli("advise", "--rules", str(ACME), "--defaults", "--set", "handles_pii=true",
                           "-o", str(out))
    assert code == 0, err
    advice = json.loads(out.read_text())
    assert advice["house_answers"] == {"handles_pii": True}
    assert "pii-needs-on-premise" in {r["id"] for r in advice["decision"]["fired"]}
    assert f"--rules {ACME}" in advice["command"]


@pytest.mark.parametrize(
    ("asset", "expected"),
    [
        ("bad_syntax.yaml", "bad_syntax.yaml:3:13: invalid YAML"),
        ("bad_unknown_key.yaml", "bad_unknown_key.yaml:2:1: unknown answer 'queries_per_mont'"),
        ("bad_unknown_key.yaml", "help: did you mean 'queries_per_month'?"),
        ("bad_out_of_range.yaml",
         "bad_out_of_range.yaml:3:1: accuracy_target_pct: Input should be less than or equal to 100"),
    ],
)
def test_malformed_answers_file_is_reported_at_file_line(run_cli, asset: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("advise", "--answers", str(ANSWERS / asset), "--defaults")
    assert code == 2 and out == ""
    assert expected in err
    assert "Traceback" not in err


def test_bad_set_is_an_error_naming_the_key(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("advise", "--defaults", "--set", "horizon_months=twelve", "--set", "budget=1")
    assert code == 2
    assert "--set horizon_months=twelve: horizon_months enter a whole number, e.g. 36" in err
    assert "--set budget=1: unknown question 'budget'; did you mean 'monthly_budget_usd'?" not in err  # too far
    assert "--set budget=1: unknown question 'budget'" in err


def test_save_answers_records_a_replayable_file(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    saved, first, second = tmp_path / "answers.yaml", tmp_path / "a.json", tmp_path / "b.json"
    code, _, err = run_cli("advise", "--defaults", "--set", "workload=Triage", "--save-answers", str(saved),
                           "-o", str(first))
    assert code == 0, err
    assert f"answers saved to {saved}" in err
    assert load_answers_file(saved)["workload"] == "Triage"
    advice = json.loads(first.read_text())
    assert advice["command"] == f"tune-or-prompt advise --answers {saved} --defaults --format json -o {first}"
    code, _, err = run_cli("advise", "--answers", str(saved), "-o", str(second))
    assert code == 0, err
    replayed = json.loads(second.read_text())
    assert replayed["answers"] == advice["answers"] and replayed["decision"] == advice["decision"]


def test_broken_house_template_leaves_the_earlier_memo_untouched(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "memo.html"
    out.write_text("earlier memo")
    house = tmp_path / "house"
    house.mkdir()
    (house / "memo.html.j2").write_text(
        '{% extends "default/memo.html.j2" %}\n{% block nope %}{% if %}{% endblock %}\n'
    )
    code, _, err = run_cli("advise", "--defaults", "--templates", str(house), "-o", str(out))
    assert code == 2
    assert "memo.html.j2:2" in err
    assert out.read_text() == "earlier memo"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["house", "memo.html"]  # no temp file left


def test_questions_lists_builtin_and_house_questions(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "200")  # one table row per question
    code, out, err = run_cli("questions", "--rules", str(ACME), "--format", "json")
    assert code == 0, err
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows["queries_per_month"] == {
        "id": "queries_per_month", "prompt": "How many queries a month?", "type": "float",
        "allowed": "number, 0 to 1,000,000,000,000", "unit": "queries/month", "default": 100000,
        "help": "Requests to the model per month today (month 1 of the horizon).",
        "source": ('"Fine-Tuning vs Prompt Engineering: 3-Year Total Cost of Ownership Analysis" '
                   "(article, prices as of 2024-11-15): its worked example, a customer-support chatbot"),
        "ask_if": None, "house": False,
    }
    assert rows["prompting_plateaued"]["ask_if"] == "prompt_iterations > 0"
    assert rows["handles_pii"]["house"] is True
    code, out, _ = run_cli("questions", "--rules", str(ACME))
    assert code == 0
    for text in ("queries_per_month", "handles_pii", "Does the workload process", "(house question)"):
        assert text in out


def test_template_is_written_and_loads_back_with_answers(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    template = tmp_path / "answers.yaml"
    code, out, err = run_cli("questions", "--template", str(template), "--rules", str(ACME))
    assert code == 0 and out == ""
    assert f"wrote {template} (22 questions, all commented out)" in err
    assert "# handles_pii: false" in template.read_text()
    code, _, err = run_cli("advise", "--answers", str(template), "--rules", str(ACME), "--defaults",
                           "-o", str(tmp_path / "memo.json"))
    assert code == 0, err


def _program() -> Path | None:
    found = Path(sys.executable).parent / "tune-or-prompt"
    return found if found.exists() else (Path(p) if (p := shutil.which("tune-or-prompt")) else None)


def test_interactive_run_in_a_terminal_writes_the_memo(tmp_path: Path) -> None:
    """The installed program in a pseudo-terminal: every question answered by keys, then the memo."""
    pexpect = pytest.importorskip("pexpect")
    program = _program()
    assert program is not None, "the tune-or-prompt console script is not installed"
    # PROMPT_TOOLKIT_NO_CPR: this terminal never answers a cursor-position request,
    # for which prompt_toolkit would otherwise wait about a second at every prompt.
    env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "COLUMNS": "120", "LINES": "40",
           "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(str(program), ["advise", "-o", "memo.md"], cwd=str(tmp_path), env=env,
                          encoding="utf-8", timeout=30, dimensions=(40, 120))
    clear = "\x15"

    def answer(prompt: str, keys: str) -> None:
        child.expect_exact(prompt)
        child.send(keys)

    answer("What does the LLM feature do?", clear + "Invoice triage\r")
    answer("How many queries a month?", clear + "250000\r")
    answer("Input tokens per query?", clear + "1500\r")
    answer("Output tokens per query?", clear + "300\r")
    child.expect_exact("= 450,000,000 tokens a month")
    answer("Monthly volume growth?", clear + "2\r")
    answer("Horizon to price over?", clear + "abc\r")
    child.expect_exact("enter a whole number")
    child.send(clear + "24\r")
    answer("May the data go to an external API?", "\r")
    answer("Which API model would prompting use?", "\r")
    answer("Accuracy the feature must reach?", clear + "97\r")
    answer("How often do the requirements change?", "\x1b[B\r")  # monthly -> quarterly
    answer("Monthly budget for this feature?", clear + "20000\r")
    answer("Is the feature user-facing, with an uptime need?", "n")
    answer("Is latency critical?", "y")
    answer("Must behaviour stay consistent", "y")
    answer("How many tasks share the model?", "\r")
    answer("How many prompt iterations so far?", clear + "30\r")
    answer("Has prompt accuracy plateaued below the target?", "y")
    answer("Months of production data collected?", clear + "8\r")
    answer("What does one wrong answer cost you?", "1.5\r")
    answer("Accuracy prompting reaches on your evaluation set?", "89\r")
    answer("Accuracy a fine-tuned model reaches", "\r")  # left empty: the typical 92-98%
    child.expect_exact("wrote ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    memo = (tmp_path / "memo.md").read_text(encoding="utf-8")
    assert memo.startswith("# Invoice triage: fine-tune or keep prompting?")
    assert "tune-or-prompt advise --answers tune-or-prompt-answers.yaml --format md -o memo.md" in memo
    answers = load_answers_file(tmp_path / "tune-or-prompt-answers.yaml")
    assert answers == {
        "workload": "Invoice triage", "queries_per_month": 250000, "input_tokens": 1500, "output_tokens": 300,
        "growth_pct_per_month": 2, "horizon_months": 24, "api_model": "gpt-4o-mini", "accuracy_target_pct": 97,
        "requirements_change": "quarterly", "monthly_budget_usd": 20000, "privacy": "cloud_ok",
        "availability": False, "latency_critical": True, "consistency_critical": True, "tasks_sharing_model": 1,
        "prompt_iterations": 30, "prompting_plateaued": True, "production_data_months": 8,
        "cost_per_error_usd": 1.5, "accuracy_prompting_pct": 89, "accuracy_fine_tuned_pct": None,
    }
    assert (tmp_path / "memo.chart.svg").is_file()


def test_runs_without_a_terminal_never_touch_the_default_answers_file(
        run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    answers = tmp_path / "tune-or-prompt-answers.yaml"
    answers.write_text("workload: Triage\nqueries_per_month: 7000\n")
    for args in (["--defaults"], ["--answers", str(answers), "--defaults"],
                 ["--set", "queries_per_month=9", "--defaults", "-o", "memo.md"]):
        code, _, err = run_cli("advise", *args)
        assert code == 0, err
        assert answers.read_text() == "workload: Triage\nqueries_per_month: 7000\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.chart.svg", "memo.md", "tune-or-prompt-answers.yaml"]
    # Named explicitly, the file is this run's record and is replaced, as -o replaces the memo.
    code, _, err = run_cli("advise", "--answers", str(answers), "--set", "queries_per_month=9", "--defaults",
                           "--save-answers", str(answers))
    assert code == 0, err
    assert load_answers_file(answers)["queries_per_month"] == 9
    assert load_answers_file(answers)["workload"] == "Triage"
