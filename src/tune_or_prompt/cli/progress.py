"""The draws' progress bar: on a terminal only, and only for runs long enough to need one."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from tune_or_prompt.progress import reporting_to

# Fewer draws take a second or two: no bar.
PROGRESS_FROM = 200_000
_WIDTH = 30


class _Bar:
    """A one-line bar, redrawn when the whole percentage changes."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = -1

    def show(self, what: str, done: int, total: int) -> None:
        percent = 100 * done // total
        if percent == self.shown:
            return
        self.shown = percent
        filled = _WIDTH * done // total
        self.stream.write(f"\r{what} [{'#' * filled}{'.' * (_WIDTH - filled)}] {done:,} of {total:,} ({percent}%)")
        self.stream.flush()

    def clear(self) -> None:
        if self.shown >= 0:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


@contextmanager
def draws_progress(draws: int, stream: TextIO | None = None) -> Iterator[None]:
    """Show how many of ``draws`` are priced on ``stream`` (standard error), if it is a terminal.

    Nothing is shown under :data:`PROGRESS_FROM` draws, or when the stream is
    a file or a pipe (a CI log gets no carriage returns). The bar's line is
    cleared when the block ends, however it ends.
    """
    out = sys.stderr if stream is None else stream
    try:
        terminal = out.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if draws < PROGRESS_FROM or not terminal:
        yield
        return
    bar = _Bar(out)
    try:
        with reporting_to(bar.show):
            yield
    finally:
        try:
            bar.clear()
        except OSError:
            pass
