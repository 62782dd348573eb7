"""Previews from worker processes equal those computed in the server's process, and survive a dead worker."""

from __future__ import annotations

import os
import signal

from starlette.testclient import TestClient

from tune_or_prompt.web.app import create_app
from tune_or_prompt.web.setup import ServeSetup
from tune_or_prompt.web.workers import PreviewPool

LOCAL = "http://127.0.0.1:8000"


def test_worker_previews_equal_in_process_ones_and_a_dead_worker_is_survived(setup: ServeSetup) -> None:
    form = {"queries_per_month": "4,000,000", "growth_pct_per_month": "3"}
    alone = TestClient(create_app(setup), base_url=LOCAL).post("/preview", data=form).json()
    pool = PreviewPool(setup, 1)
    try:
        client = TestClient(create_app(setup, previews=pool), base_url=LOCAL)
        assert client.post("/preview", data=form).json() == alone
        for process in list(pool._pool._processes.values()):  # type: ignore[union-attr]
            os.kill(process.pid, signal.SIGKILL)
            process.join(timeout=30)
        assert client.post("/preview", data=form).json() == alone
    finally:
        pool.close()
