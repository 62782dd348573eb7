"""One stray time or count is a bad row, counted and reported: it never stretches the window or zeroes the volume."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tune_or_prompt.errors import UserError
from tune_or_prompt.workload import measure_logs
from tune_or_prompt.workload.window import EARLIEST, bucket_shape, bulk, latest

START = datetime(2024, 6, 3)
# 144 requests, one every 30 minutes from 2024-06-03 00:00 to 2024-06-05 23:30: 71.5 hours.
CLEAN = [(START + timedelta(minutes=30 * k), 1_000, 200) for k in range(144)]
CLEAN_QPM = 144 / (71.5 / 24) * 30.44


def write_csv(path: Path, rows: list[tuple[object, object, object]]) -> Path:
    path.write_text("timestamp,input_tokens,output_tokens\n" + "".join(f"{t},{i},{o}\n" for t, i, o in rows))
    return path


@pytest.mark.parametrize("stamp", [
    "infinity", "-infinity", "1970-01-01 00:00:00", "2014-12-31 23:59:59", "2999-01-01 00:00:00",
    "0001-01-01 00:00:00", "10000-01-01 00:00:00", "0044-03-15 (BC) 12:00:00", "2016-03-01 12:00:00",
    "2023-01-10 08:00:00",
])
def test_one_stray_timestamp_is_a_bad_row(tmp_path: Path, stamp: str) -> None:
    m = measure_logs([write_csv(tmp_path / "log.csv", [*CLEAN, (stamp, 1_000, 200)])])
    # 1 of 145 rows (0.69%) skipped; the window and volume are the clean log's.
    assert (m.rows, m.bad.total, m.requests) == (145, 1, 144)
    assert m.window_days == pytest.approx(71.5 / 24)
    assert m.queries_per_month == pytest.approx(CLEAN_QPM)
    assert m.notes[0].startswith("1 of 145 rows skipped (0.69%): 1 with a timestamp")


@pytest.mark.parametrize(("i", "o"), [("1e308", 200), (-5, 200), ("inf", 200), ("nan", 200), (1_000, "1e12"),
                                      (1_000, "-inf")])
def test_one_out_of_range_count_is_a_bad_row(tmp_path: Path, i: object, o: object) -> None:
    m = measure_logs([write_csv(tmp_path / "log.csv", [*CLEAN, ("2024-06-04 12:10:00", i, o)])])
    assert (m.bad.total, m.bad.bad_count, m.requests) == (1, 1, 144)
    assert (m.input_tokens, m.output_tokens) == (1_000, 200)
    assert "with a count missing, not a number, negative or out of range" in m.notes[0]


def test_json_numbers_out_of_range_and_epoch_outliers(tmp_path: Path) -> None:
    # Epoch seconds, one of them 1e308 and one a token count of 1e308: two bad rows of 146 (1.4%).
    records = [{"ts": int((t - datetime(1970, 1, 1)).total_seconds()), "prompt_tokens": i, "completion_tokens": o}
               for t, i, o in CLEAN]
    records += [{"ts": 1e308, "prompt_tokens": 5, "completion_tokens": 5},
                {"ts": records[10]["ts"], "prompt_tokens": 1e308, "completion_tokens": 5}]
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    with pytest.raises(UserError, match="2 of 146 rows are bad"):
        measure_logs([path])
    from tune_or_prompt.workload import LogOptions

    m = measure_logs([path], LogOptions(allow_bad_rows=True))
    assert (m.bad.out_of_range, m.bad.bad_count, m.requests) == (1, 1, 144)
    assert m.queries_per_month == pytest.approx(CLEAN_QPM)


def test_the_bounds_of_a_plausible_time() -> None:
    assert EARLIEST == datetime(2015, 1, 1)
    assert latest(datetime(2026, 12, 7, 23, 59)) == datetime(2026, 12, 9)


HOUR = timedelta(hours=1)


@given(hours=st.integers(24, 24 * 200), gap_hours=st.integers(1, 3_000 * 24), before=st.booleans(),
       weight=st.integers(1, 5), stray=st.integers(1, 23))
def test_bulk_leaves_out_only_what_lies_far_outside_the_log(hours: int, gap_hours: int, before: bool,
                                                            weight: int, stray: int) -> None:
    # A log of one row group an hour, and a stray hour of fewer rows (``stray``) before or after it.
    log = [(START + k * HOUR, weight) for k in range(hours)]
    span, gap = (hours - 1) * HOUR, gap_hours * HOUR
    at = START - gap if before else log[-1][0] + gap
    found = bulk([*log, (at, stray)])
    part_of_the_log = (gap <= timedelta(days=1) or gap <= span
                       or (gap <= timedelta(days=30) and stray > 0.01 * hours * weight))
    assert found == (None if part_of_the_log else (START, log[-1][0] + HOUR))


def test_bulk_keeps_weekly_batches_and_weekends() -> None:
    # Eight weekly batch days of 10 hours each: every stretch holds an eighth of the rows.
    batches = [(START + timedelta(days=7 * w, hours=h), 50) for w in range(8) for h in range(10)]
    assert bulk(batches) is None


def test_bulk_keeps_a_quiet_month_within_a_longer_log() -> None:
    # Three months of traffic, 40 quiet days, then two more months: one log, nothing left out.
    first = [(START + k * HOUR, 1) for k in range(24 * 90)]
    second = [(first[-1][0] + timedelta(days=40) + k * HOUR, 1) for k in range(24 * 60)]
    assert bulk(first + second) is None


def test_bucket_shape_from_ends_or_the_most_common_gap() -> None:
    t0 = datetime(2024, 9, 1, 14, 24)
    hourly = [t0 + timedelta(minutes=36) + k * HOUR for k in range(5)]
    # Without ends: the width is the most common gap (1 hour), the short first bucket lasts 36 minutes.
    shape = bucket_shape([(t0, None), *((t, None) for t in hourly)])
    assert shape is not None and shape.width == HOUR
    assert shape.spans[0] == (t0, timedelta(minutes=36))
    assert shape.end == hourly[-1] + HOUR
    # With ends, each bucket's own end; the last is short.
    ends = [(t0, t0 + timedelta(minutes=36)), *((t, t + HOUR) for t in hourly[:-1]),
            (hourly[-1], hourly[-1] + timedelta(minutes=24))]
    shape = bucket_shape(ends)
    assert shape is not None and shape.width == HOUR and shape.end == hourly[-1] + timedelta(minutes=24)
    assert bucket_shape([(t0, None)]) is None


STRAY = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**20), 10**20).map(str),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(str),
    st.sampled_from(["infinity", "-infinity", "10000-01-01 00:00:00", "0001-01-01 (BC) 00:00:00", "", "1e308",
                     "2024-06-04 12:00:00", "2024-06-06 20:00:00", "2024-05-20 08:00:00"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=',"\n\r'), max_size=12),
)


@settings(max_examples=40, deadline=None)
@given(column=st.integers(0, 2), value=STRAY)
def test_one_stray_value_anywhere_never_a_traceback_never_a_collapse(tmp_path_factory: pytest.TempPathFactory,
                                                                    column: int, value: str) -> None:
    # Whatever one cell holds, the log is measured: either the row is one bad row and the figures are the
    # clean log's, or it counts (a plausible time near the log, a count in range) and stretches the
    # window by at most a day (a row more than a day away is a stretch of its own, negligible beside 144).
    row = ["2024-06-04 12:10:00", "1000", "200"]
    row[column] = value
    path = tmp_path_factory.mktemp("stray") / "log.csv"
    path.write_text("timestamp,input_tokens,output_tokens\n" + "".join(f"{t},{i},{o}\n" for t, i, o in CLEAN)
                    + ",".join(row) + "\n")
    try:
        m = measure_logs([path])
    except UserError as exc:  # only a refusal in words, never a traceback
        assert exc.render()
        return
    assert m.rows == 145 and m.requests in (144, 145) and m.bad.total == 145 - m.requests
    if m.requests == 144:
        assert m.window_days == pytest.approx(71.5 / 24) and m.queries_per_month == pytest.approx(CLEAN_QPM)
    else:
        assert m.window_days <= (71.5 + 24 + 1) / 24
