"""Atomic file writes: a memo is replaced whole or not at all.

The text goes to a temporary file in the target's own directory (so the final
``os.replace`` is a rename within one file system, atomic on POSIX and
Windows), is flushed to disk, and only then takes the target's name. Any
failure removes the temporary file and leaves an earlier memo untouched.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from tune_or_prompt.errors import UserError


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically, keeping an existing file's mode."""
    parent = path.parent
    if not parent.is_dir():
        raise UserError(f"cannot write {path}: directory {parent} does not exist")
    tmp = parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        # 0o666 before the umask: the mode a plain open() would give a new file,
        # where a tempfile's 0o600 would make the memo unreadable to colleagues.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
