"""A progress bar on standard error while DuckDB reads a large log.

DuckDB keeps count of a query's progress (``query_progress()``, 0-100, or -1
when it cannot tell); a thread polls it and, once a read has taken more than
:data:`DELAY` seconds, draws one line on standard error, redrawn in place and
wiped when the read ends. Nothing is drawn when standard error is not a
terminal (a pipe, a file, a CI log), so no output ever carries it.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import duckdb

DELAY = 2.0
POLL = 0.25
WIDTH = 30


def bar(percent: float, elapsed: float) -> str:
    """Return the progress line: ``reading the logs [#####.....]  52% 3 s``."""
    filled = round(WIDTH * min(max(percent, 0.0), 100.0) / 100)
    return f"tune-or-prompt: reading the logs [{'#' * filled}{'.' * (WIDTH - filled)}] {percent:3.0f}% {elapsed:,.0f} s"


@contextmanager
def progress(con: duckdb.DuckDBPyConnection, stream: TextIO | None = None,
             delay: float = DELAY) -> Iterator[None]:
    """Draw the progress of ``con``'s queries on ``stream`` (standard error) while the block runs."""
    out = stream if stream is not None else sys.stderr
    try:
        live = out.isatty()
    except (AttributeError, ValueError, OSError):
        live = False
    if not live:
        yield
        return
    done = threading.Event()
    drawn = [False]

    def poll() -> None:
        start = time.monotonic()
        while not done.wait(POLL):
            elapsed = time.monotonic() - start
            if elapsed < delay:
                continue
            try:
                percent = float(con.query_progress())
            except Exception:
                continue
            if percent >= 0:
                out.write("\r" + bar(percent, elapsed))
                out.flush()
                drawn[0] = True

    thread = threading.Thread(target=poll, name="tune-or-prompt-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        if drawn[0]:
            out.write("\r\033[K")
            out.flush()
