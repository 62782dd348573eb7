"""Each kind of log, read from a fixture, with the figures worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tune_or_prompt.workload import LogOptions, measure_logs

ASSETS = Path(__file__).parent.parent / "assets" / "logs"


def test_openai_usage_api_page_of_daily_buckets() -> None:
    # 30 daily buckets from 2024-09-01 00:00 UTC (epoch start_time), each with
    # gpt-4o-mini: 1,000 requests, 2,000,000 input and 400,000 output tokens, and
    # gpt-4o: 200 requests, 400,000 input and 200,000 output tokens.
    m = measure_logs([ASSETS / "openai_usage_page.json"])
    assert m.log_format == "buckets"
    assert m.files[0].columns == {"timestamp": "start_time", "requests": "num_model_requests",
                                  "input_tokens": "input_tokens", "output_tokens": "output_tokens",
                                  "model": "model", "bucket_end": "end_time"}
    assert m.rows == 60  # one row per bucket result
    # Window: 2024-09-01 00:00 to the last bucket's end, 2024-10-01 00:00: 30 days.
    assert (m.window_start, m.window_end, m.window_days) == ("2024-09-01 00:00", "2024-10-01 00:00", 30.0)
    assert m.time_zone == "UTC"
    # 30 x 1,200 = 36,000 requests; 1,200 a day x 30.44 = 36,528 a month.
    assert m.requests == 36_000
    assert m.queries_per_month == pytest.approx(36_528)
    # 2,400,000 / 1,200 = 2,000 input and 600,000 / 1,200 = 500 output tokens per request.
    assert (m.input_tokens, m.output_tokens) == (2_000, 500)
    assert m.input_tokens_p50 is None and m.output_tokens_p95 is None  # buckets hold totals only
    # The same volume every day: growth 0, fitted over all 30 (whole) days.
    assert m.growth_pct_per_month == pytest.approx(0, abs=1e-9) and m.growth_days == 30
    # gpt-4o-mini has 2,400,000 of the 3,000,000 tokens a day.
    assert m.api_model == "gpt-4o-mini-2024-07-18"
    assert [(s.model, round(s.share, 4)) for s in m.models] == [("gpt-4o-mini-2024-07-18", 0.8),
                                                                ("gpt-4o-2024-08-06", 0.2)]
    assert m.traffic_profile is None and m.peak_hour is None
    assert any("no 24-hour profile: the buckets are 24 hours" in n for n in m.notes)
    assert m.answers() == {"queries_per_month": 36_528, "input_tokens": 2_000.0, "output_tokens": 500.0,
                           "growth_pct_per_month": 0.0, "api_model": "gpt-4o-mini-2024-07-18"}


def test_litellm_spend_log() -> None:
    # 12 requests from 2024-06-03 09:15 to 2024-06-05 14:45: 2 days 5.5 hours = 2.2291667 days.
    m = measure_logs([ASSETS / "litellm_spendlogs.csv"])
    assert m.log_format == "litellm"
    assert m.files[0].columns == {"timestamp": "startTime", "input_tokens": "prompt_tokens",
                                  "output_tokens": "completion_tokens", "model": "model", "status": "status"}
    assert m.window_days == pytest.approx(2 + 5.5 / 24)
    # 12 / 2.2291667 = 5.3832 a day, x 30.44 = 163.86 a month.
    assert m.queries_per_month == pytest.approx(12 / (2 + 5.5 / 24) * 30.44)
    assert m.answers()["queries_per_month"] == 164
    # prompt_tokens add up to 12,000 and completion_tokens to 2,400: means 1,000 and 200.
    assert (m.input_tokens, m.output_tokens) == (1_000, 200)
    # Sorted prompts 500 800 900 1000x6 1100 1200 1500: positions floor(11 x 0.5) = 5 and
    # floor(11 x 0.95) = 10 hold 1,000 and 1,200; completions 100 150 200x8 250 300: 200 and 250.
    assert (m.input_tokens_p50, m.input_tokens_p95) == (1_000, 1_200)
    assert (m.output_tokens_p50, m.output_tokens_p95) == (200, 250)
    # Under four weeks: growth is not fitted.
    assert m.growth_pct_per_month == 0 and m.growth_ci_pct is None
    assert any("under four weeks" in n for n in m.notes)
    # gpt-4o: three requests of 1,000 + 200 = 3,600 of the 14,400 tokens.
    assert [(s.model, s.share) for s in m.models] == [("gpt-4o-mini", 0.75), ("gpt-4o", 0.25)]
    # Tokens by hour: 09h 6,000, 14h 7,200, 18h 1,200 of 14,400: 10x, 12x and 2x the average hour.
    assert m.traffic_profile is not None
    assert {h: round(v, 6) for h, v in enumerate(m.traffic_profile) if v} == {9: 10.0, 14: 12.0, 18: 2.0}
    assert (m.peak_hour, m.peak_to_average) == (14, 12.0)
    assert m.time_zone == "as written in the log"


def test_tz_moves_the_hours_of_timestamps_without_offset_read_as_utc() -> None:
    # LiteLLM writes UTC: 14:05 UTC is 10:05 in New York (EDT, UTC-4, in June).
    m = measure_logs([ASSETS / "litellm_spendlogs.csv"], LogOptions(tz="America/New_York"))
    assert (m.peak_hour, m.time_zone) == (10, "America/New_York")
    assert m.window_start == "2024-06-03 05:15"


def test_format_can_be_forced_and_columns_mapped() -> None:
    forced = measure_logs([ASSETS / "litellm_spendlogs.csv"], LogOptions(log_format="requests"))
    assert forced.log_format == "requests" and forced.input_tokens == 1_000
    mapped = measure_logs([ASSETS / "bad_unrecognised.csv"], LogOptions(columns={
        "timestamp": "when", "input_tokens": "prompt_tokns", "output_tokens": "answer_len"}))
    # Two requests a day apart: a one-day window, 2 x 30.44 = 60.88 a month.
    assert mapped.window_days == 1.0 and mapped.queries_per_month == pytest.approx(60.88)
    assert (mapped.input_tokens, mapped.output_tokens) == (1_100, 200)
    assert mapped.api_model is None and mapped.models == []


def test_hourly_buckets_give_the_24_hour_profile(tmp_path: Path) -> None:
    # The legacy usage export's names; 10 requests of 1,500 + 300 tokens in each hour 08-17 on two days.
    lines = ["start_time_iso,snapshot_id,n_requests,n_context_tokens_total,n_generated_tokens_total"]
    for day in (3, 4):
        lines += [f"2024-06-0{day}T{h:02d}:00:00Z,gpt-4o-mini,10,15000,3000" for h in range(8, 18)]
    path = tmp_path / "usage.csv"
    path.write_text("\n".join(lines) + "\n")
    m = measure_logs([path])
    assert m.log_format == "buckets"
    # 2024-06-03 08:00 to the last bucket's end, 2024-06-04 18:00: 34 hours. 200 requests.
    assert m.window_days == pytest.approx(34 / 24)
    assert m.queries_per_month == pytest.approx(200 / (34 / 24) * 30.44)
    assert (m.input_tokens, m.output_tokens) == (1_500, 300)
    # Ten busy hours share the tokens equally: each 24 / 10 = 2.4x the average hour; the first is the peak.
    assert m.traffic_profile is not None
    assert [round(v, 6) for v in m.traffic_profile] == [0.0] * 8 + [2.4] * 10 + [0.0] * 6
    assert (m.peak_hour, m.peak_to_average) == (8, pytest.approx(2.4))


def test_epoch_milliseconds_and_json_lines(tmp_path: Path) -> None:
    # 1717372800000 ms = 2024-06-03 00:00 UTC; one request every 6 hours for 2 days: 9 requests.
    path = tmp_path / "calls.jsonl"
    path.write_text("".join(json.dumps({"ts": 1717372800000 + k * 6 * 3_600_000, "usage_prompt_tokens": 100,
                                        "usage_completion_tokens": 10, "extra": {"a": 1}}) + "\n"
                            for k in range(9)))
    m = measure_logs([path])
    assert (m.window_start, m.window_end, m.time_zone) == ("2024-06-03 00:00", "2024-06-05 00:00", "UTC")
    assert m.requests == 9 and m.queries_per_month == pytest.approx(9 / 2 * 30.44)
