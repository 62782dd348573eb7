"""Text for a terminal or pipe that cannot show every character.

Files are always written UTF-8. Standard output and standard error take the
encoding of the terminal or of ``PYTHONIOENCODING`` (ASCII under some CI
runners and containers, Latin-1 on old terminals), and the memo's "—", "☐"
and "⚠️" or the rule list's "≥" are outside it. :func:`plain_streams` gives
both streams an error handler that writes such a character in plain
characters from :data:`PLAIN` ("≥" as ">=", "☐" as "[ ]"), or failing that
its compatibility decomposition ("é" as "e"), or "?" — never a traceback.
A byte the file system gave undecoded is written back as that byte.
"""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata

HANDLER = "tune-or-prompt-plain"

# What each character the program writes itself becomes where it cannot be shown.
PLAIN = {
    "\u2014": "-",  # — em dash
    "\u2013": "-",  # – en dash
    "\u2212": "-",  # − minus
    "\u2265": ">=",  # ≥
    "\u2264": "<=",  # ≤
    "\u2260": "!=",  # ≠
    "\u00b1": "+/-",  # ±
    "\u00d7": "x",  # ×
    "\u2192": "->",  # →
    "\u2190": "<-",  # ←
    "\u2026": "...",  # …
    "\u00b7": ".",  # ·
    "\u2022": "*",  # •
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u00a0": " ",  # no-break space
    "\u2610": "[ ]",  # ☐ ballot box
    "\u2705": "[x]",  # ✅
    "\u274c": "[-]",  # ❌
    "\u2754": "[?]",  # ❔
    "\u26a0": "!",  # ⚠ warning sign
    "\ufe0f": "",  # variation selector-16 (emoji presentation): nothing to show
    "\ufe0e": "",  # variation selector-15 (text presentation)
    "\u2581": "_",  # the workload sparkline's eight bar heights, lowest to highest
    "\u2582": "_",
    "\u2583": ".",
    "\u2584": ".",
    "\u2585": "-",
    "\u2586": "=",
    "\u2587": "#",
    "\u2588": "#",
}


def plain(char: str, encoding: str) -> str:
    """Return ``char`` in characters ``encoding`` can write: the table, its decomposition, or "?"."""
    if char in PLAIN:
        return PLAIN[char]
    decomposed = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if decomposed and decomposed != char:
        try:
            decomposed.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            pass
        else:
            return decomposed
    return "?"


def _handle(exc: UnicodeError) -> tuple[str | bytes, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    char = exc.object[exc.start]
    if "\udc80" <= char <= "\udcff":
        # A byte the file system gave undecoded (a file name under the C locale):
        # written back as that byte, as Python's "surrogateescape" writes it.
        return bytes([ord(char) - 0xDC00]), exc.start + 1
    return plain(char, exc.encoding), exc.start + 1


codecs.register_error(HANDLER, _handle)


def fold(text: str, encoding: str) -> str:
    """Return ``text`` with what ``encoding`` cannot write replaced as a stream would replace it.

    A table measures its cells before they are written: folding them first
    keeps its columns aligned where "≥" becomes the two characters ">=".
    """
    try:
        return text.encode(encoding, HANDLER).decode(encoding)
    except LookupError:  # an encoding Python does not know: the stream itself would have failed to open
        return text


_DEFAULT_HANDLERS = ("strict", "backslashreplace", "surrogateescape")


def plain_streams() -> None:
    """Make standard output and error fall back to plain characters rather than fail on one."""
    for stream in (sys.stdout, sys.stderr):
        # "strict" is standard output's default, "backslashreplace" standard error's,
        # "surrogateescape" both's under the C locale; one the user chose
        # (PYTHONIOENCODING=ascii:replace) is kept.
        if isinstance(stream, io.TextIOWrapper) and stream.errors in _DEFAULT_HANDLERS:
            try:
                stream.reconfigure(errors=HANDLER)
            except (ValueError, OSError):  # a closed or detached stream: nothing to reconfigure
                pass
