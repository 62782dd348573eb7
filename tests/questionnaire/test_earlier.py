"""A second run in the same folder never loses the answers of an earlier one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st

from tests.questionnaire.conftest import CTRL_C, ENTER, Driver, typed
from tune_or_prompt.answers_io import load_answers_file
from tune_or_prompt.questionnaire import DEFAULT_ANSWERS_FILE, Interrupted, Questionnaire
from tune_or_prompt.questionnaire.earlier import next_free

# 17 answers after Enter at every question: 16 defaults (cloud_ok) and the cost of errors left empty.
ALL = len(Questionnaire.build().fill_defaults({})) + 1


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    """Run in ``folder``, where the default answers file is."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def interrupted_run(keys: str, **kwargs: Any) -> Interrupted:
    with pytest.raises(Interrupted) as stop:
        Driver().run(keys + CTRL_C, save_to=None, load=load_answers_file, **kwargs)
    return stop.value


def test_a_second_run_offers_to_resume_and_keeps_every_earlier_answer(tmp_path: Path) -> None:
    with inside(tmp_path):
        interrupted_run(typed("Triage") + typed("7000"))
        assert load_answers_file(DEFAULT_ANSWERS_FILE) == {"workload": "Triage", "queries_per_month": 7000}
        driver = Driver()
        # Enter accepts the offer (yes by default), then Enter through the 15 still unanswered.
        got = driver.run(ENTER + ENTER * 16, save_to=None, load=load_answers_file)
        assert driver.seen("Resume the 2 answers in tune-or-prompt-answers.yaml from an earlier run "
                           "(15 questions left)?")
        assert got.asked[0] == "input_tokens" and len(got.asked) == 16
        saved = load_answers_file(DEFAULT_ANSWERS_FILE)
        assert (saved["workload"], saved["queries_per_month"], len(saved)) == ("Triage", 7000, ALL)
        assert got.saved_to == DEFAULT_ANSWERS_FILE and not Path("tune-or-prompt-answers-2.yaml").exists()


def test_declining_keeps_the_earlier_file_and_saves_beside_it(tmp_path: Path) -> None:
    with inside(tmp_path):
        interrupted_run(typed("Triage") + typed("7000"))
        earlier = DEFAULT_ANSWERS_FILE.read_bytes()
        driver = Driver()
        got = driver.run("n" + ENTER + typed("Claims") + ENTER * 17, save_to=None, load=load_answers_file)
        assert DEFAULT_ANSWERS_FILE.read_bytes() == earlier
        assert got.saved_to == Path("tune-or-prompt-answers-2.yaml")
        assert load_answers_file(got.saved_to)["workload"] == "Claims"
        assert ("tune-or-prompt-answers.yaml is kept as it is; this run's answers go to "
                "tune-or-prompt-answers-2.yaml.") in driver.said


def test_the_offer_waits_for_enter_so_it_never_answers_the_first_question(tmp_path: Path) -> None:
    # "n" then Enter, as one types a yes/no answer: the Enter confirms the "n" and
    # does not accept the first question's default ("Customer-support chatbot").
    with inside(tmp_path):
        interrupted_run(typed("Triage") + typed("7000"))
        driver = Driver()
        got = driver.run(["n", ENTER, typed("Claims"), *[ENTER] * 17], save_to=None, load=load_answers_file)
        assert got.asked[0] == "workload" and got.values["workload"] == "Claims"
        assert got.values["queries_per_month"] == 100_000  # the second question's default, by Enter


def test_a_complete_earlier_file_can_be_used_again_asking_nothing(tmp_path: Path) -> None:
    with inside(tmp_path):
        Driver().run(typed("Triage") + ENTER * 17, save_to=None)
        driver = Driver()
        got = driver.run(ENTER, save_to=None, load=load_answers_file, given={"output_tokens": 300})
        assert driver.seen("Reuse the 18 answers in tune-or-prompt-answers.yaml from an earlier run "
                           "(none left to ask)?")
        assert got.asked == []
        # The file now holds this run's answers: the earlier ones and the --set value.
        saved = load_answers_file(DEFAULT_ANSWERS_FILE)
        assert (saved["workload"], saved["output_tokens"], len(saved)) == ("Triage", 300, ALL)


def test_a_file_that_does_not_load_is_kept_and_not_offered(tmp_path: Path) -> None:
    with inside(tmp_path):
        DEFAULT_ANSWERS_FILE.write_text("queries_per_month: lots\n")
        driver = Driver()
        got = driver.run(ENTER * 18, save_to=None, load=load_answers_file)
        assert DEFAULT_ANSWERS_FILE.read_text() == "queries_per_month: lots\n"
        assert got.saved_to == Path("tune-or-prompt-answers-2.yaml")
        assert driver.said[0].startswith("tune-or-prompt-answers.yaml is kept as it is (it does not load: ")
        assert not driver.seen("Resume the")


