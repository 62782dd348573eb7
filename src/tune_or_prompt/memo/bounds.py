"""What one operation of a house template may make: checked before it runs where it can be, and after.

The bounds themselves are described with the sandbox
(:mod:`~tune_or_prompt.memo.sandbox`); this module holds the arithmetic:
the sizes operators, methods and filters would make, predicted from their
arguments, and the checks of what they made.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import Any

from jinja2.exceptions import SecurityError

from tune_or_prompt.checks import check_percent_format
from tune_or_prompt.memo.weight import Overweight, Weight, weigh

MAX_ITEMS = 1_000_000
MAX_INT_BITS = 4_096

_SIZED = (str, bytes, bytearray, list, tuple, dict, set, frozenset)
_CONTAINERS = (list, tuple, dict, set, frozenset)
# Methods that turn a small value into a huge one with no argument to check cheaply.
UNAVAILABLE = frozenset({"translate", "maketrans", "to_bytes"})


def too_big(what: str) -> SecurityError:
    """Return the error that says ``what`` passed a bound."""
    return SecurityError(f"{what}: more than the sandbox allows a house template")


def weight_of(value: Any, what: str, limit: int = MAX_ITEMS) -> Weight:
    """Return the weight of ``value`` (see :mod:`.weight`), refusing it past ``limit``."""
    try:
        return weigh(value, limit)
    except Overweight:
        raise too_big(f"{what} holds more than {limit:,} characters or items in all "
                       "(each element counted as often as it appears)") from None


def check_size(value: Any, what: str) -> Any:
    """Return ``value`` if it is within the bounds: its length, an integer's bits, a container's weight."""
    if isinstance(value, _SIZED) and len(value) > MAX_ITEMS:
        raise too_big(f"{what} made {len(value):,} characters or items (at most {MAX_ITEMS:,})")
    if type(value) is int and value.bit_length() > MAX_INT_BITS:
        raise too_big(f"{what} made a {value.bit_length():,}-bit integer (at most {MAX_INT_BITS:,} bits)")
    if isinstance(value, _CONTAINERS):
        weight_of(value, what)
    return value


def materialise(values: Iterable[Any], what: str) -> list[Any]:
    """Return an iterator's items as a list, refusing them once they weigh more than the bound."""
    items: list[Any] = []
    total = 0
    for item in values:
        total += weight_of(item, what, MAX_ITEMS - total).chars + 2
        if total > MAX_ITEMS:
            raise too_big(f"{what} made more than {MAX_ITEMS:,} characters or items")
        items.append(item)
    return items


def _heaviest(values: Iterable[Any], what: str) -> int:
    return max((weight_of(v, what).chars for v in values), default=0)


def check_fields(fields: int, template_length: int, args: Iterable[Any], what: str) -> None:
    """Refuse a format whose fields, each filled with the heaviest argument, would pass the bound."""
    if fields and template_length + fields * _heaviest(args, what) > MAX_ITEMS:
        raise too_big(f"{what} with {fields:,} fields")


def _length(value: Any) -> int:
    return len(value) if isinstance(value, _SIZED) else 0


def _int(value: Any) -> int:
    return value if type(value) is int else 0


