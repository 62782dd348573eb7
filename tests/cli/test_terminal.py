"""``advise`` in a real pseudo-terminal, read off an emulated screen: where things appear."""

from __future__ import annotations

from pathlib import Path

from tests.cli.terminal import CLEAR, DOWN, Terminal
from tune_or_prompt.answers_io import load_answers_file


def test_a_refused_answer_is_explained_on_the_line_under_it(tmp_path: Path) -> None:
    term = Terminal(["advise", "-o", "memo.md"], tmp_path, rows=50)
    term.answer("What does the LLM feature do?", "\r")
    term.answer("How many queries a month?", CLEAR + "abc")
    reason = term.wait_text("enter a number, e.g. 100000")
    assert reason == term.row_of("How many queries a month?") + 1  # not 40 rows down at the foot
    term.child.send(CLEAR + "250000\r")
    term.wait_text("Input tokens per query?")
    # The reason goes once the answer is accepted.
    assert term.row_of("enter a number") == -1
    term.child.sendcontrol("c")
    assert term.finish() == 130


def test_on_premise_is_asked_before_the_model_and_skips_it(tmp_path: Path) -> None:
    term = Terminal(["advise", "-o", "memo.md", "--draws", "0", "--no-sensitivity"], tmp_path, rows=40)
    for prompt in ("What does the LLM feature do?", "How many queries a month?", "Input tokens per query?",
                   "Output tokens per query?", "Monthly volume growth?", "Horizon to price over?"):
        term.answer(prompt, "\r")
    term.answer("May the data go to an external API?", DOWN + "\r")  # No: on_premise
    term.answer("Accuracy the feature must reach?", "\r")
    for prompt in ("How often do the requirements change?", "Monthly budget for this feature?"):
        term.answer(prompt, "\r")
    for prompt in ("Is the feature user-facing", "Is latency critical?", "Must behaviour stay consistent"):
        term.answer(prompt, "n")
    for prompt in ("How many tasks share the model?", "How many prompt iterations so far?",
                   "Months of production data collected?", "What does one wrong answer cost you?"):
        term.answer(prompt, "\r")  # the last left empty: errors are not priced, and nothing follows
    assert term.finish() == 0, term.transcript[-2000:]
    assert "Which API model" not in term.transcript
    answers = load_answers_file(tmp_path / "tune-or-prompt-answers.yaml")
    assert answers["privacy"] == "on_premise" and "api_model" not in answers
    assert (tmp_path / "memo.md").is_file()


def test_a_second_run_in_the_same_folder_offers_to_resume_and_never_overwrites(tmp_path: Path) -> None:
    answers = tmp_path / "tune-or-prompt-answers.yaml"
    first = Terminal(["advise", "-o", "memo.md"], tmp_path, rows=40)
    first.answer("What does the LLM feature do?", CLEAR + "Triage\r")
    first.answer("How many queries a month?", CLEAR + "7000\r")
    first.wait_text("Input tokens per query?")
    first.child.sendcontrol("c")
    assert first.finish() == 130
    assert "resume with: tune-or-prompt advise --answers tune-or-prompt-answers.yaml" in first.transcript
    assert load_answers_file(answers) == {"workload": "Triage", "queries_per_month": 7000}

    second = Terminal(["advise", "-o", "memo.md"], tmp_path, rows=40)
    second.wait_text("Resume the 2 answers in tune-or-prompt-answers.yaml from an earlier run")
    second.child.send("\r")  # yes, the default
    second.answer("Input tokens per query?", CLEAR + "900\r")
    second.wait_text("Output tokens per query?")
    assert second.row_of("What does the LLM feature do?") == -1  # answered before, not asked again
    second.child.sendcontrol("c")
    assert second.finish() == 130
    assert load_answers_file(answers) == {"workload": "Triage", "queries_per_month": 7000, "input_tokens": 900}

    earlier = answers.read_bytes()
    third = Terminal(["advise", "-o", "memo.md"], tmp_path, rows=40)
    third.wait_text("Resume the 3 answers")
    third.child.send("n\r")  # the offer waits for Enter
    third.wait_text("this run's answers go to tune-or-prompt-answers-2.yaml")
    third.answer("What does the LLM feature do?", CLEAR + "Claims\r")
    third.wait_text("How many queries a month?")
    third.child.sendcontrol("c")
    assert third.finish() == 130
    assert answers.read_bytes() == earlier
    assert load_answers_file(tmp_path / "tune-or-prompt-answers-2.yaml") == {"workload": "Claims"}
    assert ("resume with: tune-or-prompt advise --answers tune-or-prompt-answers-2.yaml "
            "--save-answers tune-or-prompt-answers-2.yaml") in third.transcript.replace("\r\n", " ")