def test_resuming_with_answers_records_into_the_same_file(tmp_path: Path) -> None:
    with inside(tmp_path):
        interrupted_run(typed("Triage"))
        given = load_answers_file(DEFAULT_ANSWERS_FILE)
        driver = Driver()
        got = driver.run(ENTER * 17, given=given, save_to=None, load=load_answers_file,
                         started_from=DEFAULT_ANSWERS_FILE)
        assert not driver.seen("Resume the") and got.saved_to == DEFAULT_ANSWERS_FILE
        assert load_answers_file(DEFAULT_ANSWERS_FILE)["workload"] == "Triage"


def test_another_answers_file_never_overwrites_the_default_one(tmp_path: Path) -> None:
    with inside(tmp_path):
        interrupted_run(typed("Triage"))
        earlier = DEFAULT_ANSWERS_FILE.read_bytes()
        other = Path("other.yaml")
        other.write_text("workload: Other\n")
        got = Driver().run(ENTER * 17, given={"workload": "Other"}, save_to=None, load=load_answers_file,
                           started_from=other)
        assert DEFAULT_ANSWERS_FILE.read_bytes() == earlier
        assert got.saved_to == Path("tune-or-prompt-answers-2.yaml")


def test_ctrl_c_at_the_offer_changes_nothing(tmp_path: Path) -> None:
    with inside(tmp_path):
        interrupted_run(typed("Triage"))
        earlier = DEFAULT_ANSWERS_FILE.read_bytes()
        stop = interrupted_run("")
        assert stop.saved_to == DEFAULT_ANSWERS_FILE
        assert DEFAULT_ANSWERS_FILE.read_bytes() == earlier
        assert sorted(p.name for p in Path().iterdir()) == ["tune-or-prompt-answers.yaml"]


def test_a_file_without_answers_is_simply_reused(tmp_path: Path) -> None:
    with inside(tmp_path):
        interrupted_run("")  # stopped at the first question: a record with no answer
        assert load_answers_file(DEFAULT_ANSWERS_FILE) == {}
        driver = Driver()
        got = driver.run(typed("Triage") + ENTER * 17, save_to=None, load=load_answers_file)
        assert not driver.seen("Resume the") and got.saved_to == DEFAULT_ANSWERS_FILE
        assert sorted(p.name for p in Path().iterdir()) == ["tune-or-prompt-answers.yaml"]


def test_numbered_names_skip_the_taken_ones(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").touch()
    (tmp_path / "a-2.yaml").touch()
    assert next_free(tmp_path / "a.yaml") == tmp_path / "a-3.yaml"


# One run: accept the offer (if one comes) or not, then answer some questions and stop,
# or answer everything. The first answer of a fresh run is a name of its own.
RUNS = st.lists(st.tuples(st.booleans(), st.integers(min_value=1, max_value=17)), min_size=2, max_size=3)


@settings(max_examples=4, deadline=None, phases=[Phase.explicit, Phase.generate])
@given(RUNS)
@example([(False, 5), (True, 1)])  # resuming a file whose answers came back as YAML scalars
@example([(True, 3), (False, 17), (True, 2)])
def test_no_answer_is_ever_lost_by_later_runs_in_the_same_folder(runs: list[tuple[bool, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder, inside(Path(folder)):
        typed_names: list[str] = []
        for n, (resume, count) in enumerate(runs):
            before = {p: p.read_bytes() for p in Path().iterdir()}
            offered = DEFAULT_ANSWERS_FILE.exists()
            fresh = not offered or not resume
            keys = ("y" if resume else "n") + ENTER if offered else ""
            name = f"Workload {n}"
            answers = ([typed(name)] if fresh else []) + [ENTER] * 18
            keys += "".join(answers[:count])
            try:
                got = Driver().run(keys + CTRL_C, save_to=None, load=load_answers_file)
                path = got.saved_to
            except Interrupted as stop:
                path = stop.saved_to
            if fresh and count:
                typed_names.append(name)
            assert path is not None
            for old, content in before.items():
                if old != path:
                    assert old.read_bytes() == content  # files this run did not resume are untouched
                else:  # the resumed file keeps every answer it held
                    held = load_answers_file(old)
                    now = load_answers_file(path)
                    assert {k: now.get(k) for k in held} == held
        names = {load_answers_file(p).get("workload") for p in Path().iterdir()}
        assert set(typed_names) <= names