def predict_binop(op: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would pass the bounds, before computing it."""
    if op == "**" and type(left) is int and type(right) is int and right > 0 and abs(left) > 1:
        if right * left.bit_length() > MAX_INT_BITS:
            raise too_big(f"{left} ** {right} would be about {right * left.bit_length():,} bits")
    elif op == "*":
        if type(left) is int and type(right) is int:
            if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise too_big("an integer product of more than 4,096 bits")
        elif _length(left) * max(_int(right), 0) > MAX_ITEMS or _length(right) * max(_int(left), 0) > MAX_ITEMS:
            raise too_big("repeating a string or list")
    elif op == "+" and _length(left) + _length(right) > MAX_ITEMS:
        raise too_big("joining two strings or lists")
    elif op == "%" and isinstance(left, str):
        try:
            check_percent_format(left)
        except ValueError as exc:
            raise SecurityError(str(exc)) from None
        values = right.values() if isinstance(right, dict) else right if isinstance(right, tuple) else [right]
        check_fields(left.count("%"), len(left), values, "a % format")


def method_growth(obj: Any, name: str, args: tuple[Any, ...]) -> int:
    """How many characters or items a growing method of a string or container may leave behind."""
    size = _length(obj)
    if isinstance(obj, str):
        if name in ("center", "ljust", "rjust", "zfill") and args:
            return _int(args[0])
        if name == "expandtabs":
            return size * max(_int(args[0]) if args else 8, 1)
        if name == "replace" and len(args) >= 2:
            return size + (size + 1) * _length(args[1])
        if name == "join" and args:
            items = args[0]
            count = len(items) if isinstance(items, Sized) else 0
            return weight_of(items, "str.join()").chars + size * count if count else 0
    elif name in ("append", "insert", "add", "setdefault"):
        return size + 1
    elif name in ("extend", "update", "__iadd__", "__ior__") and args:
        return size + _length(args[0])
    return 0


# Filters that can make a large result from a small input, and the check run before each.
def _filter_center(value: Any, width: int = 80) -> None:
    if _int(width) > MAX_ITEMS:
        raise too_big(f"center to {width:,} characters")


def _filter_indent(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> None:
    lines = str(value).count("\n") + 1
    pad = len(width) if isinstance(width, str) else _int(width)
    if lines * pad > MAX_ITEMS:
        raise too_big("indenting")


def _filter_format(value: Any, *args: Any, **kwargs: Any) -> None:
    text = str(value)
    try:
        check_percent_format(text)
    except ValueError as exc:
        raise SecurityError(str(exc)) from None
    check_fields(text.count("%"), len(text), [*args, *kwargs.values()], "format")


def _filter_join(value: Any, d: Any = "", attribute: Any = None) -> None:
    if isinstance(value, Sized):
        if weight_of(value, "join").chars + len(str(d)) * len(value) > MAX_ITEMS:
            raise too_big("join with this separator")


def _filter_batch(value: Any, linecount: Any = 1, fill_with: Any = None) -> None:
    if _int(linecount) > MAX_ITEMS:
        raise too_big(f"batches of {linecount:,}")


def _filter_tojson(value: Any, indent: Any = None) -> None:
    found = weight_of(value, "tojson")
    step = len(indent) if isinstance(indent, str) else max(_int(indent), 0)
    # Non-ASCII characters and <>&' print as 6-character escapes; every item may start a line.
    if 6 * found.chars + found.items * (step * found.depth + 1) > 6 * MAX_ITEMS:
        raise too_big(f"tojson with an indent of {indent!r}")


def _filter_pprint(value: Any) -> None:
    found = weight_of(value, "pprint")
    # A line per item at most, each indented at most by the whole value's width.
    if found.chars * (found.items + 1) > 6 * MAX_ITEMS:
        raise too_big("pprint of a value this large (tojson prints it)")


def _filter_sum(value: Any, attribute: Any = None, start: Any = 0) -> None:
    if isinstance(start, (int, float)) or not isinstance(value, Sized):
        return
    # Adding lists or strings copies the running total at every step.
    steps = len(value) * (weight_of(start, "sum").chars + weight_of(value, "sum").chars)
    if steps > 100 * MAX_ITEMS:
        raise too_big(f"sum over {len(value):,} lists or strings")


def _filter_replace(value: Any, old: Any = "", new: Any = "", *args: Any) -> None:
    size = len(str(value))
    if size + (size + 1) * len(str(new)) > MAX_ITEMS:
        raise too_big("replacing text")


def _filter_slice(value: Any, slices: Any = 1, *args: Any) -> None:
    if _int(slices) > MAX_ITEMS:
        raise too_big(f"slicing into {slices:,} parts")


_FILTER_CHECKS: dict[str, Callable[..., None]] = {
    "center": _filter_center,
    "indent": _filter_indent,
    "format": _filter_format,
    "join": _filter_join,
    "batch": _filter_batch,
    "tojson": _filter_tojson,
    "pprint": _filter_pprint,
    "sum": _filter_sum,
    "replace": _filter_replace,
    "slice": _filter_slice,
}


def bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter: check its arguments where it can grow a value, and check what it returns."""
    check = _FILTER_CHECKS.get(name)
    passes = getattr(func, "jinja_pass_arg", None)

    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if check is not None:
            check(*(args[1:] if passes is not None else args), **kwargs)
        result = func(*args, **kwargs)
        if isinstance(result, Iterator):  # map, select, unique...: built here, within the bound
            return materialise(result, f"filter {name}")
        return check_size(result, f"filter {name}")

    return bounded
