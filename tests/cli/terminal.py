"""The installed program in a pseudo-terminal, read through a terminal emulator (pyte).

pexpect runs the program in a pseudo-terminal; pyte keeps the screen it
draws, answers its cursor-position requests as a real terminal does (without
that, prompt_toolkit cannot tell how many rows it has), and lets a test ask
where on the screen a line is, not only whether it was printed.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CLEAR = "\x15"  # Ctrl-U: clear the pre-filled default
DOWN = "\x1b[B"


def program() -> Path:
    """The console script installed beside this interpreter (or on PATH)."""
    found = Path(sys.executable).parent / "tune-or-prompt"
    if found.exists():
        return found
    on_path = shutil.which("tune-or-prompt")
    assert on_path is not None, "the tune-or-prompt console script is not installed"
    return Path(on_path)


class Terminal:
    """``tune-or-prompt ARGS`` in a ``rows`` x ``columns`` terminal."""

    def __init__(self, args: list[str], cwd: Path, *, rows: int = 50, columns: int = 100) -> None:
        pexpect = pytest.importorskip("pexpect")
        pyte = pytest.importorskip("pyte")
        self._pexpect = pexpect
        child = pexpect.spawn(str(program()), args, cwd=str(cwd), encoding="utf-8", timeout=30,
                              dimensions=(rows, columns),
                              env={**os.environ, "TERM": "xterm", "NO_COLOR": "1"})

        class Screen(pyte.Screen):  # type: ignore[misc]
            def write_process_input(self, data: str) -> None:  # cursor-position reports go back
                child.send(data)

        self.child = child
        self.screen = Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)
        self.transcript = ""

    def lines(self) -> list[str]:
        """The screen, one string per row (trailing blanks removed)."""
        return [line.rstrip() for line in self.screen.display]

    def row_of(self, text: str) -> int:
        """The last row showing ``text``; -1 when none does."""
        return max((i for i, line in enumerate(self.lines()) if text in line), default=-1)

    def pump(self, seconds: float = 0.2) -> bool:
        """Read what the program drew for up to ``seconds``; False once it has exited."""
        try:
            data = self.child.read_nonblocking(size=65536, timeout=seconds)
        except self._pexpect.TIMEOUT:
            return True
        except self._pexpect.EOF:
            return False
        self.transcript += data
        self.stream.feed(data)
        return True

    def wait_for(self, check: Callable[[], Any], what: str, timeout: float = 30) -> Any:
        """Read until ``check()`` is truthy; fail naming ``what`` and showing the screen."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            found = check()
            if found:
                return found
            if not self.pump():
                found = check()
                if found:
                    return found
                break
        screen = "\n".join(self.lines())
        raise AssertionError(f"waited for {what}; the screen:\n{screen}")

    def wait_text(self, text: str, timeout: float = 30) -> int:
        """Wait until ``text`` is on the screen; return its row."""
        return int(self.wait_for(lambda: self.row_of(text) + 1, repr(text), timeout)) - 1

    def answer(self, prompt: str, keys: str) -> None:
        """Wait for the question ``prompt``, then type ``keys``."""
        self.wait_text(prompt)
        self.child.send(keys)

    def finish(self, timeout: float = 60) -> int:
        """Read until the program exits; return its exit code."""
        end = time.monotonic() + timeout
        while self.pump() and time.monotonic() < end:
            pass
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)
