"""``tune-or-prompt rules list|check|schema|test|lint|explain|init``: write, check and explain rule packs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from tune_or_prompt.analysis_defaults import DEFAULT_DRAWS
from tune_or_prompt.cli.decide_cmd import AnswersFile, NoBuiltinRules, RulesPaths
from tune_or_prompt.cli.files import AssumptionsFile, PricesFile
from tune_or_prompt.cli.options import DecisionDrawsOption, RandomSeedOption, with_assumption_flags
from tune_or_prompt.words import count

rules_app = typer.Typer(
    help="Inspect, validate, test, lint and explain rule packs.",
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
def schema(
    tests: Annotated[bool, typer.Option("--tests", help="The schema of a tests file (NAME.tests.yaml).")] = False,
) -> None:
    """Print the JSON Schema of a rule pack, or of its tests file (for editor autocompletion)."""
    from tune_or_prompt.rules.schema import cases_schema, pack_schema

    typer.echo(json.dumps(cases_schema() if tests else pack_schema(), indent=2))


@rules_app.command("test")
def test(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Pack files or folders (or their NAME.tests.yaml) whose cases to run; "
            "none: the built-in packs' cases."
        ),
    ] = None,
    no_builtin_rules: NoBuiltinRules = False,
    pattern: Annotated[
        str | None, typer.Option("-k", help="Run only the cases whose name contains this (any case).")
    ] = None,
    output_format: Annotated[
        Literal["text", "junit"],
        typer.Option("--format", help="text for people; junit: JUnit XML for CI."),
    ] = "text",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report (text or XML) to this file.", dir_okay=False),
    ] = None,
    show_coverage: Annotated[
        bool, typer.Option("--coverage", help="Report which rules, steps and comparisons the cases exercise.")
    ] = False,
    fail_under: Annotated[
        float | None,
        typer.Option("--fail-under", min=0, max=100, help="Exit 1 when under PCT% of rules and steps are covered."),
    ] = None,
) -> None:
    """Run the packs' test cases through the pipeline; exit 0 all pass, 1 a case failed, 2 a bad file."""
    from tune_or_prompt.cli import rules_views
    from tune_or_prompt.ruletools.coverage import coverage
    from tune_or_prompt.ruletools.testing import run_tests

    run = run_tests(paths or [], builtin=not no_builtin_rules, pattern=pattern)
    cov = coverage(run.ruleset, run.tested, run.results) if show_coverage or fail_under is not None else None
    report = rules_views.test_report(run, cov, detailed=show_coverage)
    if output_format == "junit":
        from tune_or_prompt.ruletools.junit import junit_xml

        rules_views.emit(junit_xml(run.results, run.engine), output)
        typer.echo(report, err=True, nl=False)
    else:
        rules_views.emit(report, output)
    below = cov is not None and fail_under is not None and cov.items_pct < fail_under
    if cov is not None and below:
        typer.echo(
            f"tune-or-prompt: {cov.items_pct:.1f}% of rules and steps exercised, under --fail-under {fail_under:g}",
            err=True,
        )
    if run.failed or below:
        raise typer.Exit(1)


@rules_app.command("lint")
def lint(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="House pack files or folders (the built-ins load first).")
    ] = None,
    no_builtin_rules: NoBuiltinRules = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    output_format: Annotated[Literal["text", "json"], typer.Option("--format")] = "text",
) -> None:
    """Find conditions that never or always hold, contradictory required rules, shadowed rules, unknown facts.

    Exit 0 clean (or warnings only), 1 warnings with --strict, 2 errors.
    """
    from tune_or_prompt.cli import rules_views
    from tune_or_prompt.ruletools.lint import lint as run_lint

    report = run_lint(paths or [], builtin=not no_builtin_rules)
    if output_format == "json":
        typer.echo(json.dumps(rules_views.lint_rows(report), indent=2))
    else:
        typer.echo(rules_views.lint_text(report), nl=False)
    code = report.exit_code(strict)
    if code:
        raise typer.Exit(code)


def explain(
    answers: AnswersFile = None,
    rule: Annotated[
        str | None, typer.Option("--rule", help="Explain only this rule or step.")
    ] = None,
    rules: RulesPaths = None,
    no_builtin_rules: NoBuiltinRules = False,
    assumptions: AssumptionsFile = None,
    prices: PricesFile = None,
    output_format: Annotated[Literal["text", "json"], typer.Option("--format")] = "text",
    draws: DecisionDrawsOption = DEFAULT_DRAWS,
    random_seed: RandomSeedOption = 0,
    *,
    assumption_flags: dict[str, Any],
) -> None:
    """Say for every rule and step whether it fired and, if not, the first comparison that failed.

    For a gate, what would meet it. Takes the flags of decide, and explains the decision decide prints.
    """
    import sys

    from tune_or_prompt.cli import rules_views
    from tune_or_prompt.commands.decide import decide_workload, explain_decision
    from tune_or_prompt.rules import load_packs

    ruleset = load_packs(rules or [], builtin=not no_builtin_rules)
    if rule is not None:
        rules_views.check_item_id(ruleset, rule)
    if answers is None:
        print("tune-or-prompt: no --answers file: explaining the article's example workload", file=sys.stderr)
    decided = decide_workload(
        answers_file=answers, rules=rules or [], builtin_rules=not no_builtin_rules, assumptions_file=assumptions,
        prices=prices or [], assumption_flags=assumption_flags, draws=draws, random_seed=random_seed,
        ruleset=ruleset,
    )
    found = explain_decision(decided, rule)
    if output_format == "json":
        typer.echo(json.dumps(rules_views.explanation_rows(found), indent=2))
    else:
        typer.echo(rules_views.explanation_text(found, decided.decision), nl=False)


@rules_app.command("init")
def init(
    name: Annotated[str, typer.Argument(help="The pack's name: lower-case letters, digits, '-' and '_'.")],
    folder: Annotated[
        Path, typer.Option("--dir", help="Where to write NAME.yaml and NAME.tests.yaml.", file_okay=False)
    ] = Path("."),
) -> None:
    """Write a commented starter pack NAME.yaml and its tests NAME.tests.yaml; never replaces a file."""
    from tune_or_prompt.rules.starter import init_pack

    pack, tests = init_pack(name, folder)
    typer.echo(f"wrote {pack} and {tests}")
    typer.echo(f"next: tune-or-prompt rules test {pack} && tune-or-prompt rules lint {pack}")


def register(app: typer.Typer) -> None:
    """Add the ``rules`` command group to the app."""
    rules_app.command("explain")(with_assumption_flags(explain))
    app.add_typer(rules_app, name="rules")
