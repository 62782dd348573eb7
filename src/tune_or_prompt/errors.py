"""The one error type users see.

The core raises :class:`UserError` for anything the user can fix (bad flag
value, malformed file, unknown model); the CLI's single handler prints its
message on one line (plus any detail lines, such as a source excerpt with a
caret) and exits with :attr:`UserError.exit_code`. Constructors never print.
"""

from __future__ import annotations

from dataclasses import dataclass, field

QUOTE_LIMIT = 200  # characters of a user's text an error quotes
SOURCE_WINDOW = 160  # characters of a source line shown around the caret
SHOWN_PROBLEMS = 20  # problems listed in full; the rest are counted


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """Return ``text`` cut to ``limit`` characters, saying how much was left out.

    An error quotes what the user gave; a 50 MB line must not come back whole.
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit:,} more characters)"


@dataclass(frozen=True)
class Location:
    """A position in a user file (1-based line and column)."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass
class Problem:
    """One thing wrong with a user input, with where it is and how to fix it."""

    message: str
    location: Location | None = None
    source_line: str | None = None
    span: int = 1
    help: str | None = None
    code: str = ""  # what kind of problem, for tools that sort them (rules lint)

    def render(self) -> str:
        """Return the problem as ``file:line:col: message`` plus a caret excerpt."""
        message = clip(self.message, 4 * QUOTE_LIMIT)
        head = f"{self.location}: {message}" if self.location else message
        lines = [head]
        if self.source_line is not None and self.location and self.location.column:
            line, column = self.source_line.rstrip(), self.location.column
            # A long line is shown as a window around the caret, marked with "...".
            start = max(0, column - 1 - SOURCE_WINDOW // 2)
            shown = line[start : start + SOURCE_WINDOW]
            prefix = "..." if start else ""
            suffix = "..." if start + SOURCE_WINDOW < len(line) else ""
            span = min(max(1, self.span), SOURCE_WINDOW)
            lines.append(f"  {prefix}{shown}{suffix}")
            lines.append("  " + " " * (len(prefix) + column - 1 - start) + "^" * span)
        if self.help:
            lines.append(f"  help: {clip(self.help, 4 * QUOTE_LIMIT)}")
        return "\n".join(lines)


@dataclass
class UserError(Exception):
    """An error caused by user input; printed without a traceback, exit code 2."""

    message: str
    problems: list[Problem] = field(default_factory=list)
    exit_code: int = 2

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def render(self) -> str:
        """Return the full text to print: the problems, or the message alone."""
        if not self.problems:
            return clip(self.message, 4 * QUOTE_LIMIT)
        shown = self.problems[:SHOWN_PROBLEMS]
        body = "\n".join(p.render() for p in shown)
        hidden = len(self.problems) - len(shown)
        if hidden:
            body += f"\n... and {hidden} more problem{'s' if hidden > 1 else ''} (the first {len(shown)} are shown)"
        return f"{body}\n{self.message}" if self.message else body
