"""``workload`` and ``advise --from-logs`` end to end: logs in, a sourced answers file or memo out."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tune_or_prompt.answers_io import load_answers_file

LOGS = Path(__file__).parent.parent / "assets" / "logs"
LITELLM = LOGS / "litellm_spendlogs.csv"
PAGE = LOGS / "openai_usage_page.json"
# What every source of a figure from the LiteLLM fixture says: the file and the window.
LITELLM_SOURCE = "measured from litellm_spendlogs.csv, 2024-06-03 09:15 to 2024-06-05 14:45 (2.2 days)"
# The Markdown memo escapes what Markdown would read as emphasis.
LITELLM_SOURCE_MD = LITELLM_SOURCE.replace("_", "\\_")
FAST = ("--draws", "0", "--no-sensitivity")


def cited(memo: str, name: str) -> str:
    """The source the memo's Assumptions row for ``name`` cites, looked up in its Sources list."""
    assumptions = memo.split("## Assumptions", 1)[1]
    row = next(line for line in assumptions.splitlines() if line.startswith(f"| `{name}`"))
    number = re.findall(r"\[(\d+)\]", row)[-1]
    sources = memo.split("## Sources", 1)[1]
    return next(line for line in sources.splitlines() if line.startswith(f"{number}. "))


def test_workload_writes_an_answers_file_that_advise_reads(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "answers.yaml"
    code, stdout, err = run_cli("workload", str(PAGE), "-o", str(out))
    assert code == 0, err
    assert stdout == ""
    assert "tune-or-prompt: measured openai_usage_page.json (bucketed usage): 36,000 requests" in err
    assert f"wrote {out}; use it with: tune-or-prompt advise --answers {out}" in err
    text = out.read_text()
    assert load_answers_file(out) == {"queries_per_month": 36_528, "input_tokens": 2_000.0, "output_tokens": 500.0,
                                      "growth_pct_per_month": 0.0, "api_model": "gpt-4o-mini-2024-07-18"}
    answer_lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert len(answer_lines) == 5
    for line in answer_lines:  # each answer says how it was measured: file, window, rows
        assert "  # measured from openai_usage_page.json, 2024-09-01 00:00 to 2024-10-01 00:00 (30.0 days)" in line
    assert "queries_per_month: 36528  # " in text and "1,200.0 requests/day over 30.0 days (36,000 requests)" in text
    assert "# note: no 24-hour profile: the buckets are 24 hours wide" in text
    code, memo, err = run_cli("advise", "--answers", str(out), "--defaults", *FAST)
    assert code == 0, err
    assert "| How many queries a month? (`queries_per_month`) | 36,528 |" in memo


def test_workload_prints_the_answers_without_output(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, stdout, err = run_cli("workload", str(LITELLM))
    assert code == 0, err
    assert stdout.startswith("# Workload measured by tune-or-prompt from litellm_spendlogs.csv (LiteLLM spend log")
    assert "queries_per_month: 164  # " + LITELLM_SOURCE in stdout
    assert "# note: growth not measured: the window is under four weeks (2.2 days); 0 assumed" in stdout


def test_assumptions_out_holds_the_24_hour_profile(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    profile = tmp_path / "costs.yaml"
    code, _, err = run_cli("workload", str(LITELLM), "--assumptions-out", str(profile))
    assert code == 0, err
    text = profile.read_text()
    assert "litellm_spendlogs.csv" in text and "2024-06-03 09:15 to 2024-06-05 14:45" in text
    assert "hour 0 = midnight" in text
    # Tokens by hour: 09h 10x, 14h 12x, 18h 2x the average hour (see tests/workload/test_formats.py).
    line = next(line for line in text.splitlines() if line.startswith("traffic_profile:"))
    values = json.loads(line.split(":", 1)[1])
    assert values == [0] * 9 + [10] + [0] * 4 + [12] + [0] * 3 + [2] + [0] * 5


def test_nothing_is_written_when_the_profile_cannot_be_measured(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answers, profile = tmp_path / "answers.yaml", tmp_path / "costs.yaml"
    code, _, err = run_cli("workload", str(PAGE), "-o", str(answers), "--assumptions-out", str(profile))
    assert code == 2
    assert err.startswith("tune-or-prompt: error: --assumptions-out: no 24-hour profile: the buckets are 24 hours")
    assert not answers.exists() and not profile.exists()


def test_a_bad_log_writes_nothing_and_keeps_an_earlier_file(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "answers.yaml"
    out.write_text("queries_per_month: 1\n")
    code, stdout, err = run_cli("workload", str(LOGS / "bad_counts.csv"), "-o", str(out))
    assert code == 2 and stdout == ""
    assert err.count("\n") == 1 and "2 of 60 rows are bad" in err
    assert out.read_text() == "queries_per_month: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


def test_output_never_replaces_a_symlink(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "real.yaml"
    target.write_text("kept\n")
    link = tmp_path / "answers.yaml"
    link.symlink_to(target)
    code, _, err = run_cli("workload", str(LITELLM), "-o", str(link))
    assert code == 2 and "exists and is not a regular file" in err
    assert link.is_symlink() and target.read_text() == "kept\n"


def test_advise_from_logs_writes_the_measured_workload_into_the_memo(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "memo.md"
    code, _, err = run_cli("advise", "--from-logs", str(LITELLM), "--defaults", *FAST, "-o", str(out))
    assert code == 0, err
    memo = out.read_text()
    section = memo.split("## Workload as measured", 1)[1].split("\n## ", 1)[0]
    assert ("Measured from litellm\\_spendlogs.csv (LiteLLM spend log): 12 requests from 2024-06-03 09:15 "
            "to 2024-06-05 14:45 (2.2 days; 12 rows)") in section
    assert "| Queries a month | 164 |" in section
    assert "| Input tokens per query | mean 1,000.0; P50 1,000; P95 1,200 |" in section
    assert "| Peak hour | 14:00, 12.00x the average hour |" in section
    assert "Volume: `███` (requests per day, 2024-06-03 to 2024-06-05; highest 4)." in section
    assert "14h 12.00" in section
    assert ("Columns read (role=column): timestamp=startTime, input\\_tokens=prompt\\_tokens, "
            "output\\_tokens=completion\\_tokens, model=model, status=status.") in section
    # The assumption sources name the log and its window, for every measured figure.
    for name in ("queries_per_month", "input_tokens", "output_tokens", "growth_pct_per_month", "api_model"):
        assert LITELLM_SOURCE_MD in cited(memo, name), name
    assert f"tune-or-prompt advise --from-logs {LITELLM} --defaults" in memo


def test_set_wins_over_the_logs_and_keeps_its_own_source(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, memo, err = run_cli("advise", "--from-logs", str(LITELLM), "--set", "queries_per_month=5000",
                              "--defaults", *FAST)
    assert code == 0, err
    assumptions = memo.split("## Assumptions", 1)[1]
    volume = next(line for line in assumptions.splitlines() if line.startswith("| `queries_per_month`"))
    assert "5,000" in volume and "measured from" not in cited(memo, "queries_per_month")
    assert LITELLM_SOURCE_MD in cited(memo, "input_tokens")
    assert "| Queries a month | 164 |" in memo  # the section still reports what the log shows


def test_html_memo_draws_volume_and_profile(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "memo.html"
    code, _, err = run_cli("advise", "--from-logs", str(LITELLM), "--defaults", *FAST, "-o", str(out))
    assert code == 0, err
    html = out.read_text()
    section = html.split('<section id="workload">', 1)[1].split("</section>", 1)[0]
    assert 'aria-label="Requests per day, 2024-06-03 to 2024-06-05"' in section
    assert 'aria-label="Tokens per hour of the day over the average hour"' in section
    assert ("<p class=\"detail\">Columns read (role=column): timestamp=startTime, input_tokens=prompt_tokens, "
            "output_tokens=completion_tokens, model=model, status=status.</p>") in section


def test_json_memo_carries_the_measured_workload(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("advise", "--from-logs", str(LITELLM), "--defaults", *FAST, "--format", "json")
    assert code == 0, err
    workload = json.loads(out)["workload"]
    assert workload["log_format"] == "litellm" and workload["peak_hour"] == 14
    assert len(workload["traffic_profile"]) == 24


def test_log_options_without_logs_are_an_error(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("advise", "--defaults", "--tz", "UTC")
    assert code == 2 and "give the logs with --from-logs FILE" in err


def test_the_measured_profile_reaches_the_cost_model() -> None:
    from tune_or_prompt import pipeline
    from tune_or_prompt.workload import measure_logs

    measured = measure_logs([LITELLM])
    values = pipeline.assumption_values({"api_overhead_pct": 12}, measured)
    assert values["api_overhead_pct"] == 12 and values["traffic_profile"][14] == 12.0
    # An assumptions file that sets a profile wins over the measured one.
    assert pipeline.assumption_values({"traffic_profile": [1.0] * 24}, measured)["traffic_profile"] == [1.0] * 24


def test_the_output_and_the_answers_file_name_the_column_of_each_role(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, stdout, err = run_cli("workload", str(LITELLM))
    assert code == 0, err
    used = ("timestamp=startTime, input_tokens=prompt_tokens, output_tokens=completion_tokens, model=model, "
            "status=status")
    assert f"# columns read: {used}." in stdout
    assert f"  columns               {used}" in err


def test_only_keeps_rows_and_repeats_in_the_regenerating_command(run_cli) -> None:  # type: ignore[no-untyped-def]
    # The fixture's 12 requests: 9 of gpt-4o-mini, 3 of gpt-4o.
    code, _, err = run_cli("workload", str(LITELLM), "--only", "model=gpt-4o")
    assert code == 0, err
    assert "3 requests" in err and "left out, not counted as requests: 9 rows --only does not keep" in err
    code, _, err = run_cli("workload", str(LITELLM), "--only", "latency=3")
    assert code == 2
    assert "--only 'latency=3': rows can be kept by status or model, not 'latency'" in err
    code, memo, err = run_cli("advise", "--from-logs", str(LITELLM), "--only", "status=success", "--defaults",
                              *FAST)
    assert code == 0, err
    assert "--only status=success" in memo


def test_the_memo_shows_column_names_as_text(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Column names are the log's own: markup in them shows as text in both memos.
    log = tmp_path / "odd.csv"
    log.write_text('"<b>when</b>",in*|tok,out_`n`\n2024-06-03 09:00:00,100,10\n2024-06-04 10:00:00,300,30\n')
    columns = ("--column", "timestamp=<b>when</b>", "--column", "input_tokens=in*|tok",
               "--column", "output_tokens=out_`n`")
    for suffix, expected in (
            ("md", "Columns read (role=column): timestamp=\\<b\\>when\\</b\\>, input\\_tokens=in\\*\\|tok, "
                   "output\\_tokens=out\\_\\`n\\`."),
            ("html", "Columns read (role=column): timestamp=&lt;b&gt;when&lt;/b&gt;, input_tokens=in*|tok, "
                     "output_tokens=out_`n`.")):
        out = tmp_path / f"memo.{suffix}"
        code, _, err = run_cli("advise", "--from-logs", str(log), *columns, "--defaults", *FAST, "-o", str(out))
        assert code == 0, err
        assert expected in out.read_text(), suffix
