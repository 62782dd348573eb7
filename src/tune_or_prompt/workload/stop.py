"""Ctrl-C and SIGTERM during a read: DuckDB stops its query, then the signal goes on as it came.

DuckDB runs a query outside the interpreter and turns a Python exception
raised by a signal handler into a bare ``RuntimeError("Query interrupted")``,
so the caller could not tell Ctrl-C from SIGTERM (nor from a failed read).
:func:`stopping` installs, for the duration of a read, handlers that note the
signal and ask DuckDB to stop (``interrupt()``); once the read has unwound,
whatever it raised, the handlers that were there before are restored and the
signal raised again, so they act as they would have (the CLI exits 130 on
Ctrl-C, 143 on SIGTERM, after removing its temporary files).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _Stop(BaseException):
    """A signal arrived between two queries: unwind the read."""


@contextmanager
def stopping(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Stop ``con``'s query on SIGINT or SIGTERM, then raise the signal again for the earlier handler."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    before: dict[signal.Signals, Any] = {}

    def handler(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)
        con.interrupt()
        raise _Stop

    for signum in SIGNALS:
        previous = signal.getsignal(signum)
        if previous is signal.SIG_IGN:
            continue  # a signal the caller ignores stays ignored
        before[signum] = previous
        signal.signal(signum, handler)
    try:
        yield
    except BaseException:
        if not caught:
            raise
    finally:
        for signum, previous in before.items():
            signal.signal(signum, previous)
    if caught:
        signal.raise_signal(caught[0])
        raise KeyboardInterrupt  # the earlier handler returned: the read is stopped all the same
