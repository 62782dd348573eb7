"""Write an output file whole or not at all, and never through the wrong kind of file.

What ``-o PATH`` (a memo, a batch result, a saved answers file) does depends
on what ``PATH`` is now:

* **A regular file, or nothing yet**: the text goes to a temporary file in the
  same directory, is flushed to disk, and only then takes the target's name
  (``os.replace``, atomic on POSIX). A failure or an interruption removes the
  temporary file and leaves the earlier file as it was.
* **A symbolic link** is written through: its final target is replaced as
  above and the link itself stays.
* **A character device or a FIFO** (``/dev/null``, a terminal, a named pipe)
  is opened and written directly. Renaming over it would replace it: as
  root, ``-o /dev/null`` would put a regular file in place of the system's
  ``/dev/null``. A FIFO that no process opens for reading within
  :data:`FIFO_WAIT` seconds is refused, where a plain ``open()`` would wait
  for ever.
* **A name of an open descriptor** (``/dev/stdout``, ``/dev/fd/N``) is
  written directly too, appending, whatever the descriptor leads to (a
  pipe, or the file of a ``>`` or ``>>`` redirection).
* **Anything else** (a directory, a block device, a socket) is refused.
* **A file the user may not write** (a read-only file; the operating system's
  own access check decides, so root may write one as it may with ``>``) is
  refused, though renaming over it would succeed.

Files that belong together (a Markdown memo and its chart, an answers file
and its assumptions file) are written by :func:`write_together`: every one
is written in full first, then all take their names, so a full disk leaves
the earlier set as it was. :func:`check_outputs` refuses, before a run
starts, an output that is also one of its inputs, or two outputs on one file.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import re
import secrets
import stat
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

from tune_or_prompt.errors import UserError

# Bytes of the target's name kept in the temporary file's name: a 250-byte
# name plus a prefix and suffix would pass the 255-byte limit of a file name.
_NAME_BYTES = 96
# The longest file name most file systems take (NAME_MAX on Linux and macOS).
NAME_MAX = 255
# Seconds to wait for a reader of a FIFO named as an output.
FIFO_WAIT = 10.0


def _describe(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _remove_quietly(path: Path) -> None:
    """Remove a temporary file; a failure (a read-only file system) must not hide the first error."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _cannot(path: Path, exc: OSError) -> UserError:
    return UserError(f"cannot write {path}: {exc.strerror or exc}")


