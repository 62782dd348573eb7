"""``tune-or-prompt rules list|check|schema``: inspect and validate rule packs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

import typer

from tune_or_prompt.cli.decide_cmd import NoBuiltinRules, RulesPaths
from tune_or_prompt.words import count

rules_app = typer.Typer(
    help="Inspect and validate rule packs.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@rules_app.command("list")
def list_rules(
    rules: RulesPaths = None,
    no_builtin_rules: NoBuiltinRules = False,
    output_format: Annotated[Literal["table", "json"], typer.Option("--format")] = "table",
) -> None:
    """List the rules and steps in effect: pack, file, verdict, strength, condition in words."""
    from tune_or_prompt.cli import rules_views
    from tune_or_prompt.rules import load_packs

    ruleset = load_packs(rules or [], builtin=not no_builtin_rules)
    if output_format == "json":
        typer.echo(json.dumps(rules_views.ruleset_rows(ruleset), indent=2))
    else:
        rules_views.print_ruleset(ruleset)


@rules_app.command("check")
def check(
    paths: Annotated[list[Path], typer.Argument(help="Rule pack files or folders.")],
    no_builtin_rules: NoBuiltinRules = False,
) -> None:
    """Validate rule packs (with the built-ins loaded first); exit 0 when clean, 2 otherwise."""
    from tune_or_prompt.rules import load_packs

    ruleset = load_packs(paths, builtin=not no_builtin_rules)
    house = [p for p in ruleset.packs if not p.builtin]
    typer.echo(
        f"OK: {count(len(house), 'pack')} checked; {len(ruleset.rules)} rules, "
        f"{len(ruleset.steps)} steps and {len(ruleset.questions)} house questions in effect."
    )


@rules_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of a rule pack (for editor autocompletion)."""
    from tune_or_prompt.rules import pack_schema

    typer.echo(json.dumps(pack_schema(), indent=2))


def register(app: typer.Typer) -> None:
    """Add the ``rules`` command group to the app."""
    app.add_typer(rules_app, name="rules")
