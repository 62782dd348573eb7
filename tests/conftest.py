"""Shared test set-up: a private price-index cache, so tests never touch ~/.cache."""

from __future__ import annotations

import os
import tempfile

import pytest

# Set before any test imports the pricing module, for the whole session.
os.environ.setdefault("TUNE_OR_PROMPT_CACHE_DIR", tempfile.mkdtemp(prefix="top-cache-"))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test marked ``durable_rules`` where that engine does not import, saying why."""
    if item.get_closest_marker("durable_rules") is None:
        return
    from tune_or_prompt.rules import ReferenceEngine, default_engine

    engine = default_engine()
    if isinstance(engine, ReferenceEngine):
        pytest.skip(f"needs durable_rules; the {engine.name}")


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    from tune_or_prompt.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the clock the default start month is read from, so model shutdowns fall in the same months."""
    from datetime import date

    from tune_or_prompt.pricing import lifecycle

    monkeypatch.setattr(lifecycle, "today", lambda: date(2026, 12, 7))