class OutputFile:
    """A text file being written to ``path``; a context manager yielding the stream.

    The file takes its name only when the ``with`` block ends without an
    exception; see the module's docstring for what happens to links, devices
    and read-only files.
    """

    def __init__(self, path: Path, *, newline: str = "\n") -> None:
        """Check that ``path`` can be written; nothing is created yet.

        Raises:
            UserError: the directory does not exist, or the target is read-only
                or a kind of file that cannot take a memo.

        """
        self.path = path
        self._newline = newline
        self._target = path
        self._tmp: Path | None = None
        self._stream: IO[str] | None = None
        self._mode: int | None = None
        self._flags = os.O_WRONLY
        self.in_place = True
        if names_a_descriptor(path):
            # /dev/stdout and the like: whatever the descriptor is, write to it where it stands
            # (appending, so `>> log` keeps the log), never replace what it leads to.
            self._flags |= os.O_APPEND
            return
        try:
            st = os.stat(path)  # the kernel follows every link, /proc's magic ones too
        except FileNotFoundError:
            self._target = Path(os.path.realpath(path))
            if not self._target.parent.is_dir():
                raise UserError(f"cannot write {path}: directory {path.parent} does not exist") from None
            self.in_place = False
            return
        except OSError as exc:
            raise _cannot(path, exc) from None
        if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
            return  # a device or pipe: written directly, never replaced
        if not stat.S_ISREG(st.st_mode):
            raise UserError(f"cannot write {path}: it is {_describe(st.st_mode)}")
        if not os.access(path, os.W_OK):
            raise UserError(f"cannot write {path}: the file is read-only")
        self._target = Path(os.path.realpath(path))  # through links: the file itself is replaced
        self.in_place = False
        self._mode = stat.S_IMODE(st.st_mode)

    def __enter__(self) -> IO[str]:
        """Open the temporary file (or the device) and return it for writing."""
        if not self.in_place:
            short = os.fsdecode(os.fsencode(self._target.name)[:_NAME_BYTES])
            # Named before it exists, so a signal arriving just after it is created still removes it.
            self._tmp = self._target.parent / f".{short}.{secrets.token_hex(6)}.tmp"
        try:
            if self._tmp is None:
                fd = _open_in_place(self._target, self._flags)
            else:
                # 0o666 before the umask: the mode a plain open() would give a new file,
                # where a tempfile's 0o600 would make the memo unreadable to colleagues.
                fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            self._stream = os.fdopen(fd, "w", encoding="utf-8", newline=self._newline)
        except OSError as exc:
            raise _cannot(self.path, exc) from None  # nothing was created
        except BaseException:  # Ctrl-C or SIGTERM while opening
            if self._tmp is not None:
                _remove_quietly(self._tmp)
            raise
        return self._stream

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Give a finished file its name; remove an unfinished one (also on Ctrl-C or SIGTERM)."""
        try:
            self._close(flush=kind is None)
            if kind is None:
                self._commit()
        except OSError as err:
            if kind is None:  # an error of our own; another one in flight goes on unchanged
                raise _cannot(self.path, err) from None
        finally:
            self.discard()

    def _close(self, *, flush: bool) -> None:
        """Close the stream; with ``flush``, first put everything written on the disk."""
        stream = self._stream
        assert stream is not None
        try:
            if flush:
                stream.flush()
                if self._tmp is not None:
                    os.fsync(stream.fileno())
        finally:
            stream.close()

    def _commit(self) -> None:
        """Give the written temporary file the target's name (nothing to do for a device)."""
        if self._tmp is not None:
            if self._mode is not None:
                os.chmod(self._tmp, self._mode)
            os.replace(self._tmp, self._target)
            self._tmp = None

    def discard(self) -> None:
        """Remove the temporary file, if it has not taken its name."""
        if self._tmp is not None:
            _remove_quietly(self._tmp)
            self._tmp = None

    def write_text(self, text: str) -> None:
        """Write all of ``text`` and give the file its name.

        Raises:
            UserError: the text cannot be written (a full disk); an earlier file is left as it was.

        """
        with self as out:
            try:
                out.write(text)
            except OSError as exc:
                raise _cannot(self.path, exc) from None


