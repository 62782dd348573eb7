"""The cost assumptions an answers file may set: ``candidates`` and ``start_month``.

They change what is priced as their flags do, rank between an ``--assumptions``
file and the flags, fail as their flags fail but naming the file, show in the
memo's inputs as the user's answer, and survive ``--save-answers``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

RunCli = Callable[..., tuple[int, str, str]]
QUICK = ("--draws", "0")

# The article's example prompts gpt-4o-mini; with no candidates its prompting paths are the current
# setup, the cheaper gpt-4.1-nano and three open models, each at a serverless host and on rented GPUs.
BUILT_IN = ["prompt:gpt-4o-mini@api", "prompt:gpt-4.1-nano@api",
            "prompt:llama-3.1-8b@serverless", "prompt:llama-3.1-8b@dedicated",
            "prompt:qwen2.5-14b@serverless", "prompt:qwen2.5-14b@dedicated",
            "prompt:llama-3.3-70b@serverless", "prompt:llama-3.3-70b@dedicated"]


def _prompt_paths(paths: list[dict[str, object]]) -> list[object]:
    return [p["id"] for p in paths if str(p["id"]).startswith("prompt:")]


def _decide(run_cli: RunCli, *args: str) -> dict[str, object]:
    code, out, err = run_cli("decide", *QUICK, "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)["tco"]  # type: ignore[no-any-return]


def _file(tmp_path: Path, name: str, text: str) -> str:
    (tmp_path / name).write_text(text)
    return str(tmp_path / name)


def test_candidates_in_the_answers_file_limit_the_paths(run_cli: RunCli, tmp_path: Path) -> None:
    assert _prompt_paths(_decide(run_cli)["paths"]) == BUILT_IN  # type: ignore[arg-type]
    answers = _file(tmp_path, "a.yaml", "queries_per_month: 250000\ncandidates: prompt:gpt-4.1-nano@api\n")
    # The current setup always stays: every saving is measured against it.
    tco = _decide(run_cli, "--answers", answers)
    assert _prompt_paths(tco["paths"]) == ["prompt:gpt-4o-mini@api", "prompt:gpt-4.1-nano@api"]  # type: ignore[arg-type]
    assert tco["workload"]["queries_per_month"] == 250_000  # type: ignore[index]


def test_a_leading_plus_adds_to_the_built_in_paths(run_cli: RunCli, tmp_path: Path) -> None:
    answers = _file(tmp_path, "a.yaml", "candidates: +gpt-4o\n")
    paths = _prompt_paths(_decide(run_cli, "--answers", answers)["paths"])  # type: ignore[arg-type]
    assert paths == [BUILT_IN[0], "prompt:gpt-4o@api", *BUILT_IN[1:]]


def test_start_month_in_the_answers_file_starts_the_horizon(run_cli: RunCli, tmp_path: Path) -> None:
    assert _decide(run_cli)["start_month"] == "2026-12"  # the test clock's month (conftest)
    answers = _file(tmp_path, "a.yaml", "start_month: 2026-06\n")
    tco = _decide(run_cli, "--answers", answers)
    assert tco["start_month"] == "2026-06"
    row = next(r for r in tco["assumptions"] if r["name"] == "start_month")  # type: ignore[attr-defined]
    assert row["source"] == "set by the user"


def test_the_flags_win_over_the_answers_file(run_cli: RunCli, tmp_path: Path) -> None:
    answers = _file(tmp_path, "a.yaml", "candidates: prompt:gpt-4.1-nano@api\nstart_month: 2026-06\n")
    tco = _decide(run_cli, "--answers", answers, "--candidates", "llama-3.1-8b", "--start-month", "2027-01")
    assert _prompt_paths(tco["paths"]) == [  # type: ignore[arg-type]
        "prompt:gpt-4o-mini@api", "prompt:llama-3.1-8b@serverless", "prompt:llama-3.1-8b@dedicated"]
    assert tco["start_month"] == "2027-01"


def test_the_answers_file_wins_over_the_assumptions_file(run_cli: RunCli, tmp_path: Path) -> None:
    house = _file(tmp_path, "costs.yaml", "candidates: llama-3.1-8b\nstart_month: 2027-01\n")
    assert _prompt_paths(_decide(run_cli, "--assumptions", house)["paths"]) == [  # type: ignore[arg-type]
        "prompt:gpt-4o-mini@api", "prompt:llama-3.1-8b@serverless", "prompt:llama-3.1-8b@dedicated"]
    answers = _file(tmp_path, "a.yaml", "candidates: gpt-4.1-nano\n")
    tco = _decide(run_cli, "--assumptions", house, "--answers", answers)
    assert _prompt_paths(tco["paths"]) == ["prompt:gpt-4o-mini@api", "prompt:gpt-4.1-nano@api"]  # type: ignore[arg-type]
    assert tco["start_month"] == "2027-01"  # the answers file leaves the house's start month


def test_a_house_shortlist_in_the_assumptions_file_limits_tco(run_cli: RunCli, tmp_path: Path) -> None:
    house = _file(tmp_path, "costs.yaml", "candidates: gpt-4.1-nano\n")
    code, out, err = run_cli("tco", "--assumptions", house, "--format", "json")
    assert code == 0, err
    assert _prompt_paths(json.loads(out)["paths"]) == ["prompt:gpt-4o-mini@api", "prompt:gpt-4.1-nano@api"]


def test_a_bad_value_names_the_key_and_the_file(run_cli: RunCli, tmp_path: Path) -> None:
    answers = _file(tmp_path, "a.yaml", "workload: Triage\nstart_month: 2026-13\n")
    code, out, err = run_cli("decide", "--answers", answers)
    assert code == 2 and out == ""
    assert f"{answers}:2:1: start_month: String should match pattern" in err
    # The flag's own message, without a file.
    code, _, flag_err = run_cli("decide", "--start-month", "2026-13")
    assert code == 2
    assert "error: start_month: String should match pattern" in flag_err


def test_a_candidate_found_wrong_when_priced_names_its_line(run_cli: RunCli, tmp_path: Path) -> None:
    answers = _file(tmp_path, "a.yaml", "workload: Triage\n\ncandidates: no-such-model\n")
    code, _, err = run_cli("decide", "--answers", answers)
    assert code == 2
    assert f"error: {answers}:3:1: candidates: no-such-model names no prompting path of this workload" in err
    assert "Traceback" not in err
    # The same value as a flag wins over the file, so the error is the flag's, naming no file.
    code, _, err = run_cli("decide", "--answers", answers, "--candidates", "nothing-either")
    assert code == 2
    assert "error: candidates: nothing-either names no prompting path" in err and str(answers) not in err


def test_the_memo_lists_them_as_your_answer(run_cli: RunCli, tmp_path: Path) -> None:
    answers = _file(tmp_path, "a.yaml", "candidates: gpt-4.1-nano\nstart_month: 2026-06\n")
    code, out, err = run_cli("advise", "--answers", answers, "--no-input", "--defaults", *QUICK, "--no-sensitivity")
    assert code == 0, err
    assert "| Which paths to compare? (`candidates`) | gpt-4.1-nano |  | your answer |" in out
    assert "| Month the horizon starts? (`start_month`) | 2026-06 | YYYY-MM | your answer |" in out
    # Not given: not listed among the inputs.
    code, out, _ = run_cli("advise", "--no-input", "--defaults", *QUICK, "--no-sensitivity")
    assert code == 0
    assert "(`candidates`)" not in out and "(`start_month`)" not in out


def test_saved_answers_keep_them_and_replay_the_run(run_cli: RunCli, tmp_path: Path) -> None:
    answers = _file(tmp_path, "a.yaml", "candidates: gpt-4.1-nano\nstart_month: 2026-06\n")
    saved = tmp_path / "saved.yaml"
    code, _, err = run_cli("advise", "--answers", answers, "--no-input", "--defaults", *QUICK, "--no-sensitivity",
                           "--save-answers", str(saved), "-o", str(tmp_path / "memo.md"))
    assert code == 0, err
    text = saved.read_text()
    assert "\ncandidates: gpt-4.1-nano\n" in text and "\nstart_month: 2026-06\n" in text
    assert text.index("candidates:") > text.index("production_data_months:")  # after every question
    tco = _decide(run_cli, "--answers", str(saved))
    assert _prompt_paths(tco["paths"]) == ["prompt:gpt-4o-mini@api", "prompt:gpt-4.1-nano@api"]  # type: ignore[arg-type]
    assert tco["start_month"] == "2026-06"
