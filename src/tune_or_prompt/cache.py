"""Where tune-or-prompt keeps what it can rebuild: the price index and compiled templates.

``$TUNE_OR_PROMPT_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/tune-or-prompt``,
else ``~/.cache/tune-or-prompt``. Everything here is derived data: deleting the
folder only costs the next run some time, and an unwritable one is skipped.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """Return the cache folder (it may not exist yet)."""
    own = os.environ.get("TUNE_OR_PROMPT_CACHE_DIR")
    if own:
        return Path(own)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "tune-or-prompt"


def ensure_cache_dir(sub: str = "") -> Path | None:
    """Return ``cache_dir() / sub``, created; None when it cannot be created."""
    path = cache_dir() / sub if sub else cache_dir()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path
