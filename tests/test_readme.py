"""Every command in the README runs as written.

Each line of every ```sh block runs, in document order, in one temporary
folder, with the ``tune-or-prompt`` installed beside this test's interpreter
first on PATH and no terminal on standard input; a non-zero exit fails. The
markers that steer it (HTML comments on the line before a block) are described
at the top of the README's source: ``readme-test: skip REASON`` leaves an sh
block out, ``readme-test: file PATH`` writes a block to PATH in the folder
before any command runs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"

_FENCE = re.compile(r"^(?P<indent>\s*)```(?P<lang>[\w-]*)\s*$")
_MARKER = re.compile(r"^\s*<!--\s*readme-test:\s*(?P<what>.*?)\s*-->\s*$")
_SHELLS = {"sh", "bash", "shell"}  # a console block is a transcript: shown, not run


@dataclass(frozen=True)
class Block:
    """A fenced block of the README: its language, the line its text starts on, the text, its marker."""

    lang: str
    line: int
    text: str
    marker: str


@dataclass(frozen=True)
class Command:
    """One shell command of an sh block, with the README line it starts on."""

    line: int
    text: str


def blocks(text: str) -> list[Block]:
    """Return the fenced blocks of ``text``, each with the marker on the line before its fence."""
    found: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if opening is None:
            i += 1
            continue
        fence, indent = i + 1, len(opening["indent"])  # fence: its 1-based line number
        previous = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
        marker = m["what"] if (m := _MARKER.match(previous)) else ""
        body: list[str] = []
        i += 1
        while i < len(lines) and not re.match(r"^\s*```\s*$", lines[i]):
            # A block inside a list item is indented with its fence; its lines lose that indent only.
            body.append(lines[i][indent:] if not lines[i][:indent].strip() else lines[i].lstrip())
            i += 1
        assert i < len(lines), f"README.md:{fence}: a fenced block is never closed"
        found.append(Block(opening["lang"], fence + 1, "\n".join(body) + "\n", marker))
        i += 1
    return found


def commands(block: Block) -> list[Command]:
    """Return the commands of an sh block: one a line, ``\\`` continuing a line, comments skipped."""
    found: list[Command] = []
    pending: list[str] = []
    start = 0
    for offset, line in enumerate(block.text.splitlines()):
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if not pending:
            start = block.line + offset
        if line.rstrip().endswith("\\"):
            pending.append(line.rstrip()[:-1])
            continue
        found.append(Command(start, " ".join([*pending, line]).strip()))
        pending = []
    return found


def _parse(marker: str) -> tuple[str, str]:
    kind, _, arg = marker.partition(" ")
    return kind, arg.strip()


ALL_BLOCKS = blocks(README.read_text(encoding="utf-8"))
RUN = [c for b in ALL_BLOCKS if b.lang in _SHELLS and not b.marker for c in commands(b)]


def test_markers_are_known_and_complete() -> None:
    for block in ALL_BLOCKS:
        if not block.marker:
            continue
        kind, arg = _parse(block.marker)
        where = f"README.md:{block.line - 1}"  # the fence; the marker is just above it
        assert kind in ("skip", "file"), f"{where}: unknown marker {block.marker!r} (skip REASON or file PATH)"
        assert arg, f"{where}: {kind} needs {'a reason' if kind == 'skip' else 'a path'}"
        if kind == "skip":
            assert block.lang in _SHELLS, f"{where}: skip marks sh blocks only"
        else:
            path = PurePosixPath(arg)
            assert not path.is_absolute() and ".." not in path.parts, f"{where}: {arg} must stay in the folder"


def test_the_readme_has_commands_to_run_and_uses_this_environments_program() -> None:
    assert len(RUN) >= 10, "the README's sh blocks were not found"
    found = shutil.which("tune-or-prompt", path=_env()["PATH"])
    assert found is not None and Path(found).parent == Path(sys.executable).parent


def _env() -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "NO_COLOR": "1"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the commands run in, holding every file the README shows."""
    root = tmp_path_factory.mktemp("readme")
    for block in ALL_BLOCKS:
        kind, arg = _parse(block.marker)
        if kind == "file":
            target = root / arg
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, encoding="utf-8")
    return root


@pytest.mark.parametrize("command", RUN, ids=[f"line {c.line}: {c.text[:60]}" for c in RUN])
def test_readme_command_runs_as_written(command: Command, folder: Path) -> None:
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command.text], cwd=folder, env=_env(),
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, (
        f"README.md:{command.line}: `{command.text}` exited {result.returncode}\n"
        f"--- stderr ---\n{result.stderr[-3000:]}\n--- stdout ---\n{result.stdout[-1500:]}"
    )
