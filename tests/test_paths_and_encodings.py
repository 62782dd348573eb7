"""Odd paths and odd terminals end in one line or a correct run, never a traceback.

Two tables in the style of ``test_robustness.py``: :data:`PATHS` (names too
long for the file system, a working folder removed under the shell, a
folder that cannot be written) and :data:`ENCODINGS` (standard output and
error in ASCII or Latin-1). A path row checks the exit code, exactly one
``tune-or-prompt: error:`` line matching its pattern (or none), no
traceback, and nothing left behind but what a successful run writes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tune_or_prompt.cli import main
from tune_or_prompt.plaintext import HANDLER, fold, plain

TIMEOUT = 120
QUICK = ("--no-input", "--defaults", "--draws", "0", "--no-sensitivity")
LONG = "x" * 300  # longer than any file name a Linux file system holds (255 bytes)
DEEP = "d/" * 2100  # a path longer than PATH_MAX (4096)


@dataclass(frozen=True)
class PathCase:
    """One command line and what must come of it.

    Attributes:
        id: ``<family>-<what>``.
        args: The command line; ``{tmp}`` is filled in.
        exit: The exit code.
        error: A pattern the one error line must match (None: no error line).
        stderr: A pattern standard error must match besides the error line.
        setup: Prepares the run's folder; may return a folder to run in instead.
        left: The names the run's folder holds afterwards (None: as before).

    """

    id: str
    args: tuple[str, ...]
    exit: int = 2
    error: str | None = None
    stderr: str | None = None
    setup: Callable[[Path], Path | None] | None = field(default=None, compare=False)
    left: tuple[str, ...] | None = None


def _removed_folder(tmp: Path) -> Path:
    """A folder the run starts in, removed before the run (``cd x; rm -r ../x; tune-or-prompt ...``)."""
    gone = tmp / "gone"
    gone.mkdir()
    os.chdir(gone)
    gone.rmdir()
    return gone


def _pack(tmp: Path) -> None:
    (tmp / "house.yaml").write_text("pack: house\nrules: []\n")


PATHS = [
    PathCase("init-name-240-written", ("rules", "init", "a" * 240), exit=0,
             left=("a" * 240 + ".tests.yaml", "a" * 240 + ".yaml")),
    PathCase("init-name-250-too-long", ("rules", "init", "b" * 250),
             error=r"pack name of 250 characters: this folder's file names hold at most 244 before '\.tests\.yaml'"),
    PathCase("init-folder-path-too-long", ("rules", "init", "p", "--dir", DEEP),
             error=r"cannot write into d/d/.*File name too long"),
    PathCase("init-in-removed-folder", ("rules", "init", "p"), setup=_removed_folder,
             error=r"cannot write p\.yaml: No such file or directory",
             stderr=r"help: the current folder no longer exists"),
    PathCase("advise-output-in-removed-folder", ("advise", *QUICK, "-o", "memo.md"), setup=_removed_folder,
             error=r"the current folder no longer exists"),
    PathCase("advise-in-removed-folder-to-absolute-path", ("advise", *QUICK, "-o", "{tmp}/memo.md"),
             setup=_removed_folder, exit=0, left=("memo.chart.svg", "memo.md")),
    PathCase("rules-check-name-too-long", ("rules", "check", LONG), error=r"x{100}.*: File name too long"),
    PathCase("rules-test-path-too-long", ("rules", "test", f"{DEEP}house.yaml"), error=r"File name too long"),
    PathCase("advise-rules-name-too-long", ("advise", *QUICK, "--rules", LONG), error=r"File name too long"),
    PathCase("advise-templates-name-too-long", ("advise", *QUICK, "--templates", LONG),
             error=r"File name too long"),
    PathCase("advise-templates-path-too-long", ("advise", *QUICK, "--templates", DEEP),
             error=r"File name too long"),
    PathCase("rules-lint-path-too-long", ("rules", "lint", f"{DEEP}house.yaml"), error=r"File name too long"),
]


@pytest.mark.parametrize("case", PATHS, ids=[c.id for c in PATHS])
def test_odd_paths_end_in_one_line(case: PathCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # undone after the test, also when the run's folder was removed
    folder = case.setup(tmp_path) if case.setup is not None else None
    watched = tmp_path if folder is None or not folder.exists() else folder
    before = sorted(p.name for p in watched.iterdir())
    try:
        main([a.format(tmp=tmp_path) for a in case.args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()

    assert "Traceback" not in err, err
    assert code == case.exit, err
    errors = [line for line in err.splitlines() if line.startswith("tune-or-prompt: error:")]
    if case.error is None:
        assert errors == [], err
    else:
        assert len(errors) == 1, err
        assert re.search(case.error, errors[0]), errors[0]
        assert out == ""
    if case.stderr is not None:
        assert re.search(case.stderr, err), err
    after = sorted(p.name for p in watched.iterdir())
    assert after == sorted([*before, *(case.left or ())]), after  # no temporary file left


def test_a_read_only_folder_for_rules_init_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:
        # Root writes into any folder; make the file system answer as it does to anyone else.
        def refused(path: object, *args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied", str(path))

        monkeypatch.setattr("tune_or_prompt.rules.starter.open", refused, raising=False)
    with pytest.raises(SystemExit) as stop:
        main(["rules", "init", "house", "--dir", str(folder)])
    err = capsys.readouterr().err
    folder.chmod(0o755)
    assert stop.value.code == 2
    assert err == f"tune-or-prompt: error: cannot write {folder}/house.yaml: Permission denied\n"
    assert list(folder.iterdir()) == []


# -- encodings -------------------------------------------------------------------------------

def test_plain_characters_stand_in_for_what_a_stream_cannot_encode() -> None:
    assert plain("≥", "ascii") == ">="
    assert plain("☐", "latin-1") == "[ ]"
    assert plain("é", "ascii") == "e"  # its decomposition, accent dropped
    assert plain("中", "ascii") == "?"  # nothing plain to say it with
    assert fold("⚠️ **Applies here** — costs ≥ $5,000", "ascii") == "! **Applies here** - costs >= $5,000"
    assert fold("café — 5 ≤ 6", "latin-1") == "café - 5 <= 6"  # Latin-1 keeps its own é
    assert "a\ud800b".encode("utf-8", HANDLER) == b"a?b"  # a lone surrogate
    assert "caf\udce9 ≥".encode("ascii", HANDLER) == b"caf\xe9 >="  # a byte a file name held, written back


ENCODINGS = {
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "C-locale": {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": ""},
}
COMMANDS = {
    "advise": (("advise", "--defaults", "--no-input"), ("[ ] to do", "! **Applies here**")),
    "rules-list": (("rules", "list"), ("tasks_sharing_model >= 2", "moderate at tco_cost_ratio >= 1.2")),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("command", COMMANDS)
def test_an_ascii_or_latin1_terminal_gets_plain_characters(encoding: str, command: str, tmp_path: Path) -> None:
    args, expected = COMMANDS[command]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONUTF8", "LC_CTYPE")}
    env.update(ENCODINGS[encoding])
    if encoding == "C-locale":
        env["PYTHONUTF8"] = "0"  # no UTF-8 mode: the C locale's own encoding, ASCII
    done = subprocess.run([sys.executable, "-X", "utf8=0", "-m", "tune_or_prompt", *args], cwd=tmp_path,
                          capture_output=True, timeout=TIMEOUT, env=env, stdin=subprocess.DEVNULL)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, err[-3000:]
    assert "Traceback" not in err
    out = done.stdout.decode("latin-1" if encoding == "latin-1" else "ascii")  # fails on any other byte
    for text in expected:
        assert text in out
