"""Terminal output of ``decide`` and the ``rules`` commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from tune_or_prompt.cli.tables import console, show
from tune_or_prompt.verdicts import VERDICT_LABELS, VERDICT_WORDS
from tune_or_prompt.words import share

if TYPE_CHECKING:
    from tune_or_prompt.decision import Decision
    from tune_or_prompt.rules import RuleSet
    from tune_or_prompt.rules.explain import Explanation
    from tune_or_prompt.ruletools.coverage import Coverage
    from tune_or_prompt.ruletools.lint import LintReport
    from tune_or_prompt.ruletools.testing import TestRun
    from tune_or_prompt.tco import TcoReport

VERDICTS = {k: v.banner for k, v in VERDICT_LABELS.items() if k != "tie"}


def _path(verdict: str) -> str:
    """Name a path as the memo does: "fine-tuning", "prompt engineering"."""
    return VERDICT_WORDS.get(verdict, verdict.replace("_", " "))


def confidence_words(decision: Decision) -> str:
    """Return the confidence with what it is a share of: "confidence 98% of 10,000 draws", or the rule score."""
    if decision.confidence_basis == "draws" and decision.confidence_draws:
        return f"confidence {share(decision.confidence)} of {decision.confidence_draws:,} draws"
    return f"rule score {decision.rule_score:.2f}, no draws"


def print_decision(decision: Decision, report: TcoReport) -> None:
    """Print the verdict, the fired rules in firing order, the gates and the notes."""
    from tune_or_prompt.cli.views import verdict_line

    con = console()
    scores = ", ".join(f"{_path(k)} {v:g}" for k, v in decision.scores.items())
    con.print(f"Verdict: {VERDICTS[decision.verdict]}  ({confidence_words(decision)}; scores: {scores})",
              style="bold")
    table = Table(title="Rules that fired, in firing order")
    for col in ("#", "rule", "pack"):
        table.add_column(col, no_wrap=True)
    for col in ("argues for", "strength", "because"):
        table.add_column(col)
    for n, r in enumerate(decision.fired, start=1):
        table.add_row(str(n), r.id, r.pack, _path(r.verdict), r.strength, r.because)
    show(con, table)
    gates = [g for g in decision.gates if g.status != "to_do"]
    if gates:
        gt = Table(title="Gates before fine-tuning")
        for col in ("gate", "status", "blocking"):
            gt.add_column(col, no_wrap=True)
        gt.add_column("detail")
        for g in gates:
            gt.add_row(g.id, g.status, "yes" if g.blocking else "no", g.detail)
        show(con, gt)
    for note in decision.notes:
        con.print(f"Note: {note}")
    for item in decision.must_be_true:
        con.print(f"Before fine-tuning: {item}")
    con.print(verdict_line(report))
    con.print(f"Engine: {decision.engine}; packs: {', '.join(decision.packs)}.")


def ruleset_rows(ruleset: RuleSet) -> dict[str, Any]:
    """Return the rules and steps in effect as plain data (``rules list --format json``)."""
    return {
        "packs": [
            {"name": p.name, "path": p.path, "builtin": p.builtin, "description": p.description}
            for p in ruleset.packs
        ],
        "rules": [
            {
                "id": r.id,
                "pack": r.pack,
                "source": r.source,
                "verdict": r.verdict,
                "strength": r.strength_words(),
                "priority": r.priority,
                "when": r.condition_words(),
                "replaces": r.replaces,
            }
            for r in ruleset.rules
        ],
        "steps": [
            {
                "id": s.id,
                "pack": s.pack,
                "source": s.source,
                "path": s.path,
                "title": s.title,
                "gate": s.met_when is not None,
                "blocking": s.blocking,
            }
            for s in ruleset.steps
        ],
        "questions": [q.model_dump() for q in ruleset.questions],
    }


def print_ruleset(ruleset: RuleSet) -> None:
    """Print the rules in effect (firing order) and the validation steps."""
    con = console()
    table = Table(title="Rules in effect, in firing order")
    for col in ("rule", "pack", "file"):
        table.add_column(col, no_wrap=True)
    for col in ("argues for", "strength", "when"):
        table.add_column(col)
    for r in ruleset.rules:
        pack = f"{r.pack} (replaces {r.replaces})" if r.replaces else r.pack
        table.add_row(
            r.id,
            pack,
            r.source,
            _path(r.verdict),
            r.strength_words(),
            r.condition_words(),
        )
    show(con, table)
    steps = Table(title="Validation steps")
    for col in ("step", "pack"):
        steps.add_column(col, no_wrap=True)
    for col in ("path", "kind", "title"):
        steps.add_column(col)
    for s in ruleset.steps:
        kind = ("blocking gate" if s.blocking else "gate") if s.met_when else "advice"
        steps.add_row(s.id, s.pack, _path(s.path), kind, s.title)
    show(con, steps)
    if ruleset.questions:
        con.print("House questions: " + ", ".join(q.id for q in ruleset.questions))


def emit(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` atomically and say so on stderr."""
    if output is None:
        typer.echo(text, nl=False)
        return
    from tune_or_prompt.outfile import atomic_write

    atomic_write(output, text)
    typer.echo(f"tune-or-prompt: wrote {output}", err=True)


def _pct(x: float) -> str:
    return f"{x:.0f}%" if x == int(x) else f"{x:.1f}%"


