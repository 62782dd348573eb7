"""Terminal output of ``decide`` and ``rules list``."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from tune_or_prompt.cli.tables import console, show
from tune_or_prompt.decision import Decision
from tune_or_prompt.rules import RuleSet
from tune_or_prompt.tco import TcoReport

VERDICTS = {
    "prompt_engineering": "PROMPT ENGINEERING",
    "fine_tuning": "FINE-TUNING",
    "prompt_engineering_first": "PROMPT ENGINEERING FIRST (fine-tuning later)",
    "undecided": "UNDECIDED",
}


def print_decision(decision: Decision, report: TcoReport) -> None:
    """Print the verdict, the fired rules in firing order, the gates and the notes."""
    from tune_or_prompt.cli.views import verdict_line

    con = console()
    scores = ", ".join(f"{k.replace('_', ' ')} {v:g}" for k, v in decision.scores.items())
    con.print(
        f"Verdict: {VERDICTS[decision.verdict]}  (confidence {decision.confidence:.2f}; "
        f"scores: {scores})",
        style="bold",
    )
    table = Table(title="Rules that fired, in firing order")
    for col in ("#", "rule", "pack"):
        table.add_column(col, no_wrap=True)
    for col in ("argues for", "strength", "because"):
        table.add_column(col)
    for n, r in enumerate(decision.fired, start=1):
        table.add_row(str(n), r.id, r.pack, r.verdict.replace("_", " "), r.strength, r.because)
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
            r.verdict.replace("_", " "),
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
        steps.add_row(s.id, s.pack, s.path.replace("_", " "), kind, s.title)
    show(con, steps)
    if ruleset.questions:
        con.print("House questions: " + ", ".join(q.id for q in ruleset.questions))
