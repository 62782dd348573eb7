"""Real exports, read as written: each format built from its documented schema, read back to known figures.

Where each schema comes from is said in :mod:`tests.workload.exports`.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.workload import exports as ex
from tune_or_prompt.errors import UserError
from tune_or_prompt.workload import LogOptions, measure_logs
from tune_or_prompt.workload.model import MeasuredWorkload


def peak_at_nine(hour: int) -> float:
    # 100 requests in the 09:00 hour, none at 03:00, 10 in each other hour: 320 a day.
    return 100.0 if hour == 9 else 0.0 if hour == 3 else 10.0


def test_openai_hourly_pages_not_starting_on_the_hour(tmp_path: Path) -> None:
    # The cookbook's "now minus 30 days": 2024-09-01 14:24 to 2024-10-01 14:24 UTC, hourly buckets;
    # the first is 14:24-15:00 (0.6 h: 6 requests) and the last 14:00-14:24 (0.4 h: 4 requests).
    start = datetime(2024, 9, 1, 14, 24)
    buckets = ex.openai_buckets(start, start + timedelta(days=30), timedelta(hours=1), peak_at_nine)
    assert buckets[0]["end_time"] - buckets[0]["start_time"] == 36 * 60
    # One export in three files: a saved page, a list of buckets, and an empty last page.
    half = len(buckets) // 2
    files = [ex.write_json(tmp_path / "page1.json", ex.openai_page(buckets[:half], True)),
             ex.write_json(tmp_path / "page2.json", buckets[half:]),
             ex.write_json(tmp_path / "page3.json", ex.openai_page([], False))]
    m = measure_logs(files)
    assert m.log_format == "buckets"
    # 30 days of 320 requests: 9,600 requests, 320 x 30.44 = 9,740.8 a month.
    assert (m.window_start, m.window_end, m.window_days) == ("2024-09-01 14:24", "2024-10-01 14:24", 30.0)
    assert m.requests == 9_600
    assert m.queries_per_month == pytest.approx(9_740.8)
    assert (m.input_tokens, m.output_tokens) == (1_000, 200)
    # The 09:00 hour holds 100 of the day's 320 requests: 100 / (320 / 24) = 7.5x the average hour.
    assert m.traffic_profile is not None
    assert (m.peak_hour, m.peak_to_average) == (9, pytest.approx(7.5))
    # Hour 14 is partial at both ends (0.6 h + 0.4 h) yet weighs as the other hours: 10 / (320 / 24) = 0.75.
    assert m.traffic_profile[14] == pytest.approx(0.75)
    assert m.traffic_profile[3] == 0.0
    assert [f.rows for f in m.files][2] == 0
    assert m.files[0].columns["bucket_end"] == "end_time"


def test_openai_daily_buckets_with_a_short_first_bucket(tmp_path: Path) -> None:
    # 1,000 requests a day, evenly; 2024-09-01 14:24 to 2024-10-01 14:24: the first bucket is 9.6 hours
    # (400 requests), the last 14.4 hours (600). 30,000 requests in 30 days: 30,440 a month.
    start = datetime(2024, 9, 1, 14, 24)
    buckets = ex.openai_buckets(start, start + timedelta(days=30), timedelta(days=1), lambda h: 1_000 / 24)
    assert [b["results"][0]["num_model_requests"] for b in (buckets[0], buckets[-1])] == [400, 600]
    m = measure_logs([ex.write_json(tmp_path / "usage.json", ex.openai_page(buckets, False))])
    assert m.window_days == 30.0 and m.requests == 30_000
    assert m.queries_per_month == pytest.approx(30_440)
    assert m.traffic_profile is None
    assert any("the buckets are 24 hours wide" in n for n in m.notes)


def test_openai_buckets_without_an_end_take_the_most_common_gap(tmp_path: Path) -> None:
    # A flat export of the same hourly buckets without end_time: the width is the most common gap (1 h),
    # not the short first one; the last bucket (14:00, really 0.4 h long) is taken as a whole hour.
    start = datetime(2024, 9, 1, 14, 24)
    buckets = ex.openai_buckets(start, start + timedelta(days=30), timedelta(hours=1), peak_at_nine)
    lines = ["start_time,num_model_requests,input_tokens,output_tokens"]
    for b in buckets:
        for r in b["results"]:
            lines.append(f"{b['start_time']},{r['num_model_requests']},{r['input_tokens']},{r['output_tokens']}")
    path = tmp_path / "usage.csv"
    path.write_text("\n".join(lines) + "\n")
    m = measure_logs([path])
    # Window 14:24 to 15:00 on 2024-10-01: 30 days + 36 minutes = 30.025 days (0.08% over the true 30).
    assert m.window_days == pytest.approx(30 + 36 / 1440)
    assert m.requests == 9_600
    assert m.queries_per_month == pytest.approx(9_600 / (30 + 36 / 1440) * 30.44)
    assert m.peak_hour == 9


def test_a_page_whose_buckets_are_all_empty_counts_as_quiet_days(tmp_path: Path) -> None:
    # Two pages: 10 days with traffic (100 requests a day), then 5 days whose buckets are all empty.
    # The quiet days are in the window: 1,000 requests over 15 days, 66.7 a day.
    start = datetime(2024, 9, 1)
    busy = ex.openai_buckets(start, start + timedelta(days=10), timedelta(days=1), lambda h: 100 / 24)
    quiet = ex.openai_buckets(start + timedelta(days=10), start + timedelta(days=15), timedelta(days=1),
                              lambda h: 0.0)
    assert all(b["results"] == [] for b in quiet)
    m = measure_logs([ex.write_json(tmp_path / "p1.json", ex.openai_page(busy, True)),
                      ex.write_json(tmp_path / "p2.json", ex.openai_page(quiet, False))])
    assert (m.window_days, m.requests) == (15.0, 1_000)
    assert m.queries_per_day == pytest.approx(1_000 / 15)
    assert m.missing_days == 5


def test_only_empty_pages_is_a_clear_error(tmp_path: Path) -> None:
    path = ex.write_json(tmp_path / "empty.json", ex.openai_page([], False))
    with pytest.raises(UserError, match="no record to measure: every file is an empty page"):
        measure_logs([path])


def litellm_rows() -> tuple[list[dict[str, object]], int]:
    # One success an hour from 2024-06-03 00:00 to 2024-06-04 23:00 (48, over 47 hours), and 4 failures
    # (LiteLLM logs a failed call with status "failure" and no tokens).
    start = datetime(2024, 6, 3)
    rows = [ex.litellm_row(k, start + timedelta(hours=k)) for k in range(48)]
    rows += [ex.litellm_row(100 + k, start + timedelta(hours=10 + 10 * k, minutes=30), status="failure", prompt=0,
                            completion=0) for k in range(4)]
    return rows, 48


def test_litellm_spend_logs_v2_pages_skip_failed_requests(tmp_path: Path) -> None:
    rows, good = litellm_rows()
    pages = [rows[:30], rows[30:]]
    files = [ex.write_json(tmp_path / f"spend-{k + 1}.json",
                           {"data": page, "total": len(rows), "page": k + 1, "page_size": 30, "total_pages": 2})
             for k, page in enumerate(pages)]
    m = measure_logs(files)
    assert m.log_format == "litellm"
    assert m.files[0].columns == {"timestamp": "startTime", "input_tokens": "prompt_tokens",
                                  "output_tokens": "completion_tokens", "model": "model", "status": "status"}
    # 48 requests over 47 hours: 48 / (47 / 24) x 30.44 = 746.1 a month; tokens 1,000 and 200, not diluted.
    assert m.requests == good and m.rows == 52
    assert m.queries_per_month == pytest.approx(48 / (47 / 24) * 30.44)
    assert (m.input_tokens, m.output_tokens) == (1_000, 200)
    assert (m.left_out.failed, m.bad.total) == (4, 0)
    assert any("left out, not counted as requests: 4 failed requests" in n for n in m.notes)


def test_only_keeps_the_rows_named(tmp_path: Path) -> None:
    rows, _ = litellm_rows()
    path = ex.write_jsonl(tmp_path / "spend.jsonl", rows)
    # --only status=failure keeps the 4 failures (and so no longer leaves them out).
    failures = measure_logs([path], LogOptions(only={"status": ("failure",)}))
    assert failures.requests == 4 and failures.left_out.only == 48
    kept = measure_logs([path], LogOptions(only={"status": ("success",), "model": ("GPT-4o-mini",)}))
    assert kept.requests == 48 and kept.left_out.only == 4
    with pytest.raises(UserError, match=r"--only model=\.\.\.: the log has no model column"):
        measure_logs([ex.write_jsonl(tmp_path / "bare.jsonl", [
            {"timestamp": "2024-06-03 00:00:00", "input_tokens": 1, "output_tokens": 1}])],
            LogOptions(only={"model": ("x",)}))


def test_a_json_document_over_16_mb_is_read(tmp_path: Path) -> None:
    # One LiteLLM v2 page of 20,000 rows (about 25 MB), one request every 6 minutes from 2024-06-01.
    start = datetime(2024, 6, 1)
    rows = [ex.litellm_row(k, start + timedelta(minutes=6 * k)) for k in range(20_000)]
    for row in rows:
        row["messages"] = {"content": "x" * 400}
    path = ex.write_json(tmp_path / "spend.json", {"data": rows, "total": 20_000, "page": 1,
                                                   "page_size": 20_000, "total_pages": 1})
    assert path.stat().st_size > 16 * 2**20
    m = measure_logs([path])
    # 20,000 requests over 19,999 x 6 minutes = 83.329 days.
    assert m.requests == 20_000
    assert m.window_days == pytest.approx(19_999 * 6 / 1440)


def bedrock_records() -> list[dict[str, object]]:
    # 96 invocations, one every 30 minutes from 2024-06-03 00:00 (47.5 hours): 72 of Claude 3 Haiku
    # with 800 input and 150 output tokens, 24 of Claude 3.5 Sonnet with 2,000 and 600.
    start = datetime(2024, 6, 3)
    out = []
    for k in range(96):
        sonnet = k % 4 == 0
        out.append(ex.bedrock_record(k, start + timedelta(minutes=30 * k), 2_000 if sonnet else 800,
                                     600 if sonnet else 150,
                                     "anthropic.claude-3-5-sonnet-20240620-v1:0" if sonnet
                                     else "anthropic.claude-3-haiku-20240307-v1:0"))
    return out


def check_bedrock(m: object) -> None:
    from tune_or_prompt.workload import MeasuredWorkload

    assert isinstance(m, MeasuredWorkload)
    assert m.log_format == "bedrock"
    # 96 over 47.5 hours; input (72 x 800 + 24 x 2,000) / 96 = 1,100, output (72 x 150 + 24 x 600) / 96 = 262.5.
    assert m.requests == 96 and m.window_days == pytest.approx(47.5 / 24)
    assert (m.input_tokens, m.output_tokens) == (1_100, 262.5)
    # Haiku: 72 x 950 = 68,400 tokens; Sonnet: 24 x 2,600 = 62,400.
    assert m.api_model == "anthropic.claude-3-haiku-20240307-v1:0"


def test_bedrock_invocation_logs_from_s3(tmp_path: Path) -> None:
    m = measure_logs([ex.write_jsonl(tmp_path / "invocations.jsonl", bedrock_records())])
    check_bedrock(m)
    assert m.files[0].columns == {"timestamp": "timestamp", "input_tokens": "input.inputTokenCount",
                                  "output_tokens": "output.outputTokenCount", "model": "modelId"}


def test_bedrock_invocation_logs_from_cloudwatch_logs_insights_csv(tmp_path: Path) -> None:
    lines = ["@timestamp,modelId,input.inputTokenCount,output.outputTokenCount"]
    for r in bedrock_records():
        t = datetime.strptime(str(r["timestamp"]), "%Y-%m-%dT%H:%M:%SZ")
        lines.append(f"{t:%Y-%m-%d %H:%M:%S}.000,{r['modelId']},{r['input']['inputTokenCount']},"  # type: ignore[index]
                     f"{r['output']['outputTokenCount']}")  # type: ignore[index]
    path = tmp_path / "logs-insights-results.csv"
    path.write_text("\n".join(lines) + "\n")
    m = measure_logs([path])
    check_bedrock(m)
    assert m.files[0].columns["input_tokens"] == "input.inputTokenCount"


def test_a_nested_field_named_by_its_path(tmp_path: Path) -> None:
    records = [{"at": f"2024-06-0{3 + k // 24} {k % 24:02d}:00:00", "usage": {"in": 100, "out": {"n": 20}}}
               for k in range(48)]
    path = ex.write_jsonl(tmp_path / "calls.jsonl", records)
    m = measure_logs([path], LogOptions(columns={"timestamp": "at", "input_tokens": "usage.in",
                                                 "output_tokens": "usage.out.n"}))
    assert (m.requests, m.input_tokens, m.output_tokens) == (48, 100, 20)


def langfuse_export() -> list[dict[str, object]]:
    # Each trace: a SPAN (retrieval) and a GENERATION. 48 traces, one an hour from 2024-06-03 00:00,
    # the 12:00-17:00 ones (6) with 4,000 prompt tokens, the others 1,000; 300 completion tokens each.
    # Two more generations fail (level ERROR, no tokens). createdAt is the start plus 3 hours.
    start = datetime(2024, 6, 3)
    out = []
    for k in range(48):
        t = start + timedelta(hours=k)
        busy = 12 <= t.hour < 18
        out.append(ex.langfuse_observation(2 * k, "SPAN", t))
        out.append(ex.langfuse_observation(2 * k + 1, "GENERATION", t, prompt=4_000 if busy else 1_000,
                                           completion=300))
    out += [ex.langfuse_observation(1_000 + k, "GENERATION", start + timedelta(hours=5 + k, minutes=10),
                                    level="ERROR") for k in range(2)]
    out.append(ex.langfuse_observation(2_000, "EVENT", start + timedelta(hours=7)))
    return out


def write_langfuse(path: Path, records: list[dict[str, object]]) -> Path:
    """Write observations as JSON Lines, or as CSV with each JSON field as JSON text in its cell."""
    if path.suffix == ".jsonl":
        return ex.write_jsonl(path, records)
    import csv

    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]))
        writer.writeheader()
        for r in records:
            writer.writerow({k: json.dumps(v) if isinstance(v, dict) else ("" if v is None else v)
                             for k, v in r.items()})
    return path


def check_langfuse(m: MeasuredWorkload) -> None:
    """The figures of :func:`langfuse_export`, whichever columns hold its token counts."""
    assert m.log_format == "langfuse"
    assert m.files[0].columns["timestamp"] == "startTime"
    # 48 generations over 47 hours; the 48 spans, 1 event and 2 failed generations are left out.
    assert m.requests == 48 and m.rows == 99
    assert (m.left_out.not_generation, m.left_out.failed) == (49, 2)
    assert m.queries_per_month == pytest.approx(48 / (47 / 24) * 30.44)
    # Prompt tokens: (12 x 4,000 + 36 x 1,000) / 48 = 1,750.
    assert (m.input_tokens, m.output_tokens) == (1_750, 300)
    # By startTime the busiest hours are 12:00-17:00 (2 x 4,300 tokens each); by createdAt they would be 15-20.
    assert m.peak_hour == 12


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_langfuse_observations_count_generations_at_their_start_time(tmp_path: Path, kind: str) -> None:
    m = measure_logs([write_langfuse(tmp_path / f"observations.{kind}", langfuse_export())])
    check_langfuse(m)
    assert m.files[0].columns["input_tokens"] == "promptTokens"


def usage_details_only() -> list[dict[str, object]]:
    # Langfuse's newer exports carry the token counts only in the usageDetails map ({input, output,
    # total}; Langfuse's observation export code): the same observations without the older columns.
    dropped = ("promptTokens", "completionTokens", "totalTokens")
    return [{k: v for k, v in r.items() if k not in dropped} for r in langfuse_export()]


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_langfuse_token_counts_only_in_usage_details_are_found(tmp_path: Path, kind: str) -> None:
    # In JSON Lines usageDetails is an object (a struct); in the CSV export, JSON text in one cell.
    m = measure_logs([write_langfuse(tmp_path / f"observations.{kind}", usage_details_only())])
    check_langfuse(m)
    assert (m.files[0].columns["input_tokens"], m.files[0].columns["output_tokens"]) == (
        "usageDetails.input", "usageDetails.output")
    assert "input_tokens=usageDetails.input, output_tokens=usageDetails.output" in m.columns_used


def test_a_usage_details_cell_that_is_not_json_is_a_bad_row(tmp_path: Path) -> None:
    records = usage_details_only()
    stray = ex.langfuse_observation(3_000, "GENERATION", datetime(2024, 6, 3, 20, 30), prompt=9, completion=9)
    del stray["promptTokens"], stray["completionTokens"], stray["totalTokens"]
    stray["usageDetails"] = "n/a"
    path = write_langfuse(tmp_path / "observations.csv", [*records, stray])
    # 1 bad row among the 49 generations not left out: over the 1% a log may have without --allow-bad-rows.
    with pytest.raises(UserError, match="1 of 49 rows are bad"):
        measure_logs([path])
    m = measure_logs([path], LogOptions(allow_bad_rows=True))
    assert (m.bad.total, m.bad.bad_count, m.requests) == (1, 1, 48)
    assert (m.input_tokens, m.output_tokens) == (1_750, 300)


def test_anthropic_usage_report_is_refused_with_what_to_export(tmp_path: Path) -> None:
    report = {"data": [{"starting_at": "2025-08-01T00:00:00Z", "ending_at": "2025-08-02T00:00:00Z",
                        "results": [{"uncached_input_tokens": 1_500, "cache_creation": {
                            "ephemeral_1h_input_tokens": 0, "ephemeral_5m_input_tokens": 1_000},
                            "cache_read_input_tokens": 200, "output_tokens": 500, "server_tool_use": {
                                "web_search_requests": 0}, "api_key_id": None, "workspace_id": None,
                            "model": "claude-sonnet-4-20250514", "service_tier": "standard",
                            "context_window": "0-200k"}]}],
              "has_more": False, "next_page": None}
    path = ex.write_json(tmp_path / "anthropic_usage.json", report)
    with pytest.raises(UserError) as info:
        measure_logs([path])
    message = info.value.render()
    assert "Anthropic's usage report holds token totals per time bucket but no count of requests" in message
    assert "--column requests=COLUMN" in message


def test_a_missing_role_hint_never_names_a_list_or_struct(tmp_path: Path) -> None:
    # A page whose records lack token counts: the old hint was "did you mean --column timestamp=data?".
    path = ex.write_json(tmp_path / "page.json", {"data": [{"when": "2024-06-03", "prompt_tokns": 5}],
                                                 "date_range": ["2024-06-03"]})
    with pytest.raises(UserError) as info:
        measure_logs([path])
    message = info.value.render()
    assert "=data" not in message and "date_range" not in message
    assert "did you mean --column input_tokens=prompt_tokns?" in message


def test_bedrock_invocation_logs_as_parquet_read_nested_struct_fields(tmp_path: Path) -> None:
    import duckdb

    source = ex.write_jsonl(tmp_path / "invocations.jsonl", bedrock_records())
    target = tmp_path / "invocations.parquet"
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_json('{source}')) TO '{target}' (FORMAT parquet)")
    con.close()
    check_bedrock(measure_logs([target]))


def test_a_document_too_large_to_read_whole_says_what_to_do(tmp_path: Path) -> None:
    import gzip

    from tune_or_prompt.workload.read import MAX_DOCUMENT, LogSource, object_limit

    small = ex.write_json(tmp_path / "page.json", {"data": []})
    assert object_limit(LogSource("page.json", str(small), "json")) == 16 * 2**20  # DuckDB's default at least
    # A gzip file records its unpacked size (modulo 2**32) in its last four bytes (RFC 1952).
    packed = tmp_path / "page.json.gz"
    packed.write_bytes(gzip.compress(b'{"data": []}'))
    assert object_limit(LogSource("page.json.gz", str(packed), "json")) == 16 * 2**20
    packed.write_bytes(packed.read_bytes()[:-4] + (MAX_DOCUMENT + 5).to_bytes(4, "little"))
    with pytest.raises(UserError, match=r"one JSON document over 128 MiB; .* save it as JSON Lines"):
        object_limit(LogSource("page.json.gz", str(packed), "json"))


@pytest.mark.parametrize("key", ["data", "results", "items", "records", "rows"])
def test_records_under_any_envelope_key_are_read(tmp_path: Path, key: str) -> None:
    # A saved API response: 25 requests, one an hour from 2024-06-03 00:00 (24 hours), 300 and 40 tokens.
    records = [{"created_at": f"2024-06-0{3 + k // 24}T{k % 24:02d}:00:00Z", "usage": {"prompt_tokens": 300,
                                                                                       "completion_tokens": 40}}
               for k in range(25)]
    path = ex.write_json(tmp_path / "response.json", {"object": "list", key: records, "has_more": False})
    m = measure_logs([path], LogOptions(columns={"input_tokens": "usage.prompt_tokens",
                                                 "output_tokens": "usage.completion_tokens"}))
    assert (m.requests, m.window_days, m.input_tokens, m.output_tokens) == (25, 1.0, 300, 40)
    assert m.files[0].columns["timestamp"] == "created_at"
