""""Why" opens with plain sentences; rule ids, packs and files wait in a collapsed trace.

And the memo says which figure to budget: the P50, with the P90 as the ceiling.
"""

from __future__ import annotations

import re

import pytest

from tests.memo.conftest import make_advice
from tune_or_prompt.memo import render
from tune_or_prompt.memo.why import budget_sentence, why_sentences
from tune_or_prompt.tco import Assumptions, TcoReport, Workload, compute_tco

# The conftest's decision: prompting 5 against fine-tuning 2, with the volume rule (moderate,
# for fine-tuning) the strongest reason the other way; the article's example costs.
LEAD = [
    "Recommended: prompt engineering.",
    "Over 36 months it costs $49,604.93 against $123,151.24 for fine-tuning, a saving of $73,546.31.",
    "What argued the other way: 250,000,000 tokens a month is above the 10M tokens a month at which "
    "the decision tree says to consider fine-tuning.",
]


def test_plain_sentences_for_a_prompting_verdict(tco: TcoReport) -> None:
    assert why_sentences(make_advice(tco)) == LEAD


def test_prompting_first_names_the_conditions_in_words(tco: TcoReport) -> None:
    lead = why_sentences(make_advice(tco, verdict="prompt_engineering_first"))
    assert lead[0] == ("Recommended: start with prompt engineering, and move to fine-tuning once 2 conditions "
                       "are met (six months of production data; prompting has plateaued below the target).")


def test_a_fine_tuning_verdict_dearer_than_prompting_says_so(tco: TcoReport) -> None:
    lead = why_sentences(make_advice(tco, verdict="fine_tuning"))
    assert lead[0] == "Recommended: fine-tuning."
    # $123,151.24 - $49,604.93 = $73,546.31 more.
    assert lead[1] == ("Over 36 months it costs $123,151.24, $73,546.31 more than prompt engineering "
                       "($49,604.93): the reasons for it outweigh the difference.")
    assert lead[2].startswith("What argued the other way (and 1 more reason in the trace): prompting costs")


def test_rule_ids_packs_and_files_only_in_the_trace(tco: TcoReport) -> None:
    advice = make_advice(tco)
    md = render(advice, "md")
    why = md.split("## Why\n")[1].split("\n## ")[0]
    lead, trace = why.split("### Trace")
    assert lead.strip() == " ".join(LEAD).replace("$", "\\$")
    for rule in advice.decision.fired:
        assert rule.id.replace("_", "\\_") not in lead and rule.source not in lead
        assert rule.id.replace("_", "\\_") in trace and rule.source in trace
    html = render(advice, "html")
    section = html.split('<section id="why">')[1].split("</section>")[0]
    before, details = section.split('<details class="trace">')
    assert "<summary>Trace:" in details
    for rule in advice.decision.fired:
        assert rule.id not in before and rule.id in details
    assert re.search(r'<p class="why-lead">Recommended: prompt engineering\. Over 36 months', before)


@pytest.fixture(scope="module")
def analysed() -> TcoReport:
    return compute_tco(Workload(), Assumptions(), uncertainty_draws=10_000, random_seed=0)


def test_the_memo_says_which_figure_to_budget(analysed: TcoReport) -> None:
    advice = make_advice(analysed)
    # Prompting's P50 $58,133.42 over its point estimate $49,604.93: 8,528.49 / 49,604.93 = 17.2%.
    assert budget_sentence(advice) == (
        "To budget prompt engineering, plan on the P50 of $58,133.42 and hold the P90 of $78,829.79 as the "
        "ceiling: the point estimate of $49,604.93 takes every assumption at its likely value and sits 17% "
        "below the P50, because the assumptions' ranges reach further above their likely values than below them.")
    assert budget_sentence(advice) in render(advice, "md")
    assert budget_sentence(make_advice(analysed, verdict="fine_tuning")).startswith(  # type: ignore[union-attr]
        "To budget fine-tuning, plan on the P50 of $151,877.89")


def test_no_budget_sentence_without_draws(tco: TcoReport) -> None:
    assert budget_sentence(make_advice(tco)) is None
