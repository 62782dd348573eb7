"""The command-line interface: thin typer commands that call the core.

:func:`main` is the console script. It runs the typer app without click's
standalone mode so that every error, ours or click's, is printed as one plain
line on stderr with exit code 2, never a traceback.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Annotated

import typer

from tune_or_prompt.errors import UserError

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


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; print user errors as one line (plus detail) and exit 2."""
    args = sys.argv[1:] if argv is None else list(argv)
    app = build_app(command_of(args))
    try:
        rv = app(args=args, standalone_mode=False, prog_name="tune-or-prompt")
    except UserError as exc:
        print(f"tune-or-prompt: error: {exc.render()}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except _UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # a bare command shows its help
            exc.show()  # type: ignore[attr-defined]
            sys.exit(0)
        print(f"tune-or-prompt: error: {exc.format_message()}", file=sys.stderr)  # type: ignore[attr-defined]
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            print(f"  help: {ctx.command_path} --help", file=sys.stderr)
        sys.exit(2)
    except _ClickException as exc:
        print(f"tune-or-prompt: error: {exc.format_message()}", file=sys.stderr)  # type: ignore[attr-defined]
        sys.exit(getattr(exc, "exit_code", 1))
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("tune-or-prompt: aborted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(rv if isinstance(rv, int) else 0)
