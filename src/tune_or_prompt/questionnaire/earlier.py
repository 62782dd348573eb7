"""An answers file left by an earlier run: offer to resume it, or keep it and save beside it.

An interactive run records every answer as it is given, to
``tune-or-prompt-answers.yaml`` or ``--save-answers FILE``. When that file is
already there (an earlier run, perhaps interrupted) and this run did not start
from it with ``--answers``, overwriting it would lose those answers. So the
run offers to resume it; declined, or where it cannot be resumed (this run
has its own ``--answers``, or the file does not load), the earlier file is
kept as it is and this run saves under the next free name beside it
(``tune-or-prompt-answers-2.yaml``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tune_or_prompt.errors import UserError

# Numbered names tried beside a taken answers file before giving up.
MAX_NUMBERED = 999


@dataclass(frozen=True)
class Earlier:
    """An answers file this run would overwrite.

    Attributes:
        path: The file.
        answers: Its answers, checked against this run's questions; None when it does not load.
        problem: Why it does not load (empty when it does).

    """

    path: Path
    answers: dict[str, Any] | None
    problem: str = ""


def _same_file(a: Path, b: Path | None) -> bool:
    if b is None:
        return False
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def find_earlier(
    path: Path, started_from: Path | None, load: Callable[[Path], Mapping[str, Any]] | None
) -> Earlier | None:
    """Return the earlier answers at ``path``, or None when recording there loses nothing.

    Nothing is lost when ``path`` does not exist, when it is the file this run
    started from (``started_from``: every answer in it is among this run's), or
    when it holds no answer (a run stopped at its first question).

    Args:
        path: Where this run would record its answers.
        started_from: The ``--answers`` file of this run, if any.
        load: Reads an answers file against this run's questions (raises
            :class:`UserError`); None: the file is kept, never resumed.

    """
    if not os.path.lexists(path) or _same_file(path, started_from):
        return None
    if load is None:
        return Earlier(path, None, "it cannot be read here")
    try:
        answers = dict(load(path))
    except UserError as exc:
        return Earlier(path, None, exc.message)
    return Earlier(path, answers) if answers else None  # no answer in it: nothing to lose


def next_free(path: Path) -> Path:
    """Return ``path`` numbered (``name-2.yaml``, ``name-3.yaml``, ...) with the first number not taken.

    Raises:
        UserError: every number up to :data:`MAX_NUMBERED` is taken.

    """
    for number in range(2, MAX_NUMBERED + 1):
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        if not os.path.lexists(candidate):
            return candidate
    raise UserError(f"--save-answers: {path} and {MAX_NUMBERED - 1} numbered files beside it exist; "
                    "name a new file with --save-answers FILE")


def resume_question(earlier: Earlier, pending: int) -> str:
    """Return the yes/no question that offers to resume ``earlier`` (``pending`` still unanswered)."""
    count = len(earlier.answers or {})
    answers = f"{count} answer{'' if count == 1 else 's'} in {earlier.path} from an earlier run"
    if pending:
        return f"Resume the {answers} ({pending} question{'' if pending == 1 else 's'} left)?"
    return f"Reuse the {answers} (none left to ask)?"


def kept_note(earlier: Earlier, new_path: Path) -> str:
    """Return the line saying the earlier file is kept and where this run's answers go."""
    why = f" (it does not load: {earlier.problem})" if earlier.problem else ""
    return f"{earlier.path} is kept as it is{why}; this run's answers go to {new_path}."
