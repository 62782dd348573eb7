"""The command-line interface: thin typer commands that call the core.

:func:`main` is the console script. It runs the typer app without click's
standalone mode so that every error, ours or click's, is printed as one plain
line on stderr with exit code 2, never a traceback.
"""

from __future__ import annotations

import sys
from importlib import import_module

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


def build_app(command: str | None = None) -> typer.Typer:
    """Return the typer app with ``command`` registered, or every command when None.

    Building a command's options costs time (four commands carry one flag per
    cost parameter), so a run registers only the command it was asked for; help
    and unknown names get the full app, which lists every command.
    """
    app = typer.Typer(
        name="tune-or-prompt",
        help="Fine-tune an LLM or keep engineering prompts? Prices both paths and explains the answer.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    @app.callback()
    def _group() -> None:
        """Fine-tune an LLM or keep engineering prompts? Prices both paths and explains the answer."""

    names = [command] if command in COMMANDS else list(COMMANDS)
    for name in names:
        import_module(f"tune_or_prompt.cli.{COMMANDS[name]}").register(app)
    return app


# typer vendors its own copy of click; reach its exception classes through typer.
_UsageError: type[Exception] = typer.BadParameter.__mro__[1]
_ClickException: type[Exception] = _UsageError.__mro__[1]


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; print user errors as one line (plus detail) and exit 2."""
    args = sys.argv[1:] if argv is None else list(argv)
    app = build_app(args[0] if args else None)
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
