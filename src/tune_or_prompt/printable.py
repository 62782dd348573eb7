r"""Keep control characters out of what reaches a terminal or a document.

A workload name, a file name or a pack's text may hold a bell, an escape
sequence or a right-to-left override. Inputs refuse them where they can
(:mod:`tune_or_prompt.checks`); every text output escapes what is left, so
such a character shows as ``\x1b`` or ``\u202e`` rather than acting.
"""

from __future__ import annotations

import re
import shlex

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the
# bidirectional formatting characters (marks, embeddings, overrides, isolates).
_BIDI_AND_SEPARATORS = "\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
CONTROLS = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}]")
# The same, except newline and tab: what a multi-line text may keep.
CONTROLS_BUT_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}]")
# What a JSON writer leaves raw inside strings (it escapes the C0 controls itself).
_RAW_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI_AND_SEPARATORS}]")


def escape_char(char: str) -> str:
    r"""Return how a control character is shown: ``\x1b``, ``\u202e``."""
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, *, lines: bool = True) -> str:
    """Return ``text`` with every control character escaped (newlines and tabs kept when ``lines``)."""
    pattern = CONTROLS_BUT_LINES if lines else CONTROLS
    if pattern.search(text) is None:  # the usual case, without building a new string
        return text
    return pattern.sub(lambda m: escape_char(m.group()), text)


def json_visible(text: str) -> str:
    r"""Escape, as JSON ``\uXXXX`` escapes, the control characters JSON may carry raw.

    JSON writers escape the C0 controls themselves; DEL, the C1 controls and
    the bidirectional formatting characters may stay raw, and occur only inside
    strings, so escaping them keeps the values the same while the document no
    longer moves a terminal's cursor or reverses its text.
    """
    if _RAW_IN_JSON.search(text) is None:
        return text
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _ansi_c(arg: str) -> str:
    """Quote for bash's ``$'...'``, where escapes are the only way to type a control character."""
    out = []
    for char in arg:
        if char in "\\'":
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif CONTROLS.match(char):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "$'" + "".join(out) + "'"


def shell_join(args: list[str]) -> str:
    """Return ``args`` as a command line to copy and run, with no raw control character in it.

    Plain arguments are quoted as :func:`shlex.join` quotes them; one holding
    a control character is written in bash's ``$'...'`` form with escapes.
    """
    return " ".join(_ansi_c(a) if CONTROLS.search(a) else shlex.quote(a) for a in args)
