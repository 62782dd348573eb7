"""How the commands print rich tables: identifiers whole, piped rows on one line.

Left to itself, rich fits a table to the terminal by wrapping cells and, as a
last resort, cutting them short with an ellipsis. That breaks identifiers
mid-word (``volume-bel`` / ``ow-1m-tokens``), so ``rules list | grep ID`` or
``prices claude | grep sonnet`` finds nothing. Two rules avoid it:

* When standard output is not a terminal (a pipe, a file), nothing is fitted:
  every row is printed whole, on one line, as wide as it needs.
* In a terminal, columns added with ``no_wrap=True`` are identifier columns:
  they keep their full width. The other columns share what is left, each
  narrowed no further than its longest word, so no word of any cell is broken
  either. When even that is wider than the terminal, a table would be cut
  mid-word by the terminal's own line wrapping; it is printed as records
  instead, one block per row ("rule: volume-below-1m-tokens", then
  "  pack: decision-tree" ...), wrapped between words.

Also the cell formats the tables share (:func:`usd`, :func:`price`) and ``--format json``'s :func:`to_json`.
"""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.measure import Measurement
from rich.table import Column, Table
from rich.text import Text

from tune_or_prompt.plaintext import fold

# Width of a console writing to a pipe or a file: no row is ever that long.
PIPE_WIDTH = 100_000


def usd(x: float | None) -> str:
    """Format USD with thousands separators and cents, a minus sign before the dollar ("-" when absent)."""
    if x is None:
        return "-"
    return f"-${-x:,.2f}" if x < 0 else f"${x:,.2f}"


def price(x: float | None) -> str:
    """Format a unit price in USD with every digit it has, at least cents: $0.075, $0.0375, $2.50 ("-" when absent).

    Prices per million tokens go to fractions of a cent ($0.075 for Gemini
    1.5 Flash input); rounding one to cents would show another price. Six
    decimals cover every catalogued price; beyond that the figure is rounded.
    """
    if x is None:
        return "-"
    text = f"{abs(x):,.6f}".rstrip("0")
    whole, _, cents = text.partition(".")
    text = f"{whole}.{cents.ljust(2, '0')}"
    return f"-${text}" if x < 0 else f"${text}"


def to_json(data: Any) -> str:
    """Pretty JSON, for ``--format json``."""
    return json.dumps(data, indent=2)


class _Console(Console):
    """A console that folds text to plain characters when its stream's encoding cannot show them.

    rich draws ASCII borders for such a stream by itself; the cells are folded
    here (see :mod:`tune_or_prompt.plaintext`) before they are measured, so the
    columns stay aligned.
    """

    def render_str(self, text: str, **kwargs: Any) -> Text:
        """Turn ``text`` into rich Text, folded to what the stream can show."""
        if not self.encoding.startswith("utf"):
            text = fold(text, self.encoding)
        return super().render_str(text, **kwargs)


def console(*, stderr: bool = False) -> Console:
    """Return a console for standard output (or error): fitted in a terminal, unbounded elsewhere."""
    con = _Console(highlight=False, soft_wrap=False, stderr=stderr)
    if con.is_terminal:
        return con
    return _Console(highlight=False, soft_wrap=True, stderr=stderr, width=PIPE_WIDTH)


def _content_widths(con: Console, column: Column) -> tuple[int, int]:
    """Return (longest word, widest line) over a column's header and cells, padding excluded."""
    options = con.options.update_width(PIPE_WIDTH)
    floor = natural = 1
    for cell in (column.header, *column.cells):
        measured = Measurement.get(con, options, cell)
        floor, natural = max(floor, measured.minimum), max(natural, measured.maximum)
    return floor, natural


def _level(floors: list[int], naturals: list[int], room: int) -> list[int]:
    """Widths within ``room``: each column at min(natural, level), never under its floor.

    The level is the highest one that fits (rich narrows the widest columns
    first the same way); the caller has checked that the floors fit.
    """
    def widths(level: int) -> list[int]:
        return [max(f, min(n, level)) for f, n in zip(floors, naturals, strict=True)]

    low, high = 0, max(naturals)
    while low < high:  # the highest level whose widths fit
        mid = (low + high + 1) // 2
        if sum(widths(mid)) <= room:
            low = mid
        else:
            high = mid - 1
    return widths(low)


def fit(con: Console, table: Table) -> int:
    """Fix the widths of ``table``'s wrapping columns for ``con``; return the width it needs.

    Identifier columns (``no_wrap``) keep their natural width; the others are
    levelled into the space left, each at least as wide as its longest word.
    The result is at least the console's width when the table needs narrowing.
    """
    _, right, _, left = table.padding
    padding = (left + right) * len(table.columns)
    edges = (2 if table.box and table.show_edge else 0) + (len(table.columns) - 1 if table.box else 0)
    measured = [_content_widths(con, c) for c in table.columns]
    fixed = sum(n for c, (_, n) in zip(table.columns, measured, strict=True) if c.no_wrap)
    wrapping = [(c, f, n) for c, (f, n) in zip(table.columns, measured, strict=True) if not c.no_wrap]
    natural = edges + padding + fixed + sum(n for _, _, n in wrapping)
    if natural <= con.width or not wrapping:  # fits, or nothing can be narrowed
        return natural
    room = max(con.width - edges - padding - fixed, sum(f for _, f, _ in wrapping))
    widths = _level([f for _, f, _ in wrapping], [n for _, _, n in wrapping], room)
    for (column, _, _), width in zip(wrapping, widths, strict=True):
        column.width = width
    return edges + padding + fixed + sum(widths)


def show(con: Console, table: Table) -> None:
    """Print ``table`` with its identifiers whole (see the module's docstring)."""
    if not con.is_terminal:
        con.print(table)
        return
    needed = fit(con, table)
    if needed <= con.width:
        con.print(table)
        return
    records(con, table)


def _plain(cell: object) -> str:
    if isinstance(cell, Text):
        return cell.plain
    return str(cell) if cell is not None else ""


def records(con: Console, table: Table) -> None:
    """Print ``table`` as one block per row: the first column's header and value, then the others indented.

    For a terminal narrower than the table's longest words: lines are wrapped
    between words, and a word longer than a line is left whole for the
    terminal to wrap, so no identifier or word is cut.
    """
    import textwrap

    def say(text: str, indent: str, style: str = "") -> None:
        lines = textwrap.wrap(text, max(con.width, 20), initial_indent=indent, subsequent_indent=indent + "  ",
                              break_long_words=False, break_on_hyphens=False) or [indent]
        for line in lines:
            con.print(Text(line, style=style), overflow="ignore", no_wrap=True, crop=False)

    if table.title:
        say(_plain(table.title), "", "italic")
    headers = [_plain(c.header) for c in table.columns]
    for n, row in enumerate(zip(*(c.cells for c in table.columns), strict=True)):
        if n:
            con.print()
        first, *rest = row
        say(f"{headers[0]}: {_plain(first)}", "", "bold")
        for header, cell in zip(headers[1:], rest, strict=True):
            text = _plain(cell)
            if text:
                say(f"{header}: {text}", "  ")
