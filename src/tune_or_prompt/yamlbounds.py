"""The bounds on reading a YAML (or JSON) user file: nesting depth and values after aliases.

ruamel's parser is pure Python: its scanner does work in proportion to the
nesting depth for every token, and its round-trip data shares one node among
all uses of an alias, which a plain copy repeats. These bound both, so a
small hostile file (10,000 ``[``, a "billion laughs" of aliases) is an error
in milliseconds rather than minutes and gigabytes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from tune_or_prompt.errors import Location, Problem, UserError

MAX_DEPTH = 64  # nested mappings and lists; a deep pack condition uses a dozen
MAX_VALUES = 100_000  # values after expanding aliases (a few-KB "billion laughs" file has billions)


class TooBig(Exception):
    """The data passed a bound: the message says which, ``loc`` says where."""

    def __init__(self, message: str, loc: tuple[int | str, ...]) -> None:
        super().__init__(message)
        self.loc = loc


class Plain:
    """Turn ruamel's round-trip nodes into plain dicts and lists, within a depth and a size budget.

    YAML aliases share one node, but the plain copy repeats it at every alias:
    nine levels of nine aliases make 387 million values from a few hundred
    bytes. Counting every value copied bounds the work however the aliases nest.
    """

    def __init__(self) -> None:
        self.values = 0

    def __call__(self, node: Any, loc: tuple[int | str, ...] = ()) -> Any:
        """Return ``node`` (at ``loc``) as plain data; raise :class:`TooBig` past a bound."""
        self.values += 1
        if self.values > MAX_VALUES:
            raise TooBig(f"more than {MAX_VALUES:,} values (counting each use of a YAML alias)", loc)
        if isinstance(node, (dict, list)) and len(loc) >= MAX_DEPTH:
            raise TooBig(f"nested more than {MAX_DEPTH} levels deep", loc)
        if isinstance(node, dict):
            return {str(k): self(v, (*loc, str(k))) for k, v in node.items()}
        if isinstance(node, list):
            return [self(v, (*loc, i)) for i, v in enumerate(node)]
        # ruamel's scalar subclasses (ScalarFloat, ScalarInt, ScalarBoolean, ...) become plain values.
        if isinstance(node, bool) or type(node).__name__ == "ScalarBoolean":
            return bool(node)
        if isinstance(node, int):
            return int(node)
        if isinstance(node, float):
            return float(node)
        if isinstance(node, str):
            return str(node)
        return node


# Python frames ruamel may use beyond the caller's: its composer recurses about
# two frames per level, so this admits some 150 levels, well past MAX_DEPTH.
_PARSER_FRAMES = 300


@contextmanager
def parser_depth() -> Iterator[None]:
    """Let ruamel recurse only so far while it parses.

    Its scanner does work proportional to the nesting depth for every token,
    so 2,000 nested ``[`` took 20 s before Python's own recursion limit
    stopped it; a lower limit stops it while the work is still small.
    """
    depth = 0
    frame: FrameType | None = sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(min(old, depth + _PARSER_FRAMES))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


_BRACKETS = re.compile(r"[\[\]{}]")


def check_flow_depth(text: str, path: Path, what: str) -> None:
    """Refuse ``[`` and ``{`` nested deeper than :data:`MAX_DEPTH` before ruamel reads them.

    ruamel's scanner reads far ahead of its parser, so the recursion limit
    alone comes too late. Brackets inside quoted text are counted too; only
    dozens left unclosed could make a false alarm.
    """
    depth = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                where = Location(str(path), line, column)
                problem = Problem(f"nested more than {MAX_DEPTH} levels deep", where)
                raise UserError(f"{path}: {what} is nested too deeply", [problem])
        elif depth:
            depth -= 1
