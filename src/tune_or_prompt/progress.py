"""Progress of long computations, for whoever shows it: the core reports, the CLI draws the bar.

The core never prints. A long loop (the uncertainty draws) calls
:func:`advance` after each step; a caller that wants to show progress wraps
the call in :func:`reporting_to` with a callback. Without one, :func:`advance`
does nothing, so library users and tests see no output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Callback = Callable[[str, int, int], None]  # (what, done, total)

_callback: ContextVar[Callback | None] = ContextVar("tune_or_prompt_progress", default=None)


@contextmanager
def reporting_to(callback: Callback | None) -> Iterator[None]:
    """Send the progress of every computation run inside the block to ``callback`` (None: nowhere)."""
    token = _callback.set(callback)
    try:
        yield
    finally:
        _callback.reset(token)


def advance(what: str, done: int, total: int) -> None:
    """Report that ``done`` of ``total`` steps of ``what`` are finished."""
    callback = _callback.get()
    if callback is not None:
        callback(what, done, total)