def _open_in_place(target: Path, flags: int) -> int:
    """Open a device, FIFO or descriptor for writing; a FIFO nobody reads is refused after :data:`FIFO_WAIT` s.

    Opening a FIFO for writing blocks until a reader opens it. Opened without
    blocking, it fails at once (``ENXIO``) while there is no reader, so the
    open is retried until one comes or the wait is over; the descriptor is
    then made blocking again, so writes wait for a slow reader as usual.
    """
    try:
        fifo = stat.S_ISFIFO(os.stat(target).st_mode)
    except OSError:
        fifo = False
    if not fifo:
        return os.open(target, flags)
    deadline = time.monotonic() + FIFO_WAIT
    while True:
        try:
            fd = os.open(target, flags | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise
            if time.monotonic() >= deadline:
                raise OSError(errno.ENXIO, f"no process opened the FIFO for reading within {FIFO_WAIT:g} s") \
                    from None
            time.sleep(0.05)
            continue
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        return fd


def write_together(files: Sequence[tuple[OutputFile, str]]) -> None:
    """Write several files as one: all in full first, then all take their names.

    A failure while writing (a full disk) removes every temporary file and
    leaves every earlier file as it was, so files that refer to each other
    (a memo and its chart) never mix an old one with a new one.

    Raises:
        UserError: a file cannot be written.

    """
    opened: list[OutputFile] = []
    try:
        for target, text in files:
            out = target.__enter__()
            opened.append(target)
            try:
                out.write(text)
                target._close(flush=True)
            except OSError as exc:
                raise _cannot(target.path, exc) from None
        for target in opened:
            try:
                target._commit()
            except OSError as exc:
                raise _cannot(target.path, exc) from None
    finally:
        for target in opened:
            if target._stream is not None and not target._stream.closed:
                target._stream.close()
            target.discard()


def _identity(path: Path) -> tuple[str, tuple[int, int] | None]:
    """Return the file ``path`` names: its resolved name, and its device and inode where it exists."""
    try:
        st = os.stat(path)
        inode: tuple[int, int] | None = (st.st_dev, st.st_ino)
    except OSError:
        inode = None
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        real = os.path.abspath(path)
    return real, inode


def _same(a: tuple[str, tuple[int, int] | None], b: tuple[str, tuple[int, int] | None]) -> bool:
    return a[0] == b[0] or (a[1] is not None and a[1] == b[1])


def check_outputs(outputs: Iterable[tuple[str, Path]], inputs: Iterable[tuple[str, Path]]) -> None:
    """Refuse a run whose output would replace one of its inputs, or two of whose outputs share a file.

    ``outputs`` and ``inputs`` pair an option (``--output``) with the path it
    names. Devices, FIFOs and open descriptors (``/dev/null``,
    ``/dev/stdout``) are written in place, never replaced, so they may be
    named more than once. A path is compared after every link is resolved,
    and by inode where it exists (a hard link is the same file).

    Raises:
        UserError: an output is an input, or two outputs are one file.

    """
    seen: list[tuple[str, Path, tuple[str, tuple[int, int] | None]]] = []
    ins = [(option, path, _identity(path)) for option, path in inputs]
    for option, path in outputs:
        if writes_in_place(path):
            continue
        ident = _identity(path)
        for in_option, in_path, in_ident in ins:
            if _same(ident, in_ident):
                raise UserError(f"{option} {path} is also read by this run ({in_option} {in_path}); "
                                "writing it would replace the input: choose another output file")
        for out_option, out_path, out_ident in seen:
            if _same(ident, out_ident):
                raise UserError(f"{out_option} {out_path} and {option} {path} are the same file; "
                                "each output needs a file of its own")
        seen.append((option, path, ident))


def short_name(name: str, suffix: str) -> str:
    """Return ``name + suffix``, shortened to fit :data:`NAME_MAX` bytes with a digest of ``name`` kept.

    A memo may take a name of up to 255 bytes; the chart named after it
    (``NAME.chart.svg``) would not fit, so a long stem keeps its first bytes
    and an 8-character digest of the whole, and two long names stay apart.
    """
    whole = name + suffix
    if len(os.fsencode(whole)) <= NAME_MAX:
        return whole
    digest = hashlib.sha256(os.fsencode(name)).hexdigest()[:8]
    room = NAME_MAX - len(os.fsencode(suffix)) - len(digest) - 1
    head = name
    while len(os.fsencode(head)) > room:
        head = head[:-1]
    return f"{head}-{digest}{suffix}"


_DESCRIPTOR = re.compile(r"/dev/(stdout|stderr|fd/\d+)|/proc/(self|\d+)/fd/\d+")


def names_a_descriptor(path: Path) -> bool:
    """Whether ``path`` names an open file descriptor (``/dev/stdout``, ``/dev/fd/3``, ``/proc/self/fd/1``)."""
    return _DESCRIPTOR.fullmatch(os.path.abspath(path)) is not None


def writes_in_place(path: Path) -> bool:
    """Whether ``-o path`` writes into an existing device, FIFO or descriptor rather than a file of its own."""
    if names_a_descriptor(path):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` as :class:`OutputFile` does, keeping an existing file's mode.

    Raises:
        UserError: the file cannot be written; an earlier file is left as it was.

    """
    OutputFile(path).write_text(text)
