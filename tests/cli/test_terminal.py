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
    for prompt in ("Is latency critical?", "Must behaviour stay consistent"):
        term.answer(prompt, "n")
    for prompt in ("How many tasks share the model?", "How many prompt iterations so far?",
                   "Months of production data collected?"):
        term.answer(prompt, "\r")
    assert term.finish() == 0, term.transcript[-2000:]
    assert "Which API model" not in term.transcript
    answers = load_answers_file(tmp_path / "tune-or-prompt-answers.yaml")
    assert answers["privacy"] == "on_premise" and "api_model" not in answers
    assert (tmp_path / "memo.md").is_file()
