"""Ctrl-C and SIGTERM in the middle of a large read: a clean stop, the right exit status, nothing written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.workload.synthetic import SyntheticLog

# 2 million requests (the synthetic log has 103.8 x first_day): a read of a few seconds.
ROWS = 2_000_000


@pytest.fixture(scope="module")
def big_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return SyntheticLog(first_day=round(ROWS / 103.8)).write(tmp_path_factory.mktemp("big") / "requests.csv")


@pytest.mark.parametrize(("signum", "status", "said"), [(signal.SIGINT, 130, "interrupted"),
                                                        (signal.SIGTERM, 143, "terminated")])
def test_a_signal_during_the_read_stops_it_cleanly(big_log: Path, tmp_path: Path, signum: int, status: int,
                                                   said: str) -> None:
    out, spill = tmp_path / "answers.yaml", tmp_path / "tmp"
    spill.mkdir()
    child = subprocess.Popen([sys.executable, "-m", "tune_or_prompt", "workload", str(big_log), "-o", str(out)],
                             env={**os.environ, "TMPDIR": str(spill)}, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    # DuckDB's private spill folder appears when the read starts: signal a moment into the read.
    deadline = time.monotonic() + 60
    while not any(spill.iterdir()) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)
    assert child.poll() is None, "the read ended before the signal; make the log larger"
    child.send_signal(signum)
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == status, stderr
    assert stderr.strip().endswith(f"tune-or-prompt: {said}") and "Traceback" not in stderr
    assert "measured" not in stderr and stdout == ""
    assert not out.exists()
    assert list(spill.iterdir()) == []  # the spill folder is removed
