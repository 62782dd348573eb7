"""Where the built-in rule packs and memo templates live.

An installed wheel carries them inside the package (``_builtin/``, put there by
the build's force-include); a source checkout or an editable install finds them
at the repository root. One function answers both.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_dir(name: str) -> Path:
    """Return the directory of built-in ``rules`` or ``templates``."""
    installed = _PACKAGE_DIR / "_builtin" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"built-in {name!r} directory not found (looked in {installed} and {checkout})")
