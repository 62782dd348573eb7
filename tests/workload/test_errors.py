"""Logs that cannot be measured fail with one line that says why and how to fix it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tune_or_prompt.errors import UserError
from tune_or_prompt.workload import LogOptions, measure_logs
from tune_or_prompt.workload.detect import parse_column_options
from tune_or_prompt.workload.read import MAX_FILES

ASSETS = Path(__file__).parent.parent / "assets" / "logs"


def error(paths: list[Path], options: LogOptions | None = None) -> str:
    with pytest.raises(UserError) as info:
        measure_logs(paths, options)
    return info.value.render()


def test_an_unrecognised_file_names_missing_roles_columns_found_and_the_closest_name() -> None:
    message = error([ASSETS / "bad_unrecognised.csv"])
    assert "bad_unrecognised.csv: not a usage log we recognise: as a request log it lacks" in message
    assert "lacks timestamp (e.g. timestamp, created_at), input_tokens" in message
    assert "columns found: when, prompt_tokns, answer_len, user" in message
    assert "did you mean --column input_tokens=prompt_tokns?" in message


def test_more_than_one_percent_bad_rows_fail_with_counts_and_examples() -> None:
    # 60 rows, of which row 8 has input_tokens 'n/a' and row 42 output_tokens -20: 2 / 60 = 3.3%.
    message = error([ASSETS / "bad_counts.csv"])
    assert "2 of 60 rows are bad (3.3%: 2 with a count missing, not a number, negative or out of range)" in message
    assert "input_tokens 'n/a'" in message and "output_tokens '-20'" in message
    assert "pass --allow-bad-rows to skip them" in message


def test_allow_bad_rows_counts_skips_and_reports_them() -> None:
    m = measure_logs([ASSETS / "bad_counts.csv"], LogOptions(allow_bad_rows=True))
    assert (m.rows, m.requests, m.bad.total, m.bad.bad_count) == (60, 58, 2, 2)
    assert m.files[0].bad_rows == 2
    assert "2 of 60 rows skipped (3.33%)" in m.notes[0]
    assert m.input_tokens == 1_000 and m.output_tokens == 200


def test_one_bad_row_in_more_than_a_hundred_passes_and_is_reported(tmp_path: Path) -> None:
    lines = ["timestamp,input_tokens,output_tokens"]
    lines += [f"2024-06-03 {h:02d}:{m:02d}:00,100,10" for h in range(24) for m in (0, 15, 30, 45)]
    lines += ["2024-06-04 00:00:00,100,10", "2024-06-04 00:10:00,oops,10"]
    lines += [f"2024-06-04 01:{m:02d}:00,100,10" for m in range(0, 60, 2)]
    # 96 + 2 + 30 = 128 rows, one bad: 0.78%, under the 1% that fails.
    path = tmp_path / "log.csv"
    path.write_text("\n".join(lines) + "\n")
    m = measure_logs([path])
    assert (m.rows, m.bad.total) == (128, 1)
    assert m.notes[0].startswith("1 of 128 rows skipped (0.78%)")


def test_unparseable_timestamps_are_bad_rows_and_a_log_of_them_has_no_usable_row() -> None:
    message = error([ASSETS / "bad_timestamps.csv"])
    assert "no usable row in 2 (2 with a timestamp that does not parse" in message
    assert "timestamp 'yesterday'" in message


def test_a_window_under_one_day_is_refused() -> None:
    message = error([ASSETS / "bad_short_window.jsonl"])
    assert "the log covers 12.5 hours (2024-06-03 09:00 to 2024-06-03 21:30)" in message
    assert "at least one day is needed" in message


@pytest.mark.parametrize(("name", "expected"), [
    ("missing.csv", "missing.csv: cannot read the log: No such file or directory"),
    ("notes.txt.bz2", "cannot tell the log's format from its name"),
    ("usage.parquet.gz", "a Parquet file compresses itself"),
    ("empty.csv", "empty.csv: the file is empty"),
    ("log[1].csv", "which the reader takes as a pattern"),
])
def test_files_are_checked_before_reading(tmp_path: Path, name: str, expected: str) -> None:
    path = tmp_path / name
    if name != "missing.csv":
        path.write_text("" if name == "empty.csv" else "timestamp,input_tokens,output_tokens\n")
    assert expected in error([path])


def test_a_directory_a_fifo_and_a_file_given_twice_are_refused(tmp_path: Path) -> None:
    assert "not a regular file" in error([tmp_path])
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert "pipe.csv: not a regular file" in error([fifo])
    log = ASSETS / "litellm_spendlogs.csv"
    assert "given twice" in error([log, log])


def test_too_many_files_are_refused_before_any_is_opened(tmp_path: Path) -> None:
    assert f"at most {MAX_FILES:,} at once" in error([tmp_path / f"{k}.csv" for k in range(MAX_FILES + 1)])


def test_bucketed_usage_and_request_logs_do_not_mix() -> None:
    message = error([ASSETS / "litellm_spendlogs.csv", ASSETS / "openai_usage_page.json"])
    assert "mix bucketed usage with request logs" in message


def test_a_request_log_and_a_litellm_log_read_together(tmp_path: Path) -> None:
    other = tmp_path / "more.csv"
    other.write_text("timestamp,input_tokens,output_tokens\n2024-06-06 10:00:00,1000,200\n")
    m = measure_logs([ASSETS / "litellm_spendlogs.csv", other])
    assert m.log_format == "requests" and m.requests == 13


def test_a_file_that_is_not_what_its_name_says_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "usage.parquet"
    path.write_text("timestamp,input_tokens\n")
    assert "usage.parquet: cannot read it as Parquet" in error([path])


def test_bad_options() -> None:
    assert "did you mean 'Europe/Paris'" in error([ASSETS / "litellm_spendlogs.csv"], LogOptions(tz="Europe/Pari"))
    assert "no column 'prompt_tokns' in the file; did you mean 'prompt_tokens'" in error(
        [ASSETS / "litellm_spendlogs.csv"], LogOptions(columns={"input_tokens": "prompt_tokns"}))
    with pytest.raises(UserError, match="unknown role 'inputs'; did you mean 'input_tokens'"):
        parse_column_options(["inputs=x"])
    with pytest.raises(UserError, match="expected ROLE=COLUMN"):
        parse_column_options(["input_tokens"])


def test_a_forced_format_whose_roles_are_missing_says_so() -> None:
    message = error([ASSETS / "litellm_spendlogs.csv"], LogOptions(log_format="buckets"))
    assert "as bucketed usage it lacks requests (e.g. num_model_requests, requests)" in message


SPELLINGS = {"timestamp": ["created_at", "timestamp", "requestTime"],
             "input_tokens": ["prompt_tokens", "input_tokens", "promptTokenCount"],
             "output_tokens": ["completion_tokens", "output_tokens", "candidatesTokenCount"]}


@given(data=st.data())
def test_known_names_are_found_whatever_their_case_and_separators(data: st.DataObject) -> None:
    from tune_or_prompt.workload.detect import detect

    columns = {}
    for role, names in SPELLINGS.items():
        name = data.draw(st.sampled_from(names))
        # Upper or lower case each letter, and "_" as "-", " " or nothing: the same name to the detector.
        sep = data.draw(st.sampled_from(["_", "-", " ", ""]))
        cased = "".join(c.upper() if data.draw(st.booleans()) else c.lower() for c in name.replace("_", sep))
        columns[role] = cased
    extra = data.draw(st.lists(st.sampled_from(["user", "latency_ms", "status", "cost"]), unique=True))
    layout = detect("log.csv", [*extra, *columns.values()])
    assert layout.log_format == "requests"
    # A "status" column is taken as the status (failed requests are left out), never as a count.
    assert layout.columns == {**columns, **({"status": "status"} if "status" in extra else {})}
