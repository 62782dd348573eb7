"""Shared set-up of the web tests: a `serve` process on loopback, and the app in-process."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tune_or_prompt.web.setup import ServeSetup, load_setup


@dataclass
class Served:
    """A running `tune-or-prompt serve`: its process, address and what it printed."""

    process: subprocess.Popen[str]
    url: str
    lines: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.url.split("?", 1)[0]

    def stop(self) -> tuple[int, str]:
        """Send Ctrl-C; return the exit status and everything printed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=30)
        return code, "".join(self.lines)


def start_serve(*args: str, cwd: Path) -> Served:
    """Start `tune-or-prompt serve ARGS` in ``cwd``; return once it prints its address."""
    process = subprocess.Popen([sys.executable, "-m", "tune_or_prompt", "serve", *args], cwd=cwd,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "NO_COLOR": "1"})
    lines: list[str] = []
    found: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if " at http://" in line:
                found.put(line.split(" at ", 1)[1].strip())

    threading.Thread(target=pump, daemon=True).start()
    try:
        url = found.get(timeout=60)
    except queue.Empty:
        process.kill()
        raise AssertionError("serve printed no address: " + "".join(lines)) from None
    return Served(process, url, lines)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """`tune-or-prompt serve` with the built-in rules, in an empty folder."""
    server = start_serve(cwd=tmp_path)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def setup() -> ServeSetup:
    """The built-in rules and questions, loaded once."""
    return load_setup(rules=[])
