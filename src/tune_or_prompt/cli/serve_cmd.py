"""``tune-or-prompt serve``: the questionnaire as a local web page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tune_or_prompt.cli.decide_cmd import NoBuiltinRules, RulesPaths


def serve(
    rules: RulesPaths = None,
    no_builtin_rules: NoBuiltinRules = False,
    templates: Annotated[Path | None, typer.Option(
        "--templates", help="Folder of house memo templates, searched before the built-ins.",
        file_okay=False)] = None,
    answers: Annotated[Path | None, typer.Option(
        "--answers", help="YAML or JSON answers file the form starts from.", dir_okay=False)] = None,
    save_answers: Annotated[Path | None, typer.Option(
        "--save-answers", help="Record the answers here each time the memo is written (atomically). "
        "Without it the server writes nothing.", dir_okay=False)] = None,
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on. Anything but 127.0.0.1, ::1 or localhost requires the secret "
        "token printed at start in every request.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(
        "--port", min=0, max=65535, help="Port to listen on; 0 picks a free one. A busy port is replaced "
        "by a free one, and the address printed says which.")] = 0,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the page in the default browser.")] = False,
) -> None:
    """Serve the questionnaire in a browser: live preview, memo and downloads, on this machine."""
    from tune_or_prompt.web.server import serve as run
    from tune_or_prompt.web.setup import load_setup

    setup = load_setup(rules=rules or [], no_builtin_rules=no_builtin_rules, templates=templates,
                       answers=answers, save_to=save_answers, host=host)
    run(setup, host=host, port=port, open_browser=open_browser)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("serve")(serve)
