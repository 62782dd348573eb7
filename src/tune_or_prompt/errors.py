"""The one error type users see.

The core raises :class:`UserError` for anything the user can fix (bad flag
value, malformed file, unknown model); the CLI's single handler prints its
message on one line (plus any detail lines, such as a source excerpt with a
caret) and exits with :attr:`UserError.exit_code`. Constructors never print.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
        head = f"{self.location}: {self.message}" if self.location else self.message
        lines = [head]
        if self.source_line is not None and self.location and self.location.column:
            lines.append(f"  {self.source_line.rstrip()}")
            lines.append("  " + " " * (self.location.column - 1) + "^" * max(1, self.span))
        if self.help:
            lines.append(f"  help: {self.help}")
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
            return self.message
        body = "\n".join(p.render() for p in self.problems)
        return f"{body}\n{self.message}" if self.message else body
