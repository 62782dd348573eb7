"""Previews computed in worker processes (``serve --workers N``), for a machine with idle cores.

A preview is CPU work in Python and numpy: in threads, previews take turns
on one core (the interpreter lock); in processes they can use several. Each
hand-over between processes costs wake-ups, though, and on a machine whose
cores are busy with other work the threads measured faster, so they are the
default. Each worker loads the same rule packs as the server, from the same
paths, when it starts, then prices and decides the answers it is sent with
:func:`~.preview.preview_data`. Workers ignore Ctrl-C: stopping is the
server's to do, and it shuts them down.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from tune_or_prompt.errors import UserError
from tune_or_prompt.web.setup import ServeSetup

_setup: list[ServeSetup] = []  # the worker's own setup, loaded once when it starts


def _start(rules: tuple[Path, ...], no_builtin_rules: bool, preview_draws: int) -> None:
    import dataclasses

    from tune_or_prompt.web.setup import load_setup

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    setup = load_setup(rules=list(rules), no_builtin_rules=no_builtin_rules)
    _setup.append(dataclasses.replace(setup, preview_draws=preview_draws))


def _preview(values: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    from tune_or_prompt.web.preview import preview_data

    try:
        return preview_data(_setup[0], values), None
    except UserError as exc:  # sent back as text: the exception's own fields need not cross processes
        return None, exc.render()


def _ready() -> bool:
    return bool(_setup)


class PreviewPool:
    """A pool of preview workers for one server."""

    def __init__(self, setup: ServeSetup, workers: int) -> None:
        self._pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start,
            initargs=(setup.rules, setup.no_builtin_rules, setup.preview_draws),
        )
        for _ in range(workers):  # start them now, not at the first preview
            self._pool.submit(_ready)

    async def preview(self, values: Mapping[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
        """Return the preview of ``values``, or why the answers do not make a valid set."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, _preview, dict(values))

    def close(self) -> None:
        """Stop the workers (previews still queued are dropped)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
