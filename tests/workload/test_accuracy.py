"""A generated log with known figures is read back within 1% (volume, tokens), 1 point (growth), same peak hour.

The log (``synthetic.SyntheticLog()``; the benchmark reads the same log at 10
million requests) has 90 days from 2024-01-01, 1,000 requests on day 0 growing
10% a month, the 24-hour shape ``SHAPE`` (peak at 14:00) and uniform token
counts. Its figures, by hand:

* Day-on-day factor r = 1.10 ** (1 / 30.44) = exp(0.0953102 / 30.44) = 1.0031360.
* Requests: sum over d = 0..89 of round(1,000 r**d) ~ 1,000 (r**90 - 1) / (r - 1)
  = 1,000 x (1.325521 - 1) / 0.0031360 = 103,800.
* Window: the first request sits mid-slot in hour 0 of day 0, which has
  floor(1,000 x 2 / 169) = 11 requests: 1,800 / 11 = 163 s after midnight; the
  last day has round(1,000 r**89) = 1,321 requests, 1,321 - floor(1,321 x 167 / 169)
  = 16 of them in hour 23, the last at 15.5 / 16 of the hour, 113 s before
  midnight: the window is 90 days less 276 s.
  So 103,800 / 90 = 1,153.3 requests a day and x 30.44 = 35,108 a month.
* Input tokens uniform over 1,000-3,000: mean 2,000, P50 2,000, P95 1,000 + 0.95 x 2,000 = 2,900.
* Output tokens uniform over 100-900: mean 500, P50 500, P95 100 + 0.95 x 800 = 860.
* Growth: ln(requests) rises by ln r a day, 30.44 ln r = ln 1.10 a month: 10.00%.
* Peak hour 14, at 14 / (169 / 24) = 1.988 times the average hour (tokens do not
  depend on the hour).
* Every fifth request is gpt-4o: gpt-4o-mini has 80% of the requests and so
  about 80% of the tokens.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.workload.synthetic import SyntheticLog
from tune_or_prompt.workload import measure_logs

QUERIES_PER_MONTH = 103_800 / 90 * 30.44  # 35,108
INPUT_MEAN, OUTPUT_MEAN = 2_000, 500
GROWTH_PCT = 10.0
PEAK_HOUR = 14


def within(measured: float, expected: float, share: float) -> bool:
    return abs(measured - expected) <= share * abs(expected)


@pytest.fixture(scope="module")
def log() -> SyntheticLog:
    return SyntheticLog()


def test_the_generator_holds_the_figures_worked_above(log: SyntheticLog) -> None:
    assert log.requests == 103_800
    assert log.day_counts()[0] == 1_000
    assert log.day_counts()[-1] == 1_321  # 1,000 x r**89 = 1,320.7
    assert sum(log.hour_counts(1_000)) == 1_000
    assert round(log.window_days() * 86_400) == 90 * 86_400 - 163 - 113


@pytest.mark.parametrize("fmt", ["csv", "csv.gz", "jsonl", "parquet"])
def test_a_known_log_is_read_back_within_one_percent(tmp_path: Path, log: SyntheticLog, fmt: str) -> None:
    path = log.write(tmp_path / f"requests.{fmt}", fmt)
    m = measure_logs([path])

    assert m.log_format == "requests"
    assert m.rows == m.requests == 103_800 and m.bad.total == 0
    assert within(m.queries_per_month, QUERIES_PER_MONTH, 0.01)
    assert within(m.input_tokens, INPUT_MEAN, 0.01)
    assert within(m.output_tokens, OUTPUT_MEAN, 0.01)
    assert abs(m.growth_pct_per_month - GROWTH_PCT) <= 1.0
    assert m.peak_hour == PEAK_HOUR
    # Tighter than the issue asks, to catch a slip in the arithmetic:
    assert m.queries_per_month == pytest.approx(log.requests / log.window_days() * 30.44, rel=1e-9)
    assert m.input_tokens_p50 == pytest.approx(2_000, abs=10) and m.input_tokens_p95 == pytest.approx(2_900, abs=10)
    assert m.output_tokens_p50 == pytest.approx(500, abs=5) and m.output_tokens_p95 == pytest.approx(860, abs=5)
    assert m.peak_to_average == pytest.approx(14 * 24 / 169, rel=0.01)
    assert m.growth_ci_pct is not None and m.growth_ci_pct[0] <= GROWTH_PCT + 0.05 <= m.growth_ci_pct[1] + 0.1
    assert m.api_model == "gpt-4o-mini" and m.models[0].share == pytest.approx(0.8, abs=0.01)
    assert (m.days, m.missing_days) == (90, 0)
    assert m.traffic_profile is not None and sum(m.traffic_profile) == pytest.approx(24)


def test_a_log_split_over_two_files_reads_as_one(tmp_path: Path) -> None:
    first = SyntheticLog(days=45)
    # The second half: same growth, continuing where the first left off.
    second = SyntheticLog(first_day=round(1_000 * first.ratio**45), days=45, start="2024-02-15")
    paths = [first.write(tmp_path / "jan.csv"), second.write(tmp_path / "feb.parquet", "parquet")]
    m = measure_logs(paths)
    assert m.requests == first.requests + second.requests
    assert [f.rows for f in m.files] == [first.requests, second.requests]
    assert abs(m.growth_pct_per_month - GROWTH_PCT) <= 1.0
    assert m.peak_hour == PEAK_HOUR
