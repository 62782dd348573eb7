"""The command-line interface: thin typer commands that call the core.

:func:`main` is the console script. It runs the typer app without click's
standalone mode so that every error, ours or click's, is printed as one plain
line on stderr with exit code 2, never a traceback. Signals and broken
output end the run the conventional way (see :func:`main`).
"""

from __future__ import annotations

import errno
import io
import os
import signal
import sys
import threading
from importlib import import_module
from typing import Annotated, NoReturn

import typer

from tune_or_prompt.errors import UserError, clip
from tune_or_prompt.files import forget_stdin
from tune_or_prompt.plaintext import plain_streams
from tune_or_prompt.printable import visible

# Command name -> module holding it. Each module has ``register(app)``.
COMMANDS = {
    "advise": "advise_cmd",
    "questions": "questions_cmd",
    "tco": "tco_cmd",
    "prices": "prices_cmd",
    "decide": "decide_cmd",
    "rules": "rules_cmd",
    "batch": "batch_cmd",
    "workload": "workload_cmd",
    "serve": "serve_cmd",
    "capacity": "capacity_cmd",
}


# Root options that need no command: building none keeps them fast.
_NO_COMMAND = ("--version", "--install-completion", "--show-completion")

# Shell completion runs the program with this variable set (typer's convention,
# from the program name) and the command line in the shell's own variables.
COMPLETE_VAR = "_TUNE_OR_PROMPT_COMPLETE"


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            installed = version("tune-or-prompt")
        except PackageNotFoundError:  # run from a source tree that was never installed
            from tune_or_prompt import __version__ as installed
        typer.echo(f"tune-or-prompt {installed}")
        raise typer.Exit()


def build_app(command: str | None = None) -> typer.Typer:
    """Return the typer app with ``command`` registered, or every command when None.

    Building a command's options costs time (four commands carry one flag per
    cost parameter), so a run registers only the command it was asked for; help
    and unknown names get the full app, which lists every command. ``""``
    registers none (for ``--version`` and the completion options).
    """
    app = typer.Typer(
        name="tune-or-prompt",
        help="Fine-tune an LLM or keep engineering prompts? Prices both paths and explains the answer.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    @app.callback()
    def _group(
        version: Annotated[bool, typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_show_version,
        )] = False,
    ) -> None:
        """Fine-tune an LLM or keep engineering prompts? Prices both paths and explains the answer."""

    names = [command] if command in COMMANDS else [] if command == "" else list(COMMANDS)
    for name in names:
        import_module(f"tune_or_prompt.cli.{COMMANDS[name]}").register(app)
    return app


def command_of(args: list[str]) -> str | None:
    """Return the command a command line runs: ``""`` for none, None when it cannot tell (help).

    While the shell asks for completions (:data:`COMPLETE_VAR` set), the words
    typed so far are in the shell's variables, not in ``args``: a command among
    them is the one to register, so completing its options stays fast.
    """
    if os.environ.get(COMPLETE_VAR):
        typed = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
        words = typed.split()[1:]
        return next((w for w in words if w in COMMANDS), None)
    if not args:
        return None
    if args[0] in COMMANDS:
        return args[0]
    return "" if args[0] in _NO_COMMAND else None


# typer vendors its own copy of click; reach its exception classes through typer.
_UsageError: type[Exception] = typer.BadParameter.__mro__[1]
_ClickException: type[Exception] = _UsageError.__mro__[1]


