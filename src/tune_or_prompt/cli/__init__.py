"""The command-line interface: thin typer commands that call the core.

:func:`main` is the console script. It runs the typer app without click's
standalone mode so that every error, ours or click's, is printed as one plain
line on stderr with exit code 2, never a traceback.
"""

from __future__ import annotations

import sys

import typer

from tune_or_prompt.errors import UserError

app = typer.Typer(
    name="tune-or-prompt",
    help="Fine-tune an LLM or keep engineering prompts? Prices both paths and explains the answer.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _register() -> None:
    from tune_or_prompt.cli import (
        advise_cmd,
        batch_cmd,
        decide_cmd,
        prices_cmd,
        questions_cmd,
        rules_cmd,
        tco_cmd,
    )

    advise_cmd.register(app)
    questions_cmd.register(app)
    tco_cmd.register(app)
    prices_cmd.register(app)
    decide_cmd.register(app)
    rules_cmd.register(app)
    batch_cmd.register(app)


_register()

# typer vendors its own copy of click; reach its exception classes through typer.
_UsageError: type[Exception] = typer.BadParameter.__mro__[1]
_ClickException: type[Exception] = _UsageError.__mro__[1]


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; print user errors as one line (plus detail) and exit 2."""
    try:
        rv = app(args=argv, standalone_mode=False, prog_name="tune-or-prompt")
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
