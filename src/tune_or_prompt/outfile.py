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
  ``/dev/null``.
* **A name of an open descriptor** (``/dev/stdout``, ``/dev/fd/N``) is
  written directly too, appending, whatever the descriptor leads to (a
  pipe, or the file of a ``>`` or ``>>`` redirection).
* **Anything else** (a directory, a block device, a socket) is refused.
* **A file the user may not write** (a read-only file; the operating system's
  own access check decides, so root may write one as it may with ``>``) is
  refused, though renaming over it would succeed.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
from pathlib import Path
from types import TracebackType
from typing import IO

from tune_or_prompt.errors import UserError

# Bytes of the target's name kept in the temporary file's name: a 250-byte
# name plus a prefix and suffix would pass the 255-byte limit of a file name.
_NAME_BYTES = 96


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
                fd = os.open(self._target, self._flags)
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
        stream, tmp = self._stream, self._tmp
        assert stream is not None
        try:
            try:
                if kind is None:
                    stream.flush()
                    if tmp is not None:
                        os.fsync(stream.fileno())
            finally:
                stream.close()
            if kind is None and tmp is not None:
                if self._mode is not None:
                    os.chmod(tmp, self._mode)
                os.replace(tmp, self._target)
                tmp = None
        except OSError as err:
            if kind is None:  # an error of our own; another one in flight goes on unchanged
                raise _cannot(self.path, err) from None
        finally:
            if tmp is not None:
                _remove_quietly(tmp)

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
