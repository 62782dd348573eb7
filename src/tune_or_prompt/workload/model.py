"""The workload as measured from usage logs: one pydantic model the answers and the memo read.

:class:`MeasuredWorkload` holds every figure the logs gave (unrounded), how it
was measured (window, rows, files) and what could not be measured (notes). It
turns itself into answers (:meth:`MeasuredWorkload.answers`) and says where
each answer came from (:meth:`MeasuredWorkload.source`), so the answers file,
the memo's "Workload as measured" section and the assumption sources all
name the same log and window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tune_or_prompt.printable import CONTROLS

LogFormat = Literal["requests", "buckets", "litellm", "bedrock", "langfuse"]

# Average days in a month (365.25 / 12): requests per day times this is a month's volume.
DAYS_PER_MONTH = 30.44
# Under four weeks the daily totals cannot tell growth from noise and the weekly cycle.
MIN_GROWTH_DAYS = 28
# The answers' range for growth (Answers.growth_pct_per_month).
GROWTH_RANGE_PCT = (-99.0, 100.0)
# The measured figures that are answers, in the order an answers file lists them.
ANSWER_KEYS = ("queries_per_month", "input_tokens", "output_tokens", "growth_pct_per_month", "api_model")
# The measured figures the cost model can take as assumptions (the GPU fleet's daily shape).
ASSUMPTION_KEYS = ("traffic_profile",)


class LogFile(BaseModel):
    """One file read: what it was taken for and how many of its rows counted.

    Attributes:
        path: The file as given on the command line.
        kind: How it was read: ``csv``, ``json`` or ``parquet`` (gzip or zstd inside).
        columns: The file's column for each role (``timestamp`` -> ``startTime``, ...).
        rows: Rows in the file.
        bad_rows: Rows skipped: a token or request count missing, not a number,
            negative or out of range, or a timestamp that does not parse or lies
            far outside the log's window.

    """

    model_config = ConfigDict(extra="forbid")

    path: str
    kind: Literal["csv", "json", "parquet"]
    columns: dict[str, str]
    rows: int
    bad_rows: int


class ModelShare(BaseModel):
    """One model's part of the tokens in the log."""

    model_config = ConfigDict(extra="forbid")

    model: str
    tokens: float
    share: float = Field(description="Fraction of all tokens (0-1).")


class DayTotal(BaseModel):
    """Requests on one calendar day of the window (in the profile's time zone)."""

    model_config = ConfigDict(extra="forbid")

    date: str
    requests: float


class BadRows(BaseModel):
    """Rows that were counted and skipped, by reason, with a few offending values."""

    model_config = ConfigDict(extra="forbid")

    total: int = 0
    bad_timestamp: int = 0
    out_of_range: int = 0
    bad_count: int = 0
    examples: list[str] = Field(default_factory=list)


class LeftOut(BaseModel):
    """Rows left out on purpose (not bad rows): counted, reported, outside the figures."""

    model_config = ConfigDict(extra="forbid")

    failed: int = 0
    only: int = 0
    not_generation: int = 0

    @property
    def total(self) -> int:
        """All rows left out."""
        return self.failed + self.only + self.not_generation


