"""The window a log covers: plausible times, the bulk of the log, and the buckets' real lengths.

A usage log's times lie between :data:`EARLIEST` (no LLM API usage log is
older) and the end of tomorrow (a log cannot hold the future; a day of slack
for time zones). Within that, the window is measured from the bulk of the
log: :func:`bulk` finds the stretch of hours holding most rows, so that one
stray time (a test row years before, a clock reset) is a bad row, counted and
reported, and never stretches the window (which would shrink the volume).

Bucketed usage: :func:`bucket_shape` takes each bucket's length from its end
when the log gives one (the OpenAI usage API's ``end_time``), otherwise from
the gap to the next bucket's start, capped at the buckets' width (the most
common length); a partial first or last bucket then counts for its real length.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

# No usage log of an LLM API is older than this (the first such APIs opened in 2020).
EARLIEST = datetime(2015, 1, 1)
# Hours of traffic more than a day apart split the log into stretches.
SPLIT = timedelta(days=1)
# A stretch within this of the bulk belongs to the log unless it holds a negligible share of the rows.
NEAR = timedelta(days=30)
NEGLIGIBLE = 0.01
HOUR = timedelta(hours=1)


def latest(now: datetime | None = None) -> datetime:
    """Return the first time no log can hold: midnight at the end of tomorrow, UTC."""
    today = (now or datetime.now(timezone.utc)).replace(tzinfo=None).date()
    return datetime.combine(today + timedelta(days=2), datetime.min.time())


def bulk(hours: Sequence[tuple[datetime, int]]) -> tuple[datetime, datetime] | None:
    """Return the bounds of the bulk of the log when some hours lie far outside it, else None.

    ``hours`` are the hours with good rows and their row counts. The hours
    split into stretches wherever more than a day passes without a row; the
    bulk starts as the stretch with the most rows and takes in its nearest
    neighbour while the gap to it is no longer than the bulk already spans,
    or is under :data:`NEAR` and the neighbour holds more than a negligible
    share of the bulk's rows (a quiet weekend, a weekly batch, a quiet month
    within half a year of traffic are all the log; one test row two years
    before three months of traffic, or three weeks after three days of it, is not).
    """
    if not hours:
        return None
    ordered = sorted(hours)
    stretches: list[list[tuple[datetime, int]]] = [[ordered[0]]]
    for prev, cur in itertools.pairwise(ordered):
        if cur[0] - prev[0] > SPLIT:
            stretches.append([])
        stretches[-1].append(cur)
    if len(stretches) == 1:
        return None
    rows = [sum(n for _, n in s) for s in stretches]
    k = max(range(len(stretches)), key=lambda j: rows[j])
    lo, hi = k, k
    while True:
        span = stretches[hi][-1][0] - stretches[lo][0][0]
        held = sum(rows[lo:hi + 1])
        options = []
        if lo > 0:
            options.append((stretches[lo][0][0] - stretches[lo - 1][-1][0], -1, rows[lo - 1]))
        if hi < len(stretches) - 1:
            options.append((stretches[hi + 1][0][0] - stretches[hi][-1][0], 1, rows[hi + 1]))
        near = [(gap, side) for gap, side, n in options
                if gap <= span or (gap <= NEAR and n > NEGLIGIBLE * held)]
        if not near:
            break
        _, side = min(near)
        lo, hi = (lo - 1, hi) if side < 0 else (lo, hi + 1)
    if lo == 0 and hi == len(stretches) - 1:
        return None
    return stretches[lo][0][0], stretches[hi][-1][0] + HOUR


@dataclass(frozen=True)
class Buckets:
    """The buckets of a bucketed log: their width, where the last ends, each one's start and length."""

    width: timedelta | None
    end: datetime
    spans: list[tuple[datetime, timedelta]]


def bucket_shape(times: Sequence[tuple[datetime, datetime | None]]) -> Buckets | None:
    """Return the buckets' width and lengths from their starts and (where given) ends.

    The width is the most common length of the buckets that give an end, else
    the most common gap between consecutive starts (the shorter on a tie). A
    bucket without an end lasts until the next start, at most the width.
    None for a single bucket without an end (its length cannot be known).
    """
    starts = sorted({t for t, _ in times})
    ends: dict[datetime, datetime] = {}
    for t, e in times:
        if e is not None and e > t:
            ends[t] = max(e, ends.get(t, e))
    lengths = [ends[t] - t for t in starts if t in ends]
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    pool = lengths or gaps
    if not pool:
        return None
    counts = Counter(pool)
    width = max(counts, key=lambda w: (counts[w], -w.total_seconds()))
    spans = []
    for k, t in enumerate(starts):
        if t in ends:
            spans.append((t, ends[t] - t))
        else:
            gap = starts[k + 1] - t if k + 1 < len(starts) else width
            spans.append((t, min(gap, width)))
    end = max(t + d for t, d in spans)
    return Buckets(width, end, spans)


def hour_coverage(start: datetime, end: datetime) -> list[float]:
    """Return how many hours of each hour of the day (0-23) the window from ``start`` to ``end`` holds."""
    cover = [0.0] * 24
    t = start
    while t < end:
        step = min(end, t.replace(minute=0, second=0, microsecond=0) + HOUR)
        cover[t.hour] += (step - t) / HOUR
        t = step
    return cover
