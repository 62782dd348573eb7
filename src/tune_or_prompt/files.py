"""Read a user's input file: a regular file only, up to a size cap, as UTF-8 text.

``--answers /dev/zero`` would otherwise read without end, a FIFO would block
for ever, and a 50 MB answers file would take a minute to parse. So a file is
opened without blocking, refused unless it is a regular file, refused when
larger than its cap (:data:`LIMITS`), and decoded as UTF-8 with the line and
column of the first bad byte in the error.

Standard input is read only when asked, by naming the file ``-`` (the options
that take it turn it into :data:`STDIN`, which messages show as
``<stdin>``): once a run, and within the same cap.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from tune_or_prompt.errors import Location, Problem, UserError

MB = 1024 * 1024
KB = 1024
# Size caps by kind of file. Answers and assumptions files hold a few dozen
# lines; a built-in rule pack is 2 KB; LiteLLM's own price file is about
# 1 MB. YAML is parsed in pure Python at some 100 KB a second, so its caps
# keep the worst parse to seconds. Portfolios are streamed and have no cap.
LIMITS = {
    "answers file": 256 * KB,
    "assumptions file": 256 * KB,
    "rule pack": 512 * KB,
    "memo template": 1 * MB,
    "price file": 64 * MB,
}
DEFAULT_LIMIT = 1 * MB

# Standard input, as a file option names it ("-"); compared by identity, so a file called "<stdin>" is a file.
STDIN = Path("<stdin>")
_stdin_read_for: list[str] = []  # what standard input was read as, this run


def _named(path: Path) -> Path:
    return STDIN if str(path) == "-" else path


def stdin_path(path: Path | None) -> Path | None:
    """Return :data:`STDIN` for ``-``, else ``path`` (a typer callback of the options that read a file)."""
    return None if path is None else _named(path)


def stdin_paths(paths: list[Path] | None) -> list[Path] | None:
    """:func:`stdin_path` for an option given several times."""
    return None if paths is None else [_named(p) for p in paths]


def as_argument(path: Path) -> str:
    """Return how a command line names ``path``: ``-`` for standard input."""
    return "-" if path is STDIN else str(path)


def _read_stdin(what: str, cap: int) -> bytes:
    if _stdin_read_for:
        raise UserError(f"{STDIN}: cannot read {what}: standard input was already read as the {_stdin_read_for[0]}")
    _stdin_read_for.append(what)
    stream = sys.stdin.buffer if sys.stdin is not None else None
    if stream is None:
        raise UserError(f"{STDIN}: cannot read {what}: there is no standard input")
    data: bytes = stream.read(cap + 1)
    if len(data) > cap:
        raise UserError(f"{STDIN}: cannot read {what}: larger than {_size_words(cap)}, "
                        "the most read whole from this kind of file")
    return data


def forget_stdin() -> None:
    """Let standard input be read again (a new run in the same process)."""
    _stdin_read_for.clear()


def _size_words(size: int) -> str:
    if size >= MB:
        return f"{size / MB:g} MB"
    return f"{size / KB:g} KB" if size >= KB else f"{size:,} bytes"


def open_regular(path: Path, what: str) -> int:
    """Open ``path`` for reading and return the descriptor, refusing anything but a regular file.

    The open does not block (a FIFO would wait for a writer); the check is on
    the opened file, so a file swapped in between cannot slip through.

    Raises:
        UserError: the file cannot be opened, or it is a device, FIFO, directory or socket.

    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise UserError(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "a directory" if stat.S_ISDIR(mode) else "a device, pipe or socket"
        raise UserError(f"{path}: cannot read {what}: it is {kind}, not a regular file")
    os.set_blocking(fd, True)
    return fd


def read_bytes(path: Path, what: str, limit: int | None = None) -> bytes:
    """Return the contents of a regular file of at most ``limit`` bytes (default: the cap for ``what``).

    :data:`STDIN` reads standard input instead, within the same cap.

    Raises:
        UserError: as :func:`open_regular`, or the file is larger than the cap
            (or standard input was already read this run).

    """
    cap = limit if limit is not None else LIMITS.get(what, DEFAULT_LIMIT)
    if path is STDIN:
        return _read_stdin(what, cap)
    fd = open_regular(path, what)
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(cap + 1)  # never more than the cap, even if the file grows meanwhile
    if len(data) > cap:
        raise UserError(f"{path}: cannot read {what}: larger than {_size_words(cap)}, "
                        "the most read whole from this kind of file")
    return data


def decode(data: bytes, path: Path, what: str) -> str:
    """Decode UTF-8 (a leading byte-order mark is dropped).

    Raises:
        UserError: not UTF-8, with the line and column of the first bad byte.

    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        head = data[: exc.start]
        line = head.count(b"\n") + 1
        column = len(head[head.rfind(b"\n") + 1 :].decode("utf-8-sig", "replace")) + 1
        where = Location(str(path), line, column)
        problem = Problem(f"byte 0x{data[exc.start]:02x} is not UTF-8 text ({exc.reason})", where)
        raise UserError(f"{path}: cannot read {what}: not UTF-8 text", [problem]) from None


def first_bad_byte(stream: BinaryIO) -> tuple[int, int] | None:
    """Return the line and byte column of the first byte of ``stream`` that is not UTF-8, or None.

    Reads from the start in blocks, so a file of any size takes constant memory.
    """
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, column = 1, 1
    while True:
        block = stream.read(1 << 20)
        pending = len(decoder.getstate()[0])  # the bytes of a character split across blocks
        head: bytes | None = None
        try:
            decoder.decode(block, final=not block)
        except UnicodeDecodeError as exc:
            head = block[: max(0, exc.start - pending)]
        else:
            if not block:
                return None
        seen = block if head is None else head
        newlines = seen.count(b"\n")
        line += newlines
        column = len(seen) - seen.rfind(b"\n") if newlines else column + len(seen)
        if head is not None:
            return line, column


def read_text(path: Path, what: str, limit: int | None = None) -> str:
    """Return a regular file's UTF-8 text, within its size cap (:func:`read_bytes`, :func:`decode`)."""
    return decode(read_bytes(path, what, limit), path, what)
