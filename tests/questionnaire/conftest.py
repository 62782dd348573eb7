"""Drive the real questionary prompts in-process through a prompt_toolkit pipe."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from tune_or_prompt.questionnaire import Gathered, PromptIO, Questionnaire, gather
from tune_or_prompt.rules import load_packs

ASSETS = Path(__file__).parent.parent / "assets"
ACME = ASSETS / "packs" / "good_acme_policy.yaml"
EVERY_OPERATOR = ASSETS / "packs" / "good_every_operator.yaml"

ENTER = "\r"
CLEAR = "\x15"  # Ctrl-U: clear the pre-filled default
DOWN = "\x1b[B"
UP = "\x1b[A"
CTRL_C = "\x03"


def typed(text: str) -> str:
    """Keys that replace a text prompt's default with ``text`` and submit it."""
    return CLEAR + text + ENTER


@dataclass(frozen=True)
class Wait:
    """In a driver's keys: send nothing more until ``text`` is on screen (at most ``timeout`` s)."""

    text: str
    timeout: float = 20.0


class _Screen(io.StringIO):
    """The prompts' raw output, also rendered by a terminal emulator (pyte) at every flush."""

    def __init__(self, rows: int, columns: int) -> None:
        import pyte

        super().__init__()
        self.terminal = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.terminal)
        self.frames: list[list[str]] = []

    def write(self, text: str) -> int:
        self.stream.feed(text)
        return super().write(text)

    def flush(self) -> None:
        self.frames.append([line.rstrip() for line in self.terminal.display])


class Driver:
    """Runs a questionnaire with scripted keys; records the lines said and the screen.

    ``screen`` is the raw terminal output; ``frames`` holds the screen as a
    terminal showed it after each redraw, so a test can see what was on screen
    while a prompt waited, and where.
    """

    ROWS, COLUMNS = 30, 120

    def __init__(self) -> None:
        self.said: list[str] = []
        self.screen = _Screen(self.ROWS, self.COLUMNS)

    @property
    def frames(self) -> list[list[str]]:
        """The screen after each redraw, one string per row."""
        return self.screen.frames

    def seen(self, text: str) -> bool:
        """Whether ``text`` was on screen at some point."""
        return any(text in line for frame in self.frames for line in frame)

    def run(
        self,
        keys: str | Sequence[str | Wait],
        questionnaire: Questionnaire | None = None,
        given: dict[str, Any] | None = None,
        *,
        save_to: Path | None,
        pause: float = 0.3,
        **kwargs: Any,
    ) -> Gathered:
        """Send ``keys`` and gather: a list is sent chunk by chunk, ``pause`` s apart.

        A :class:`Wait` in the list holds the next chunk back until its text is
        on screen (a prompt has drawn its reason), however slow the machine.
        The input is closed after the last chunk, so a missing key ends the run
        (as end of input) instead of hanging the test.
        """
        chunks = [keys] if isinstance(keys, str) else list(keys)
        output = Vt100_Output(self.screen, lambda: Size(rows=self.ROWS, columns=self.COLUMNS), term="xterm")
        with create_pipe_input() as pipe:
            def feed() -> None:
                for n, chunk in enumerate(chunks):
                    if isinstance(chunk, Wait):
                        end = time.monotonic() + chunk.timeout
                        while not self.seen(chunk.text) and time.monotonic() < end:
                            time.sleep(0.02)
                        continue
                    if n and not isinstance(chunks[n - 1], Wait):
                        time.sleep(pause)
                    pipe.send_text(chunk)
                pipe.close()

            feeder = threading.Thread(target=feed, daemon=True)
            feeder.start()
            io_ = PromptIO(input=pipe, output=output, say=self.said.append)
            try:
                return gather(questionnaire or Questionnaire.build(), given or {}, interactive=True,
                              save_to=save_to, io=io_, **kwargs)
            finally:
                feeder.join(timeout=30)


@pytest.fixture
def driver() -> Driver:
    return Driver()


@pytest.fixture
def dummy_io() -> Iterator[Callable[[str], PromptIO]]:
    """A PromptIO factory over a pipe pre-loaded with keys (no screen kept)."""
    pipes = []

    def make(keys: str) -> PromptIO:
        cm = create_pipe_input()
        pipe = cm.__enter__()
        pipes.append(cm)
        pipe.send_text(keys)
        pipe.close()
        return PromptIO(input=pipe, output=DummyOutput(), say=lambda _: None)

    yield make
    for cm in pipes:
        cm.__exit__(None, None, None)


@pytest.fixture
def acme() -> Questionnaire:
    return Questionnaire.build(load_packs([ACME]))


@pytest.fixture
def every_operator() -> Questionnaire:
    return Questionnaire.build(load_packs([EVERY_OPERATOR]))
