"""`render(advice, "madr")`: the decision as a Markdown Architecture Decision Record."""

from __future__ import annotations

import pytest

from tests.memo.conftest import make_decision
from tune_or_prompt.advice import Advice
from tune_or_prompt.answers import Answers
from tune_or_prompt.memo import FORMATS, render
from tune_or_prompt.tco import TcoReport


def advice_for(tco: TcoReport, verdict: str = "prompt_engineering") -> Advice:
    return Advice(answers=Answers(workload="Ticket *triage*"), tco=tco, decision=make_decision(verdict),
                  engine="reference evaluator", command="tune-or-prompt advise --format madr",
                  packs=["builtin"])


def test_madr_is_a_format() -> None:
    assert "madr" in FORMATS


def test_madr_has_the_record_sections_costs_and_fired_rules(tco: TcoReport) -> None:
    text = render(advice_for(tco), "madr")
    assert text.startswith("---\nstatus: proposed\n")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[:6] == [
        "# Prompt engineering for Ticket \\*triage\\*",
        "## Context and Problem Statement",
        "## Decision Drivers",
        "## Considered Options",
        "## Decision Outcome",
        "### Consequences",
    ]
    assert "## Pros and Cons of the Options" in headings and "## More Information" in headings
    assert ('Chosen option: "Prompt engineering": it is what the weighed rules below favour. No uncertainty '
            "draws were run, so there is no confidence from them; the rule score of the rules' vote is 86%") in text
    pe, ft = tco.prompt_engineering.total_usd, tco.fine_tuning.total_usd
    assert f"| **Total** | **${pe:,.2f}** | **${ft:,.2f}** |" in text
    for rule in make_decision().fired:
        assert f"| `{rule.id}` | {rule.pack} |" in text
    assert "* Good: Prompting costs" in text and "* Bad: 250,000,000 tokens" in text
    assert "<svg" not in text and "chart" not in text.lower()
    assert "```sh\ntune-or-prompt advise --format madr\n```" in text


@pytest.mark.parametrize("verdict", ["fine_tuning", "prompt_engineering_first", "undecided"])
def test_madr_for_every_verdict(tco: TcoReport, verdict: str) -> None:
    text = render(advice_for(tco, verdict), "madr")
    if verdict == "undecided":
        assert "No option is chosen yet" in text
    else:
        assert "Chosen option:" in text
    if verdict == "prompt_engineering_first":
        assert "* Prompt engineering first, fine-tuning once its gates are met" in text
