"""The memo's "Workload as measured" section: its rows, its small charts, its notes.

Templates get the measured figures already worded (one row a figure: what it
is, its value, how it was measured), the column read for each role, a text sparkline of volume per day and
of the 24-hour profile for Markdown, and for HTML two small SVG bar charts.
Nothing here measures; every number is the :class:`MeasuredWorkload`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tune_or_prompt.workload.files import FORMAT_WORDS
from tune_or_prompt.workload.model import DAYS_PER_MONTH, MeasuredWorkload

_BARS = "▁▂▃▄▅▆▇█"
# A sparkline longer than this is drawn per week instead of per day.
MAX_SPARK = 120


@dataclass(frozen=True)
class FigureRow:
    """One measured figure as the memo shows it."""

    label: str
    value: str
    how: str


@dataclass(frozen=True)
class WorkloadView:
    """Everything the "Workload as measured" section prints."""

    intro: str
    columns: str
    rows: list[FigureRow]
    volume_line: str
    volume_label: str
    profile_line: str | None
    profile_values: str | None
    notes: list[str]
    volume_svg: str | None = None
    profile_svg: str | None = None


def sparkline(values: list[float]) -> str:
    """Draw ``values`` as a line of block characters, lowest to highest (zero stays the lowest)."""
    top = max(values, default=0.0)
    if top <= 0:
        return _BARS[0] * len(values)
    return "".join(_BARS[min(len(_BARS) - 1, int(v / top * (len(_BARS) - 1) + 0.5))] for v in values)


def _per_period(m: MeasuredWorkload) -> tuple[list[float], str]:
    """Return requests per day, or per week when the window is long, and the label saying which."""
    counts = [d.requests for d in m.daily]
    if len(counts) <= MAX_SPARK:
        return counts, "requests per day"
    weeks = [sum(counts[k:k + 7]) for k in range(0, len(counts), 7)]
    return weeks, "requests per week"


def _tokens(m: MeasuredWorkload, side: str) -> str:
    mean = getattr(m, f"{side}_tokens")
    p50, p95 = getattr(m, f"{side}_tokens_p50"), getattr(m, f"{side}_tokens_p95")
    text = f"mean {mean:,.1f}"
    return text + (f"; P50 {p50:,.0f}; P95 {p95:,.0f}" if p50 is not None and p95 is not None else "")


def workload_view(m: MeasuredWorkload, *, svg: bool = False) -> WorkloadView:
    """Return the section's content for ``m``; ``svg`` adds the two bar charts (the HTML memo)."""
    zone = m.time_zone if m.time_zone == "as written in the log" else f"in {m.time_zone}"
    intro = (f"Measured from {m.file_names} ({FORMAT_WORDS[m.log_format]}): {m.requests:,.0f} requests "
             f"from {m.window_start} to {m.window_end} ({m.window_days:,.1f} days; {m.rows:,} rows"
             f"{f', {m.bad.total:,} skipped' if m.bad.total else ''}); hours and days {zone}.")
    growth = f"{m.growth_pct_per_month:+.2f}% a month"
    if m.growth_ci_pct is not None:
        growth += f" (95% interval {m.growth_ci_pct[0]:+.2f} to {m.growth_ci_pct[1]:+.2f})"
    rows = [
        FigureRow("Queries a month", f"{m.queries_per_month:,.0f}",
                  f"{m.queries_per_day:,.1f} requests a day over the window x {DAYS_PER_MONTH}"),
        FigureRow("Input tokens per query", _tokens(m, "input"), f"over {m.requests:,.0f} requests"),
        FigureRow("Output tokens per query", _tokens(m, "output"), f"over {m.requests:,.0f} requests"),
        FigureRow("Monthly growth", growth, m.how("growth_pct_per_month")),
    ]
    if m.api_model is not None:
        rows.append(FigureRow("Model", m.api_model, m.how("api_model")))
    if m.peak_hour is not None and m.peak_to_average is not None:
        rows.append(FigureRow("Peak hour", f"{m.peak_hour:02d}:00, {m.peak_to_average:.2f}x the average hour",
                              "tokens in each hour of the day, averaged over the window"))
    rows.append(FigureRow("Days without traffic", f"{m.missing_days} of {m.days} ({m.missing_share:.0%})",
                          "calendar days of the window with no request"))
    volumes, label = _per_period(m)
    first, last = m.daily[0].date, m.daily[-1].date
    volume_label = f"{label}, {first} to {last}; highest {max(volumes):,.0f}"
    profile_line = profile_values = None
    if m.traffic_profile is not None:
        profile_line = sparkline(m.traffic_profile)
        profile_values = ", ".join(f"{h:02d}h {v:.2f}" for h, v in enumerate(m.traffic_profile))
    volume_svg = profile_svg = None
    if svg:
        from tune_or_prompt.memo.workload_chart import bars_svg

        volume_svg = bars_svg(volumes, label=f"{label.capitalize()}, {first} to {last}",
                              ticks_at=_date_ticks(m, len(volumes), label))
        if m.traffic_profile is not None:
            profile_svg = bars_svg(m.traffic_profile, label="Tokens per hour of the day over the average hour",
                                   ticks_at={h: f"{h:02d}h" for h in range(0, 24, 3)}, average_line=True)
    return WorkloadView(intro, m.columns_used, rows, sparkline(volumes), volume_label, profile_line, profile_values,
                        list(m.notes), volume_svg, profile_svg)


def _date_ticks(m: MeasuredWorkload, n: int, label: str) -> dict[int, str]:
    """Return a handful of bar positions labelled with their date (month-day)."""
    step = max(1, n // 6)
    per_week = label.endswith("week")
    ticks = {}
    for k in range(0, n, step):
        day = date.fromisoformat(m.daily[min(len(m.daily) - 1, k * 7 if per_week else k)].date)
        ticks[k] = day.strftime("%b %d")
    return ticks