class MeasuredWorkload(BaseModel):
    """Every workload figure read from the logs, with how it was measured.

    Attributes:
        files: The files read, in order.
        log_format: ``requests`` (one row a request), ``buckets`` (time-bucketed
            usage) or ``litellm`` (LiteLLM's SpendLogs).
        time_zone: The zone hours and days are counted in, in words.
        window_start: First timestamp (or bucket start), as local time.
        window_end: Last timestamp (or bucket end), as local time.
        window_days: Length of the window in days.
        rows: Rows read across the files; ``bad`` says how many were skipped.
        left_out: Rows left out on purpose: failed requests, rows ``--only`` does
            not keep, Langfuse observations that are not model calls.
        requests: Requests counted (rows, or the buckets' request counts).
        queries_per_day: Requests per day averaged over the window.
        queries_per_month: ``queries_per_day`` x 30.44.
        input_tokens: Mean input tokens per request.
        output_tokens: Mean output tokens per request.
        input_tokens_p50: Median input tokens (per-request logs only).
        input_tokens_p95: 95th percentile of input tokens (per-request logs only).
        output_tokens_p50: Median output tokens (per-request logs only).
        output_tokens_p95: 95th percentile of output tokens (per-request logs only).
        growth_pct_per_month: Fitted monthly growth of daily requests (0 under four weeks).
        growth_ci_pct: 95% confidence interval of the growth, when fitted.
        growth_days: Days the growth was fitted over.
        api_model: The model with the most tokens, if the log names models.
        models: Every model's share of the tokens, largest first.
        traffic_profile: Tokens in each hour of the day (hour 0 = midnight)
            relative to the average hour, so the 24 values average 1.
        peak_hour: The hour of the day with the most tokens.
        peak_to_average: The peak hour's tokens over the average hour's.
        daily: Requests on each calendar day of the window.
        days: Calendar days in the window.
        missing_days: Days of the window with no request.
        notes: What could not be measured, and what was assumed instead.

    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    files: list[LogFile]
    log_format: LogFormat
    time_zone: str
    window_start: str
    window_end: str
    window_days: float
    rows: int
    bad: BadRows
    left_out: LeftOut = Field(default_factory=LeftOut)
    requests: float
    queries_per_day: float
    queries_per_month: float
    input_tokens: float
    output_tokens: float
    input_tokens_p50: float | None = None
    input_tokens_p95: float | None = None
    output_tokens_p50: float | None = None
    output_tokens_p95: float | None = None
    growth_pct_per_month: float
    growth_ci_pct: tuple[float, float] | None = None
    growth_days: int = 0
    api_model: str | None = None
    models: list[ModelShare] = Field(default_factory=list)
    traffic_profile: list[float] | None = Field(None, min_length=24, max_length=24)
    peak_hour: int | None = None
    peak_to_average: float | None = None
    daily: list[DayTotal] = Field(default_factory=list)
    days: int
    missing_days: int
    notes: list[str] = Field(default_factory=list)

    @property
    def missing_share(self) -> float:
        """Share of the window's calendar days with no request (0-1)."""
        return self.missing_days / self.days if self.days else 0.0

    @property
    def file_names(self) -> str:
        """The files read, by name, comma-separated (what every source cites)."""
        return ", ".join(Path(f.path).name for f in self.files)

    @property
    def columns_used(self) -> str:
        """The column read for each role, ``timestamp=startTime, input_tokens=prompt_tokens, ...``.

        Files that read different columns are listed each with its own.
        """
        layouts: dict[str, list[str]] = {}
        for f in self.files:
            if f.columns:
                shown = ", ".join(f"{role}={col}" for role, col in f.columns.items())
                layouts.setdefault(shown, []).append(Path(f.path).name)
        if len(layouts) <= 1:
            return next(iter(layouts), "none")
        return "; ".join(f"{', '.join(names)}: {shown}" for shown, names in layouts.items())

    @property
    def window(self) -> str:
        """The window in words: ``2024-03-01 00:00 to 2024-05-29 23:59 (90.0 days)``."""
        return f"{self.window_start} to {self.window_end} ({self.window_days:,.1f} days)"

    def answers(self) -> dict[str, Any]:
        """Return the measured answers, rounded as an answers file states them.

        Volume to the whole query, tokens to a tenth, growth to a hundredth of a
        point (clamped to the question's range); ``api_model`` only when the log
        names a model an answer can hold (no control characters).
        """
        low, high = GROWTH_RANGE_PCT
        values: dict[str, Any] = {
            "queries_per_month": round(self.queries_per_month),
            "input_tokens": round(self.input_tokens, 1),
            "output_tokens": round(self.output_tokens, 1),
            "growth_pct_per_month": round(min(max(self.growth_pct_per_month, low), high), 2),
        }
        if self.api_model is not None and not CONTROLS.search(self.api_model):
            values["api_model"] = self.api_model
        return values

    def how(self, key: str) -> str:
        """Say how the answer ``key`` was measured, in one line (an answers-file comment)."""
        n = f"{self.requests:,.0f} requests"
        if key == "queries_per_month":
            return (f"{self.queries_per_day:,.1f} requests/day over {self.window_days:,.1f} days "
                    f"({n}) x {DAYS_PER_MONTH}")
        if key in ("input_tokens", "output_tokens"):
            p50, p95 = getattr(self, f"{key}_p50"), getattr(self, f"{key}_p95")
            spread = f"; P50 {p50:,.0f}, P95 {p95:,.0f}" if p50 is not None and p95 is not None else ""
            return f"mean of {n}{spread}"
        if key == "growth_pct_per_month":
            if self.growth_ci_pct is None:
                return f"not measured: {self.growth_note()}"
            lo, hi = self.growth_ci_pct
            return (f"log-linear fit over {self.growth_days} daily totals; "
                    f"95% interval {lo:+.2f} to {hi:+.2f} %/month")
        if key == "api_model":
            return "the model with the most tokens: " + self.model_split()
        if key == "traffic_profile":
            return (f"tokens per hour of the day ({self.time_zone}) over the average hour; "
                    f"peak {self.peak_hour:02d}:00 at {self.peak_to_average:.2f}x")
        raise KeyError(key)

    def growth_note(self) -> str:
        """Why growth was not fitted (empty when it was)."""
        if self.growth_ci_pct is not None:
            return ""
        return f"the window is under four weeks ({self.window_days:.1f} days); 0 assumed"

    def model_split(self, top: int = 4) -> str:
        """Say the models' shares of tokens in words, largest first: ``gpt-4o 82%, gpt-4o-mini 18%``."""
        shown = [f"{m.model} {m.share:.0%}" for m in self.models[:top]]
        rest = sum(m.share for m in self.models[top:])
        if rest > 0:
            shown.append(f"{len(self.models) - top} others {rest:.0%}")
        return ", ".join(shown)

    def source(self, key: str) -> str:
        """Return the source of a measured figure: the log file(s) and the window."""
        return f"measured from {self.file_names}, {self.window}: {self.how(key)}"

    def assumption_values(self) -> dict[str, Any]:
        """Return the measured figures the cost model takes as assumptions (the 24-hour profile), if any."""
        if self.traffic_profile is None:
            return {}
        return {"traffic_profile": [round(v, 4) for v in self.traffic_profile]}