def test_report(run: TestRun, cov: Coverage | None, *, detailed: bool) -> str:
    """Return ``rules test``'s text report: one line per failing case, a summary, the coverage."""
    lines = [r.line() for r in run.failed]
    n, failed = len(run.results), len(run.failed)
    lines.append(
        f"{n} case{'s' if n != 1 else ''}: {n - failed} passed, {failed} failed "
        f"(packs {', '.join(run.tested)}; engine {run.engine})"
    )
    if run.untested:
        lines.append(f"No test cases: pack {', '.join(run.untested)}.")
    if cov is not None:
        lines += coverage_lines(cov, detailed=detailed)
    return "\n".join(lines) + "\n"


def coverage_lines(cov: Coverage, *, detailed: bool) -> list[str]:
    """Return the coverage report: totals, and with ``detailed`` every rule and step."""
    covered = sum(i.cases > 0 for i in cov.items)
    both = sum(c.seen_true and c.seen_false for c in cov.comparisons)
    lines = [
        f"Coverage: {covered}/{len(cov.items)} rules and steps exercised ({_pct(cov.items_pct)}); "
        f"{both}/{len(cov.comparisons)} comparisons seen both true and false ({_pct(cov.comparisons_pct)})."
    ]
    if not detailed:
        return lines
    width = max((len(i.id) for i in cov.items), default=4)
    lines.append(f"  {'rule or step':<{width}}  {'kind':<6}  cases  source")
    for i in cov.items:
        lines.append(f"  {i.id:<{width}}  {i.kind:<6}  {i.cases:>5}  {i.source}")
    uncovered = cov.uncovered()
    if uncovered:
        lines.append("Not exercised by any case: " + ", ".join(i.id for i in uncovered) + ".")
    for c in cov.comparisons:
        if not (c.seen_true and c.seen_false):
            seen = "only true" if c.seen_true else "only false" if c.seen_false else "never"
            lines.append(f"  {c.where}: {c.owner}: {c.text}: seen {seen}")
    return lines


def check_item_id(ruleset: RuleSet, item_id: str) -> None:
    """Raise a UserError, with a "did you mean", unless ``item_id`` is a rule or step in effect."""
    from tune_or_prompt.errors import UserError
    from tune_or_prompt.yamlfile import suggest

    ids = [r.id for r in ruleset.rules] + [s.id for s in ruleset.steps]
    if item_id not in ids:
        hint = suggest(item_id, ids)
        raise UserError(f"--rule: no rule or step {item_id!r} in effect" + (f"; {hint}" if hint else ""))


def explanation_rows(found: list[Explanation]) -> list[dict[str, Any]]:
    """Return the explanations as plain data (``rules explain --format json``)."""
    from tune_or_prompt.rules.explain import failure_words, meet_words

    return [
        {
            "id": e.id,
            "kind": e.kind,
            "pack": e.pack,
            "source": e.source,
            "outcome": e.outcome,
            "condition": e.condition,
            "failed": e.failed.as_dict() if e.failed else None,
            "reason": failure_words(e.failed) if e.failed else None,
            "to_meet": [meet_words(f) for f in e.to_meet],
        }
        for e in found
    ]


def explanation_text(found: list[Explanation], decision: Decision) -> str:
    """Return ``rules explain``'s text: one paragraph per rule and step, then the verdict."""
    from tune_or_prompt.rules.explain import failure_words, meet_words
    from tune_or_prompt.rules.policy import LABEL

    lines = []
    fired = {r.id: r for r in decision.fired}
    for e in found:
        head = f"{e.kind} {e.id} ({e.pack}, {e.source}): {e.outcome}"
        if e.id in fired:
            head += f" ({fired[e.id].strength}, for {LABEL[fired[e.id].verdict]})"
        if e.kind == "rule" and e.failed is not None:
            head += f": {failure_words(e.failed)}"
        elif e.kind == "gate" and e.to_meet:
            head += "; to meet it: " + ", ".join(meet_words(f) for f in e.to_meet)
        lines.append(head)
        if e.condition:
            lines.append(f"    when {e.condition}" if e.kind == "rule" else f"    met when {e.condition}")
    lines.append(
        f"Verdict: {VERDICTS[decision.verdict]} (rule score {decision.rule_score:.2f}); "
        f"engine {decision.engine}."
    )
    return "\n".join(lines) + "\n"


def lint_text(report: LintReport) -> str:
    """Return ``rules lint``'s text: every finding with its caret and hint, then a count."""
    parts = [f.render() for f in report.findings]
    errors, warnings = len(report.errors), len(report.warnings)
    if not report.findings:
        parts.append("rules lint: no findings.")
    else:
        parts.append(f"rules lint: {errors} error{'s' if errors != 1 else ''}, "
                     f"{warnings} warning{'s' if warnings != 1 else ''}.")
    return "\n".join(parts) + "\n"


def lint_rows(report: LintReport) -> list[dict[str, Any]]:
    """Return the findings as plain data (``rules lint --format json``)."""
    rows = []
    for f in report.findings:
        loc = f.problem.location
        rows.append({
            "code": f.code,
            "severity": f.severity,
            "subject": f.subject,
            "file": loc.path if loc else None,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "message": f.problem.message,
            "help": f.problem.help,
            "witness": f.witness,
        })
    return rows
