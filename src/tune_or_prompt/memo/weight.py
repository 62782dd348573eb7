"""How much text a value stands for: the bound the sandbox keeps every template value under.

A list's length says little about its cost: ``[[0] * 100000] * 100000`` is
two short lists in memory, but printing it, joining it, comparing it or
``sum(start=[])`` over it does 10**10 steps inside C code, where no timer
can stop it. So the sandbox bounds a value's *weight*: about the length of
its printed form, every element counted each time it appears (a list
holding one list ten times weighs ten times that list), strings by their
length, integers by their digits. A value that weighs at most
:data:`~tune_or_prompt.memo.bounds.MAX_ITEMS` prints, compares, joins and
serialises in bounded time and memory.

:func:`weigh` walks a value without recursion and stops as soon as the
bound is passed, so weighing costs at most the bound's worth of steps, in
Python code the CPU timer can interrupt, however large the value claims to
be (a list that holds itself weighs more than any bound).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_SEQUENCES: tuple[type, ...] = (list, tuple, set, frozenset, type({}.keys()), type({}.values()), type({}.items()))


class Overweight(Exception):
    """A value weighs more than the bound it was measured against."""


@dataclass(frozen=True)
class Weight:
    """What :func:`weigh` found.

    Attributes:
        chars: The weight: about the characters of the value's printed form.
        items: Elements of every container, each counted as often as it appears.
        depth: The deepest nesting of containers (``[[1]]`` is 2).

    """

    chars: int
    items: int
    depth: int


def _scalar(value: Any) -> int:
    if isinstance(value, (str, bytes, bytearray)):
        return len(value) + 2
    if isinstance(value, int):
        return value.bit_length() // 3 + 1  # about its decimal digits
    if isinstance(value, float):
        return 24
    return 8  # None, a date, a macro: short to print


def weigh(value: Any, limit: int) -> Weight:
    """Return the weight of ``value``, or raise :class:`Overweight` once it passes ``limit``.

    Raises:
        Overweight: the value weighs more than ``limit``.

    """
    chars = items = depth = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    obj: Any
    while stack:
        obj, level = stack.pop()
        if isinstance(obj, dict):
            count = len(obj)
            children: Any = (*obj.keys(), *obj.values()) if count <= limit else ()
        elif isinstance(obj, _SEQUENCES):
            sequence: Any = obj
            count = len(sequence)
            children = sequence if count <= limit else ()
        else:
            chars += _scalar(obj)
            if chars > limit:
                raise Overweight(chars)
            continue
        chars += 2 + 2 * count  # brackets and separators
        items += count
        if chars > limit:
            raise Overweight(chars)
        if count:
            depth = max(depth, level + 1)
            stack.extend((child, level + 1) for child in children)
    return Weight(chars, items, depth)