class Terminated(BaseException):
    """SIGTERM arrived (``timeout``, CI, ``kill``): unwind like Ctrl-C, so temporary files are removed."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


_interrupted: list[bool] = []


def _interrupt(signum: int, frame: object) -> None:
    """Ctrl-C, remembered: typer turns the KeyboardInterrupt into a silent exit status 130."""
    _interrupted.append(True)
    raise KeyboardInterrupt


class _ClosedStream(io.TextIOBase):
    """Standard output when the shell closed it (``>&-``): every write fails, as it would on the descriptor."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _standard_streams() -> None:
    """Keep descriptors 0-2 taken (so no file we open becomes "standard output") and stdout honest."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.dup2(os.open(os.devnull, os.O_RDWR), fd)
    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")


def _error(message: str, code: int = 2) -> NoReturn:
    try:
        print(f"tune-or-prompt: error: {visible(message)}", file=sys.stderr)
    except OSError:
        pass
    sys.exit(code)


def _output_failed(exc: OSError) -> NoReturn:
    """End a run whose standard output failed: a closed pipe quietly, anything else with an error."""
    # The interpreter flushes standard output again at exit; what is left of
    # it goes to /dev/null, so the failure is not reported a second time.
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
    if isinstance(exc, BrokenPipeError):
        sys.exit(128 + signal.SIGPIPE)  # 141, what a shell shows for a program ended by a closed pipe
    _error(f"cannot write to standard output: {exc.strerror or exc}")


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; print user errors as one line (plus detail) and exit 2.

    Exit codes: 0 done; 1 some batch rows failed; 2 bad input or output;
    130 interrupted (Ctrl-C); 141 standard output closed (a pipe to ``head``);
    143 terminated (SIGTERM). An interrupted or terminated run removes its
    temporary files and leaves every earlier output as it was.
    """
    _standard_streams()
    plain_streams()  # an ASCII or Latin-1 terminal shows "≥" as ">=", never a traceback
    forget_stdin()  # each run may read standard input once (tests run many in one process)
    _interrupted.clear()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not where the shell ignores it
            signal.signal(signal.SIGINT, _interrupt)
    args = sys.argv[1:] if argv is None else list(argv)
    app = build_app(command_of(args))
    try:
        from tune_or_prompt.cli.outputs import guarded_command

        rv = guarded_command(app)(args=args, standalone_mode=False, prog_name="tune-or-prompt")
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
    except UserError as exc:
        # A relative path fails as "no such file" when the shell's folder was removed: say why.
        gone = _working_folder_gone()
        _error(exc.render() + ("\n  help: " + _GONE if gone else ""), exc.exit_code)
    except _UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # a bare command shows its help
            exc.show()  # type: ignore[attr-defined]
            sys.exit(0)
        ctx = getattr(exc, "ctx", None)
        helper = f"\n  help: {ctx.command_path} --help" if ctx is not None else ""
        _error(exc.format_message() + helper)  # type: ignore[attr-defined]
    except _ClickException as exc:
        _error(exc.format_message(), getattr(exc, "exit_code", 1))  # type: ignore[attr-defined]
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("tune-or-prompt: aborted", file=sys.stderr)
        sys.exit(130)
    except KeyboardInterrupt:
        print("\ntune-or-prompt: interrupted", file=sys.stderr)
        sys.exit(130)
    except Terminated:
        print("tune-or-prompt: terminated", file=sys.stderr)
        sys.exit(128 + signal.SIGTERM)
    except OSError as exc:
        if exc.errno in _OUTPUT_ERRORS:
            _output_failed(exc)
        about_path = _path_problem(exc)
        if about_path is None:
            raise
        _error(about_path)
    except SystemExit as exc:
        # typer ends a command whose standard output turned out to be a closed
        # pipe with exit(1), having wrapped sys.stdout in click's
        # PacifyFlushWrapper: that is `... | head`, not "some rows failed".
        if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _output_failed(BrokenPipeError(errno.EPIPE, "Broken pipe"))
        raise
    if _interrupted:
        print("\ntune-or-prompt: interrupted", file=sys.stderr)
        sys.exit(130)
    sys.exit(rv if isinstance(rv, int) else 0)


# What a write to standard output fails with: a closed pipe, a full disk,
# a closed descriptor, a device error. Any other OSError not about a path
# (:data:`_PATH_ERRORS`) is a bug and keeps its traceback.
_OUTPUT_ERRORS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG})

# What a path the user gave can fail with, wherever a command touches it: a
# name too long for the file system, a loop of symbolic links, a folder it may
# not enter or write, a read-only mount.
_PATH_ERRORS = frozenset({errno.ENAMETOOLONG, errno.ELOOP, errno.EACCES, errno.EPERM, errno.EROFS})


_GONE = "the current folder no longer exists (removed after the shell entered it); cd to a folder that exists"


def _working_folder_gone() -> bool:
    try:
        os.getcwd()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return False


def _path_problem(exc: OSError) -> str | None:
    """Return the one line for an error about a path the user gave, or None for any other error (a bug)."""
    if isinstance(exc, FileNotFoundError) and _working_folder_gone():
        return _GONE
    if exc.errno not in _PATH_ERRORS:
        return None
    name = exc.filename if isinstance(exc.filename, str) else None
    reason = exc.strerror or str(exc)
    return f"{clip(name)}: {reason}" if name else reason
