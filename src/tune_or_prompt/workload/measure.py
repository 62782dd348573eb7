"""Measure the workload: one aggregating pass over the logs, then the figures from its small result.

DuckDB reads every file once and groups the rows four ways at the same time
(``GROUPING SETS``): by file and whether the row is good (counts, bad rows,
the window), by hour and model (volume per day, the 24-hour profile, the
models' shares), and by input and by output token count (histograms, from
which the exact P50 and P95 are read). Everything after that works on a few
thousand aggregated rows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tune_or_prompt.checks import MAX_TOKENS_PER_QUERY
from tune_or_prompt.errors import UserError
from tune_or_prompt.workload.fit import fit_growth
from tune_or_prompt.workload.model import (
    DAYS_PER_MONTH,
    GROWTH_RANGE_PCT,
    MIN_GROWTH_DAYS,
    BadRows,
    DayTotal,
    LeftOut,
    LogFile,
    LogFormat,
    MeasuredWorkload,
    ModelShare,
)
from tune_or_prompt.workload.progress import progress
from tune_or_prompt.workload.read import check_files, connect
from tune_or_prompt.workload.rows import EXCLUDED, FileRows, plan, union
from tune_or_prompt.workload.stop import stopping
from tune_or_prompt.workload.window import EARLIEST, Buckets, bucket_shape, bulk, hour_coverage, latest

if TYPE_CHECKING:
    import duckdb

# Above this share of bad rows the measurement fails unless the user accepts it.
BAD_ROW_LIMIT = 0.01
# Fewer days with traffic than this leaves growth unfitted even over four weeks.
MIN_FIT_DAYS = 14
UNNAMED_MODEL = "(no model named)"


@dataclass(frozen=True)
class LogOptions:
    """How to read the logs (the ``workload`` command's options).

    Attributes:
        log_format: Force one kind of log instead of detecting it.
        columns: Role -> column name, for columns the built-in names miss.
        tz: IANA time zone to count hours and days in (default: as the log writes them).
        allow_bad_rows: Measure even when more than 1% of the rows are bad.
        only: Role -> values: keep only the rows whose role has one of them
            (``--only status=success``); naming ``status`` replaces the default
            of leaving out the rows whose status says the request failed.

    """

    log_format: LogFormat | None = None
    columns: dict[str, str] = field(default_factory=dict)
    tz: str | None = None
    allow_bad_rows: bool = False
    only: dict[str, tuple[str, ...]] = field(default_factory=dict)


def check_tz(tz: str) -> str:
    """Return ``tz`` if it names an IANA time zone.

    Raises:
        UserError: unknown zone, with the closest names.

    """
    import difflib
    import zoneinfo

    zones = zoneinfo.available_timezones()
    if tz in zones:
        return tz
    close = difflib.get_close_matches(tz, sorted(zones), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(z) for z in close)}?" if close else ""
    raise UserError(f"--tz {tz!r}: unknown time zone{hint} (IANA names, e.g. Europe/Paris, UTC)")


def measure_logs(paths: Sequence[Path], options: LogOptions | None = None) -> MeasuredWorkload:
    """Read the usage logs in ``paths`` and return the workload they show.

    Raises:
        UserError: a file that cannot be read or recognised, mixed kinds of
            log, too many bad rows, no good row, or a window under one day.

    """
    import duckdb

    opts = options or LogOptions()
    tz = check_tz(opts.tz) if opts.tz is not None else None
    sources = check_files(paths)
    with connect(sources) as con, stopping(con):
        files = [plan(con, k, s, forced=opts.log_format, given=opts.columns, tz=tz, only=opts.only)
                 for k, s in enumerate(sources)]
        live = [f for f in files if f.select]
        if not live:
            raise UserError(f"{_names(files)}: no record to measure: every file is an empty page")
        kinds = {f.layout.log_format for f in live}
        if "buckets" in kinds and len(kinds) > 1:
            listing = "; ".join(f"{f.source.given}: {f.layout.log_format}" for f in live)
            raise UserError(f"the logs mix bucketed usage with request logs ({listing}); measure one kind "
                            "at a time or force one with --format")
        # Request logs of several known formats read together as requests.
        fmt: LogFormat = kinds.pop() if len(kinds) == 1 else "requests"
        try:
            with progress(con):
                bounds = (EARLIEST, latest())
                groups = _aggregate(con, files, fmt, bounds)
                narrower = bulk([(g["h"], g["rows"]) for g in groups["hours"]])
                if narrower is not None:
                    # Times far from the bulk of the log are bad rows: measure again without them.
                    bounds = narrower
                    groups = _aggregate(con, files, fmt, bounds)
                bad = any(g["c"] in (1, 2, 3) for g in groups["groups"])
                examples = _bad_examples(con, files, fmt, bounds) if bad else []
                buckets = bucket_shape(_bucket_times(con, files, fmt, bounds)) if fmt == "buckets" else None
        except duckdb.Error as exc:
            first = str(exc).strip().splitlines()[0]
            raise UserError(f"cannot read the logs: {first}") from None
    zone = tz or ("UTC" if all(f.zone == "UTC" for f in live) else "as written in the log")
    outside = bounds if narrower is not None else None
    return _figures(files, fmt, zone, groups, examples, buckets, opts.allow_bad_rows, outside)


# Largest counts in one row: a request's tokens (the answers' own range, checks.MAX_TOKENS_PER_QUERY),
# and a bucket's requests and tokens (a billion requests of that size).
MAX_REQUEST_TOKENS = MAX_TOKENS_PER_QUERY
MAX_BUCKET_REQUESTS = 1e9
MAX_BUCKET_TOKENS = MAX_BUCKET_REQUESTS * MAX_TOKENS_PER_QUERY


def _classified(files: Sequence[FileRows], fmt: LogFormat, bounds: tuple[datetime, datetime]) -> str:
    """Return the union's rows with ``c``, what each row is.

    0 good, 1 time unreadable, 2 time out of range, 3 bad count, or the code
    of why the row is left out on purpose (:data:`EXCLUDED`).
    """
    tokens, requests = ((MAX_BUCKET_TOKENS, MAX_BUCKET_REQUESTS) if fmt == "buckets"
                        else (MAX_REQUEST_TOKENS, 1.0))
    lo, hi = (f"TIMESTAMP '{b.isoformat(sep=' ')}'" for b in bounds)
    return f"""(SELECT *, CASE
            WHEN x <> 0 THEN x
            WHEN t IS NULL THEN 1
            WHEN NOT (t >= {lo} AND t < {hi}) OR (e IS NOT NULL AND NOT (e > t AND e <= {hi} + INTERVAL 1 DAY))
                THEN 2
            WHEN NOT coalesce(i BETWEEN 0 AND {tokens:g} AND o BETWEEN 0 AND {tokens:g}
                              AND n BETWEEN 0 AND {requests:g}, false) THEN 3
            ELSE 0 END AS c
        FROM {union(files)})"""


def _aggregate(con: duckdb.DuckDBPyConnection, files: Sequence[FileRows], fmt: LogFormat,
               bounds: tuple[datetime, datetime]) -> dict[str, list[dict[str, Any]]]:
    """Run the one pass and split its rows by what they group.

    The rows are read once (a common table expression DuckDB streams to each
    of its readers) and grouped by file, kind of row, hour and model (counts,
    window, days, hours and models: a few thousand groups); per-request logs
    also group the good rows by input and by output tokens (the histograms).
    Three plain aggregations each compute only what they need, which costs
    less than one ``GROUPING SETS`` computing every aggregate for every set.
    """
    hists = ""
    if fmt != "buckets":
        hists = """
            UNION ALL SELECT 1, NULL, NULL, NULL, NULL, gi, count(*), NULL, NULL, NULL, NULL, NULL
                FROM r WHERE c = 0 GROUP BY gi
            UNION ALL SELECT 2, NULL, NULL, NULL, NULL, go, count(*), NULL, NULL, NULL, NULL, NULL
                FROM r WHERE c = 0 GROUP BY go"""
    sql = f"""
        WITH r AS (
            SELECT f, c,
                   CASE WHEN c = 0 THEN n END AS gn, CASE WHEN c = 0 THEN i END AS gi,
                   CASE WHEN c = 0 THEN o END AS go, CASE WHEN c = 0 THEN t END AS gt,
                   CASE WHEN c = 0 THEN coalesce(e, t) END AS ge,
                   CASE WHEN c = 0 THEN date_trunc('hour', t) END AS h,
                   CASE WHEN c = 0 THEN m END AS m
            FROM {_classified(files, fmt, bounds)})
        SELECT 0 AS s, f, c, h, m, NULL AS v, count(*) AS rows, sum(gn) AS n, sum(gi) AS i, sum(go) AS o,
               min(gt) AS t0, max(ge) AS t1
            FROM r GROUP BY f, c, h, m{hists}
    """
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    out: dict[str, list[dict[str, Any]]] = {"groups": [], "hours": [], "input": [], "output": []}
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        if row["s"] == 0:
            out["groups"].append(row)
            if row["c"] == 0:
                out["hours"].append(row)
        elif row["v"] is not None:
            out["input" if row["s"] == 1 else "output"].append(row)
    return out


def _bad_examples(con: duckdb.DuckDBPyConnection, files: Sequence[FileRows], fmt: LogFormat,
                  bounds: tuple[datetime, datetime], limit: int = 3) -> list[str]:
    """Return a few bad rows' offending values, in words, for the message that reports them."""
    sql = f"""
        SELECT f, c, raw_t, raw_i, raw_o, raw_n FROM {_classified(files, fmt, bounds)}
        WHERE c IN (1, 2, 3) LIMIT {limit}
    """
    examples = []
    for f, c, raw_t, raw_i, raw_o, raw_n in con.execute(sql).fetchall():
        name = files[f].source.given
        if c in (1, 2):
            examples.append(f"{name}: timestamp {raw_t!r}")
        else:
            counts = {"input_tokens": raw_i, "output_tokens": raw_o, "requests": raw_n}
            shown = ", ".join(f"{k} {v!r}" for k, v in counts.items() if v is not None or k != "requests")
            examples.append(f"{name}: {shown}")
    return examples


def _bucket_times(con: duckdb.DuckDBPyConnection, files: Sequence[FileRows], fmt: LogFormat,
                  bounds: tuple[datetime, datetime]) -> list[tuple[datetime, datetime | None]]:
    """Return every good bucket's start and end (None where the log gives no end), by start."""
    sql = f"SELECT DISTINCT t, e FROM {_classified(files, fmt, bounds)} WHERE c = 0 ORDER BY t, e"
    return [(t, e) for t, e in con.execute(sql).fetchall()]


def _figures(files: Sequence[FileRows], fmt: LogFormat, zone: str, groups: dict[str, list[dict[str, Any]]],
             examples: list[str], buckets: Buckets | None, allow_bad: bool,
             bulk_bounds: tuple[datetime, datetime] | None) -> MeasuredWorkload:
    """Turn the aggregated groups into the measured workload, refusing what cannot be measured."""
    log_files, bad, left_out, good = _counts(files, groups["groups"], examples)
    total_rows = sum(f.rows for f in log_files)
    counted = total_rows - left_out.total
    why = _bad_words(bad, bulk_bounds)
    if not good:
        left = f"; {_left_out_words(left_out)}" if left_out.total else ""
        raise UserError(f"{_names(files)}: no usable row in {total_rows:,} "
                        f"({why}{left}{'; e.g. ' + '; '.join(examples) if examples else ''})")
    if bad.total and bad.total > BAD_ROW_LIMIT * counted and not allow_bad:
        raise UserError(f"{_names(files)}: {bad.total:,} of {counted:,} rows are bad "
                        f"({bad.total / counted:.1%}: {why}); e.g. {'; '.join(examples)}. "
                        "Fix them, or pass --allow-bad-rows to skip them")
    start = min(g["t0"] for g in good)
    if fmt == "buckets" and buckets is None:
        raise UserError(f"{_names(files)}: the log has a single bucket ({_stamp(start)}) and no bucket end; "
                        "at least a day of buckets is needed to measure a workload")
    end = buckets.end if buckets is not None else max(g["t1"] for g in good)
    window_days = (end - start).total_seconds() / 86_400
    if window_days < 1:
        raise UserError(f"{_names(files)}: the log covers {_span(end - start)} ({_stamp(start)} to "
                        f"{_stamp(end)}); at least one day is needed to measure a workload")
    requests = sum(g["n"] for g in good)
    if requests <= 0:
        raise UserError(f"{_names(files)}: the log counts no request")
    notes = _row_notes(bad, counted, bulk_bounds) + _left_out_notes(left_out)
    daily = _daily(groups["hours"], start, end)
    growth, ci, fitted = _growth(daily, start, end, window_days, notes)
    profile = _profile(groups["hours"], fmt, buckets, start, end, notes)
    models = _models(groups["hours"])
    p = {f"{side}_tokens_p{q}": _quantile(groups[side], q / 100) for side in ("input", "output") for q in (50, 95)}
    if fmt == "buckets":
        notes.append("bucketed usage gives totals only: tokens per query are means, without P50 or P95")
    missing = sum(1 for d in daily if d.requests == 0)
    if missing:
        notes.append(f"{missing} of {len(daily)} days in the window have no request "
                     f"({missing / len(daily):.0%}); the average counts them as days without traffic")
    named = [m for m in models if m.model != UNNAMED_MODEL]
    return MeasuredWorkload(
        files=log_files, log_format=fmt, time_zone=zone, window_start=_stamp(start), window_end=_stamp(end),
        window_days=window_days, rows=total_rows, bad=bad, left_out=left_out, requests=requests,
        queries_per_day=requests / window_days, queries_per_month=requests / window_days * DAYS_PER_MONTH,
        input_tokens=sum(g["i"] for g in good) / requests, output_tokens=sum(g["o"] for g in good) / requests,
        **p, growth_pct_per_month=growth, growth_ci_pct=ci, growth_days=fitted,
        api_model=named[0].model if named else None, models=models,
        traffic_profile=profile, peak_hour=_peak(profile), peak_to_average=max(profile) if profile else None,
        daily=daily, days=len(daily), missing_days=missing, notes=notes,
    )


def _counts(files: Sequence[FileRows], rows: list[dict[str, Any]],
            examples: list[str]) -> tuple[list[LogFile], BadRows, LeftOut, list[dict[str, Any]]]:
    per_file: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    bad = BadRows(examples=examples)
    left_out = LeftOut()
    good = []
    for g in rows:
        per_file[g["f"]][0] += g["rows"]
        if g["c"] == 0:
            good.append(g)
            continue
        if g["c"] in EXCLUDED:
            name = EXCLUDED[g["c"]]
            setattr(left_out, name, getattr(left_out, name) + g["rows"])
            continue
        per_file[g["f"]][1] += g["rows"]
        bad.total += g["rows"]
        if g["c"] == 1:
            bad.bad_timestamp += g["rows"]
        elif g["c"] == 2:
            bad.out_of_range += g["rows"]
        else:
            bad.bad_count += g["rows"]
    log_files = [LogFile(path=f.source.given, kind=f.source.kind,
                         columns=f.layout.columns, rows=per_file[k][0], bad_rows=per_file[k][1])
                 for k, f in enumerate(files)]
    return log_files, bad, left_out, good


def _names(files: Sequence[FileRows]) -> str:
    return ", ".join(f.source.given for f in files)


def _bad_words(bad: BadRows, bulk_bounds: tuple[datetime, datetime] | None = None) -> str:
    parts = []
    if bad.bad_timestamp:
        parts.append(f"{bad.bad_timestamp:,} with a timestamp that does not parse")
    if bad.out_of_range:
        where = (f"far outside the bulk of the log ({_stamp(bulk_bounds[0])} to {_stamp(bulk_bounds[1])}), "
                 if bulk_bounds is not None else "")
        parts.append(f"{bad.out_of_range:,} with a timestamp {where}before 2015 or after tomorrow "
                     "(or a bucket end before its start)")
    if bad.bad_count:
        parts.append(f"{bad.bad_count:,} with a count missing, not a number, negative or out of range")
    return " and ".join(parts) or "none bad"


def _row_notes(bad: BadRows, total: int, bulk_bounds: tuple[datetime, datetime] | None) -> list[str]:
    if not bad.total:
        return []
    return [f"{bad.total:,} of {total:,} rows skipped ({bad.total / total:.2%}): {_bad_words(bad, bulk_bounds)}"]


def _left_out_words(left: LeftOut) -> str:
    parts = []
    if left.failed:
        parts.append(f"{_count(left.failed, 'failed request')} (their status says so)")
    if left.only:
        parts.append(f"{_count(left.only, 'row')} --only does not keep")
    if left.not_generation:
        n = left.not_generation
        parts.append(f"{n:,} {'observation' if n == 1 else 'observations'} other than model calls (spans, events)")
    return ", ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _left_out_notes(left: LeftOut) -> list[str]:
    return [f"left out, not counted as requests: {_left_out_words(left)}"] if left.total else []


def _stamp(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M")


def _span(d: timedelta) -> str:
    hours = d.total_seconds() / 3600
    return f"{hours:.1f} hours" if hours >= 1 else f"{d.total_seconds() / 60:.0f} minutes"


def _daily(hours: list[dict[str, Any]], start: datetime, end: datetime) -> list[DayTotal]:
    """Return the requests on every calendar day from the first to the last, zero where none."""
    per_day: dict[date, float] = defaultdict(float)
    for g in hours:
        per_day[g["h"].date()] += g["n"]
    first = start.date()
    # The window's end is exclusive for buckets (it is the next bucket's start).
    last = (end - timedelta(microseconds=1)).date() if end > start else first
    return [DayTotal(date=(first + timedelta(days=k)).isoformat(),
                     requests=per_day.get(first + timedelta(days=k), 0.0))
            for k in range((last - first).days + 1)]


def _growth(daily: list[DayTotal], start: datetime, end: datetime, window_days: float,
            notes: list[str]) -> tuple[float, tuple[float, float] | None, int]:
    """Fit growth over the complete days with traffic; 0 with a note when the window is too short."""
    if window_days < MIN_GROWTH_DAYS:
        notes.append(f"growth not measured: the window is under four weeks ({window_days:.1f} days); "
                     "0 assumed")
        return 0.0, None, 0
    midnight = datetime.min.time()
    first_full = start.time() == midnight
    last_full = end.time() == midnight
    days = [(k, d.requests) for k, d in enumerate(daily)
            if d.requests > 0 and (k > 0 or first_full) and (k < len(daily) - 1 or last_full)]
    if len(days) < MIN_FIT_DAYS:
        notes.append(f"growth not measured: only {len(days)} complete days have traffic; 0 assumed")
        return 0.0, None, 0
    fit = fit_growth([float(k) for k, _ in days], [n for _, n in days])
    low, high = GROWTH_RANGE_PCT
    if not low <= fit.pct_per_month <= high:
        notes.append(f"fitted growth {fit.pct_per_month:+.1f}%/month is outside {low:g} to {high:g}; "
                     "the answer is clamped to that range")
    return fit.pct_per_month, (fit.low_pct, fit.high_pct), fit.days


def _profile(hours: list[dict[str, Any]], fmt: LogFormat, buckets: Buckets | None, start: datetime,
             end: datetime, notes: list[str]) -> list[float] | None:
    """Tokens in each hour of the day over the average hour (24 values averaging 1).

    For buckets each hour of the day's tokens are divided by the time the
    window holds of that hour, so a partial first or last bucket weighs for
    its real length.
    """
    if fmt == "buckets" and (buckets is None or buckets.width is None or buckets.width > timedelta(hours=1)):
        width = buckets.width if buckets is not None else None
        wide = f"{width.total_seconds() / 3600:g} hours" if width is not None else "of unknown"
        notes.append(f"no 24-hour profile: the buckets are {wide} wide, so the log does not show the hours")
        return None
    tokens = [0.0] * 24
    for g in hours:
        tokens[g["h"].hour] += g["i"] + g["o"]
    if fmt == "buckets":
        cover = hour_coverage(start, end)
        tokens = [t / c if c > 0 else 0.0 for t, c in zip(tokens, cover, strict=True)]
    total = sum(tokens)
    if total <= 0:
        notes.append("no 24-hour profile: the log has no tokens")
        return None
    return [t * 24 / total for t in tokens]


def _peak(profile: list[float] | None) -> int | None:
    return None if profile is None else max(range(24), key=lambda h: (profile[h], -h))


def _models(hours: list[dict[str, Any]]) -> list[ModelShare]:
    """Each model's tokens and share, largest first (rows without a model under one name)."""
    tokens: dict[str, float] = defaultdict(float)
    for g in hours:
        # The model as written, trimmed here on a few groups rather than in the read on every row.
        tokens[(g["m"] or "").strip() or UNNAMED_MODEL] += g["i"] + g["o"]
    total = sum(tokens.values())
    if set(tokens) <= {UNNAMED_MODEL}:
        return []
    ranked = sorted(tokens.items(), key=lambda kv: (-kv[1], kv[0]))
    return [ModelShare(model=m, tokens=t, share=t / total if total else 0.0) for m, t in ranked]


def _quantile(histogram: list[dict[str, Any]], q: float) -> float | None:
    """Return the value at sorted position floor((N - 1) q) of a histogram (DuckDB's ``quantile_disc``)."""
    if not histogram:
        return None
    counts = sorted((g["v"], g["rows"]) for g in histogram)
    total = sum(c for _, c in counts)
    position = math.floor((total - 1) * q)
    seen = 0
    for value, count in counts:
        seen += count
        if seen > position:
            return float(value)
    return float(counts[-1][0])
