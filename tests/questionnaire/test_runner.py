"""The interactive questionnaire, driven through the real questionary prompts in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.questionnaire.conftest import CTRL_C, DOWN, ENTER, EVERY_OPERATOR, UP, Driver, Wait, typed
from tune_or_prompt.answers_io import load_answers_file
from tune_or_prompt.questionnaire import Interrupted, PromptIO, Questionnaire, ask_one
from tune_or_prompt.rules import load_packs

# Every built-in question but the plateau one (0 iterations by default) and the two accuracy ones
# (asked only when wrong answers have a cost; Enter leaves that empty).
BUILTIN_ASKED = 18


def test_enter_everywhere_accepts_every_default(driver: Driver, tmp_path: Path) -> None:
    got = driver.run(ENTER * BUILTIN_ASKED, save_to=tmp_path / "a.yaml")
    # 16 known now; the model (after privacy), the plateau (after iterations) and the two accuracies
    # (after a cost of errors) may follow.
    assert driver.said[0].startswith("17 questions (up to 21 with follow-ups). Each answer is saved to ")
    assert got.values == {**Questionnaire.build().fill_defaults({}), "cost_per_error_usd": None}
    assert len(got.asked) == BUILTIN_ASKED and "prompting_plateaued" not in got.asked


@pytest.mark.parametrize(
    ("question", "keys", "expected"),
    [
        ("workload", typed("Invoice triage"), "Invoice triage"),
        ("queries_per_month", typed("250,000"), 250_000.0),
        ("horizon_months", typed("24"), 24),
        ("requirements_change", UP + ENTER, "weekly"),  # select list, default monthly
        ("privacy", DOWN + ENTER, "on_premise"),
        ("latency_critical", "y", True),  # confirm answers on the key
        ("latency_critical", ENTER, False),  # ... and Enter takes the default
    ],
)
def test_each_question_type(dummy_io, question: str, keys: str, expected: object) -> None:  # type: ignore[no-untyped-def]
    spec = Questionnaire.build().get(question)
    assert ask_one(spec, dummy_io(keys)) == expected


@pytest.mark.parametrize(
    ("bad", "reason"),
    [("lots", "enter a number, e.g. 100000"), ("-3", "must be at least 0 queries/month"),
     ("1e999", "enter a finite number")],
)
def test_bad_number_is_re_asked_with_the_reason(driver: Driver, tmp_path: Path, bad: str, reason: str) -> None:
    keys = [ENTER + typed(bad), Wait(reason), typed("250000") + ENTER * (BUILTIN_ASKED - 2)]
    got = driver.run(keys, save_to=tmp_path / "a.yaml")
    # While the prompt waits for a good answer, the reason is on the line under it.
    screen = next(frame for frame in driver.frames if any(reason in line for line in frame))
    prompt = max(i for i, line in enumerate(screen) if "How many queries a month?" in line)
    assert reason in screen[prompt + 1]
    assert got.values["queries_per_month"] == 250_000
    assert got.asked.count("queries_per_month") == 1


def test_extra_check_refuses_an_unknown_model(driver: Driver, tmp_path: Path) -> None:
    def known(name: object) -> str | None:
        return None if name == "gpt-4o-mini" else f"unknown model {name!r}"

    # The model is the 8th question, after privacy (cloud_ok by default).
    keys = [ENTER * 7 + typed("gpt-4o-mni"), Wait("unknown model 'gpt-4o-mni'"),
            typed("gpt-4o-mini") + ENTER * (BUILTIN_ASKED - 8)]
    got = driver.run(keys, save_to=tmp_path / "a.yaml", checks={"api_model": known})
    assert driver.seen("unknown model 'gpt-4o-mni'")
    assert got.values["api_model"] == "gpt-4o-mini"


def test_help_is_shown_and_token_figure_follows_the_volume_questions(driver: Driver, tmp_path: Path) -> None:
    keys = ENTER + typed("250000") + typed("2000") + typed("500") + ENTER * (BUILTIN_ASKED - 4)
    driver.run(keys, save_to=tmp_path / "a.yaml")
    assert "  Requests to the model per month today (month 1 of the horizon)." in driver.said
    figure = [line for line in driver.said if "tokens a month" in line]
    assert figure == ["  = 625,000,000 tokens a month (250,000 queries x 2,500 tokens each)"]
    # ...right after the output-token question's help, before the growth question's.
    assert driver.said.index(figure[0]) == driver.said.index("  Tokens the model writes per answer.") + 1


def test_plateau_is_asked_only_after_some_prompt_iterations(driver: Driver, tmp_path: Path) -> None:
    q = Questionnaire.build()
    keys = ENTER * 15 + typed("25") + "y" + ENTER * 2
    got = driver.run(keys, q, save_to=tmp_path / "a.yaml")
    assert got.asked[-4:] == ["prompt_iterations", "prompting_plateaued", "production_data_months",
                              "cost_per_error_usd"]
    assert got.values["prompting_plateaued"] is True


def test_on_premise_skips_the_api_model_question(driver: Driver, tmp_path: Path) -> None:
    saved = tmp_path / "a.yaml"
    # Six Enters, privacy: on_premise (second choice), then Enter through the rest.
    got = driver.run(ENTER * 6 + DOWN + ENTER + ENTER * (BUILTIN_ASKED - 8), save_to=saved)
    assert got.asked[5:7] == ["horizon_months", "privacy"]
    assert "api_model" not in got.asked and "api_model" not in got.values
    assert len(got.asked) == BUILTIN_ASKED - 1
    assert "Which API model" not in driver.screen.getvalue()
    assert "api_model" not in load_answers_file(saved) and load_answers_file(saved)["privacy"] == "on_premise"


def test_house_questions_are_asked_after_the_builtins(driver: Driver, tmp_path: Path) -> None:
    q = Questionnaire.build(load_packs([EVERY_OPERATOR]))
    keys = [ENTER * BUILTIN_ASKED + DOWN + ENTER + typed("600"), Wait("must be at most 500"), typed("12")]
    got = driver.run(keys, q, save_to=tmp_path / "a.yaml")
    assert got.asked[-2:] == ["region", "team_size"]
    assert (got.values["region"], got.values["team_size"]) == ("us", 12)
    assert driver.seen("must be at most 500")
    assert driver.said.count("Questions from your house rule packs:") == 1


def test_partial_file_resume_asks_only_what_is_missing(driver: Driver, tmp_path: Path) -> None:
    given = Questionnaire.build().fill_defaults({})
    for key in ("api_model", "production_data_months"):
        del given[key]
    got = driver.run(ENTER + typed("4") + ENTER, given=given, save_to=tmp_path / "a.yaml")
    # The optional question has no default, so the file resumed without it asks it too.
    assert got.asked == ["api_model", "production_data_months", "cost_per_error_usd"]
    assert got.values["production_data_months"] == 4


def test_every_answer_is_saved_as_it_is_given(driver: Driver, tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    snapshots: list[str] = []
    q = Questionnaire.build()

    def snap(_: object) -> str | None:  # runs while the 3rd question is being answered
        snapshots.append(saved.read_text())
        return None

    driver.run(typed("Triage") + typed("7000") + typed("1000") + ENTER * 15, q, save_to=saved,
               checks={"input_tokens": snap})
    assert "workload: Triage\n" in snapshots[0] and "queries_per_month: 7000\n" in snapshots[0]
    assert "input_tokens" not in snapshots[0]
    assert load_answers_file(saved) == {**q.fill_defaults({}), "workload": "Triage",
                                        "queries_per_month": 7000, "input_tokens": 1000, "cost_per_error_usd": None}


def test_ctrl_c_keeps_the_answers_and_says_how_to_resume(driver: Driver, tmp_path: Path) -> None:
    saved = tmp_path / "answers.yaml"
    with pytest.raises(Interrupted) as info:
        driver.run(typed("Triage") + typed("7000") + CTRL_C, save_to=saved,
                   replay_command=lambda p: f"tune-or-prompt advise --answers {p} -o memo.html")
    assert info.value.saved_to == saved
    assert info.value.resume == f"tune-or-prompt advise --answers {saved} -o memo.html"
    assert load_answers_file(saved) == {"workload": "Triage", "queries_per_month": 7000}
    # 18 - 2 answered; the model question waits for the privacy answer, so 15 are pending.
    assert "# 15 questions still unanswered" in saved.read_text()
    # Replaying the partial file asks the 16 others only (the model too, for cloud_ok).
    resumed = Driver().run(ENTER * 16, given=load_answers_file(saved), save_to=saved)
    assert len(resumed.asked) == 16 and resumed.values["queries_per_month"] == 7000


def test_end_of_input_is_an_interruption_too(driver: Driver, tmp_path: Path) -> None:
    with pytest.raises(Interrupted):
        driver.run(typed("Triage"), save_to=tmp_path / "a.yaml")


def test_prompts_need_no_terminal_when_io_is_injected(dummy_io) -> None:  # type: ignore[no-untyped-def]
    io_: PromptIO = dummy_io(typed("3"))
    assert ask_one(Questionnaire.build().get("tasks_sharing_model"), io_) == 3
