"""``tune-or-prompt questions``: list the questionnaire, or write an answers file to fill in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from tune_or_prompt.cli.decide_cmd import NoBuiltinRules, RulesPaths


def _rows(questionnaire: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id, "prompt": s.prompt, "type": s.kind, "allowed": s.range_text(),
            "unit": s.unit, "default": s.default, "help": s.help, "source": s.source,
            "ask_if": str(s.ask_if) if s.ask_if else None, "house": s.house,
        }
        for s in questionnaire
    ]


def _print_table(questionnaire: Any) -> None:
    from rich.table import Table

    from tune_or_prompt.cli.tables import console, show

    table = Table(title="The questionnaire, in asking order", show_lines=True)
    table.add_column("id", no_wrap=True)
    for col in ("question", "allowed", "default"):
        table.add_column(col)
    for s in questionnaire:
        text = s.prompt + (f" [{s.unit}]" if s.unit else "")
        if s.help:
            text += f"\n{s.help}"
        if s.ask_if:
            text += f"\nAsked only when {s.ask_if}."
        if s.house:
            text += "\n(house question)"
        default = s.show(s.default) if s.default is not None else "(none)"
        table.add_row(s.id, text, s.range_text(), default)
    con = console()
    show(con, table)
    con.print("Answer them in a file (`questions --template FILE`), with --set id=value, "
                  "or interactively: tune-or-prompt advise")


def questions(
    rules: RulesPaths = None,
    no_builtin_rules: NoBuiltinRules = False,
    template: Annotated[Path | None, typer.Option(
        "--template", help="Write an answers file to fill in: every question commented out "
        "with its help and default.", dir_okay=False)] = None,
    output_format: Annotated[Literal["table", "json"], typer.Option(
        "--format", help="table for people, json for scripts.")] = "table",
) -> None:
    """List every question advise asks (house questions included), with allowed values and defaults."""
    from tune_or_prompt.questionnaire import Questionnaire, write_template
    from tune_or_prompt.rules import load_packs

    questionnaire = Questionnaire.build(load_packs(rules or [], builtin=not no_builtin_rules))
    if template is not None:
        write_template(template, questionnaire)
        typer.echo(f"wrote {template} ({len(questionnaire)} questions, all commented out); "
                   f"fill it in, then run: tune-or-prompt advise --answers {template}", err=True)
    elif output_format == "json":
        typer.echo(json.dumps(_rows(questionnaire), indent=2))
    else:
        _print_table(questionnaire)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("questions")(questions)
