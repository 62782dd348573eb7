"""The memo says what the Advice says: every section, every figure, every fired rule."""

from __future__ import annotations

import json
import re

import pytest
from markupsafe import escape

from tests.memo.conftest import VOLUME_NOTE, make_advice, make_decision
from tune_or_prompt.advice import Advice
from tune_or_prompt.memo import render
from tune_or_prompt.memo.content import VERDICT_LABELS
from tune_or_prompt.memo.filters import md, usd
from tune_or_prompt.memo.view import CATEGORY_LABELS
from tune_or_prompt.tco import TcoReport

SECTIONS = [
    "Why",
    "Cost over 36 months",
    "Paths compared",
    "Cumulative cost, month by month",
    "Break-even",
    "What would change the answer",
    "Validation checklist",
    "Hidden costs to watch",
    "Side by side",
    "Assumptions",
    "Inputs",
    "Sources",
]


@pytest.fixture(scope="module")
def md_memo(tco: TcoReport) -> str:
    return render(make_advice(tco), "md", chart_href="memo.chart.svg")


@pytest.fixture(scope="module")
def html_memo(tco: TcoReport) -> str:
    return render(make_advice(tco), "html")


def md_row(memo: str, first_cell: str) -> list[str]:
    """The cells of the Markdown table row whose first cell is ``first_cell``."""
    for line in memo.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no table row {first_cell!r}")


def html_row(memo: str, first_cell: str) -> list[str]:
    """The text of the cells of the HTML table row whose first cell is ``first_cell``."""
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", memo, flags=re.DOTALL):
        cells = [re.sub(r"<[^>]+>", "", c).strip()
                 for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.DOTALL)]
        if cells and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no table row {first_cell!r}")


def test_markdown_has_every_section_in_order(md_memo: str) -> None:
    headings = re.findall(r"^## (.+)$", md_memo, flags=re.MULTILINE)
    assert headings == SECTIONS
    assert md_memo.startswith("# Customer-support chatbot: fine-tune or keep prompting?")
    assert "2025-01-15" in md_memo


def test_html_has_every_section_in_order(html_memo: str) -> None:
    headings = re.findall(r"<h2>(.+?)</h2>", html_memo)
    assert headings == SECTIONS
    assert "<h1>Customer-support chatbot: " in html_memo
    assert "2025-01-15" in html_memo


def test_recommendation_sentence_with_the_rule_score_when_no_draws_ran(md_memo: str, html_memo: str) -> None:
    assert "> **Recommendation: Prompt engineering.**" in md_memo
    rule_score = ("No uncertainty draws were run, so there is no confidence from them; the rule score of the "
                  "rules' vote is 86% (how one-sided the vote was, not how likely the recommendation is to hold).")
    assert f"> {rule_score}" in md_memo
    assert '<p class="verdict-value">Prompt engineering</p>' in html_memo
    assert rule_score.replace("'", "&#39;") in html_memo
    assert 'class="meter"' not in html_memo  # a rule score is not a share: no gauge


def test_recommendation_sentence_counts_the_draws(tco: TcoReport) -> None:
    decision = make_decision("prompt_engineering_first").model_copy(update={
        "confidence": 0.9527, "confidence_basis": "draws", "confidence_draws": 10_000,
        "verdict_shares": {"prompt_engineering_first": 0.9527, "prompt_engineering": 0.0473}})
    advice = make_advice(tco).model_copy(update={"decision": decision})
    md = render(advice, "md")
    assert ("> Confidence 95%: in 9,527 of 10,000 draws over the assumptions' ranges, the whole decision (costs, "
            "rules and gates) still recommends prompt engineering first, fine-tuning once its gates are met; in 473 "
            "it recommends prompt engineering.") in md
    almost = decision.model_copy(update={"confidence": 0.9996, "verdict_shares": {
        "prompt_engineering_first": 0.9996, "prompt_engineering": 0.0004}})
    assert "> Confidence 99.96%: in 9,996 of 10,000 draws" in render(
        advice.model_copy(update={"decision": almost}), "md")
    html = render(advice, "html")
    assert 'aria-label="confidence 95%: the share of the draws giving this recommendation"' in html


@pytest.mark.parametrize("verdict", list(VERDICT_LABELS)[:4])
def test_every_verdict_gets_its_label(tco: TcoReport, verdict: str) -> None:
    advice = make_advice(tco, verdict=verdict)
    assert VERDICT_LABELS[verdict] in render(advice, "md")
    assert escape(VERDICT_LABELS[verdict]) in render(advice, "html")


def test_group_figures_equal_the_tco_report(tco: TcoReport, md_memo: str,
                                            html_memo: str) -> None:
    pe, ft = tco.prompt_engineering, tco.fine_tuning
    for label, group in [("Initial", "initial"), ("Operational", "operational"),
                         ("Maintenance", "maintenance"), ("Hidden", "hidden")]:
        expected = [label, usd(pe.groups[group]), usd(ft.groups[group])]
        assert md_row(md_memo, label) == expected
        assert html_row(html_memo, label) == expected
    assert md_row(md_memo, "**Total**") == ["**Total**", f"**{usd(pe.total_usd)}**",
                                           f"**{usd(ft.total_usd)}**"]
    assert html_row(html_memo, "Total") == ["Total", usd(pe.total_usd), usd(ft.total_usd)]
    savings = usd(tco.savings_with_prompting_usd)
    assert md_row(md_memo, "Fine-tuning minus prompting")[-1] == savings
    assert html_row(html_memo, "Fine-tuning minus prompting")[-1] == savings


def test_category_figures_equal_the_tco_report(tco: TcoReport, md_memo: str,
                                               html_memo: str) -> None:
    pe, ft = tco.prompt_engineering.breakdown, tco.fine_tuning.breakdown
    for category in {*pe, *ft}:
        label = CATEGORY_LABELS[category]
        want = [usd(pe[category]) if category in pe else "—",
                usd(ft[category]) if category in ft else "—"]
        assert md_row(md_memo, md(label))[-2:] == want
        assert html_row(html_memo, label)[-2:] == want


def test_figures_match_the_report_json(tco: TcoReport, md_memo: str) -> None:
    # The report as a script sees it: every money figure round-trips through JSON unchanged.
    data = json.loads(tco.model_dump_json())
    for path in ("prompt_engineering", "fine_tuning"):
        groups = {k: v for k, v in data[path]["groups"].items() if k != "errors" or v}  # no errors row at 0
        for value in [*data[path]["breakdown"].values(), *groups.values(), data[path]["total_usd"]]:
            assert usd(value) in md_memo
    assert usd(abs(data["savings_with_prompting_usd"])) in md_memo


def test_fired_rules_strongest_first_with_the_facts_they_read(md_memo: str,
                                                              html_memo: str) -> None:
    ids = ["prompting\\_cheaper\\_over\\_horizon", "volume\\_above\\_10m\\_tokens",
           "little\\_production\\_data"]
    positions = [md_memo.index(i) for i in ids]
    assert positions == sorted(positions)
    assert "monthly\\_tokens = 250,000,000" in md_memo
    assert "pe\\_total\\_usd = \\$49,776.00" in md_memo
    for rule_id in ("prompting_cheaper_over_horizon", "volume_above_10m_tokens"):
        assert f"<code>{rule_id}</code>" in html_memo
    assert "<code>monthly_tokens</code> = 250,000,000" in html_memo
    assert "(rules/volume.yaml:12)" in html_memo


def test_conflict_notes_open_the_trace_under_why(md_memo: str, html_memo: str) -> None:
    trace = md_memo.index("### Trace")
    assert md_memo.index("> **Note:** " + md(VOLUME_NOTE)) - trace < 20
    details = html_memo.index('<details class="trace">')
    assert 0 < html_memo.index(escape(VOLUME_NOTE)) - details < 300


def test_break_even_never_and_no_volume(md_memo: str) -> None:
    assert "Fine-tuning does not break even within 36 months" in md_memo
    # As the serverless LoRA priced above, from about 7.4M queries a month (tests/tco/test_breakeven.py).
    assert "Fine-tuning pays off above 7,361,739 queries/month (month-1 volume) at these prices; this workload " \
        "starts at 100,000" in md_memo


def test_break_even_volume_sentence(tco: TcoReport) -> None:
    moved = tco.model_copy(update={"break_even": tco.break_even.model_copy(
        update={"month": 14, "queries_per_month": 1_234_567.3, "option": tco.fine_tuning.option})})
    memo = render(make_advice(moved), "md")
    assert "Fine-tuning breaks even in month 14" in memo
    # Queries come whole: the threshold is rounded up, to a volume that does pay off.
    assert ("Fine-tuning pays off above 1,234,568 queries/month (month-1 volume) at these "
            "prices; this workload starts at 100,000, so its volume would have to grow 12.3 "
            "times.") in memo


def test_what_would_change(md_memo: str, html_memo: str) -> None:
    assert "**Accuracy target** (now 90%; flips at 95%)" in md_memo
    assert "Above a 95% accuracy target the rules favour fine-tuning." in html_memo
    assert "- **Query volume**: No query volume makes fine-tuning cheaper at these prices." in md_memo


def test_checklist_for_prompting(md_memo: str) -> None:
    section = md_memo[md_memo.index("## Validation checklist"):md_memo.index("## Hidden costs")]
    assert "❔ unknown: **An evaluation benchmark of 100-500 cases exists**" in section
    assert "✅ met: **The accuracy target" in section
    assert "Six months of production data" not in section  # a fine-tuning gate
    assert "What must become true" not in section


def test_checklist_for_prompting_first_lists_must_be_true(tco: TcoReport) -> None:
    memo = render(make_advice(tco, verdict="prompt_engineering_first"), "md")
    section = memo[memo.index("## Validation checklist"):memo.index("## Hidden costs")]
    assert "### Before moving to fine-tuning" in section
    assert "❌ unmet: **Six months of production data** (blocking)" in section
    assert "### What must become true before fine-tuning" in section
    assert "- [ ] Six months of production data show prompting plateaued below 90%." in section
    page = render(make_advice(tco, verdict="prompt_engineering_first"), "html")
    assert "Fine-tuning&#39;s break-even falls within the horizon." in page


def test_assumptions_list_every_row(tco: TcoReport, md_memo: str, html_memo: str) -> None:
    sources = md_memo.split("\n## Sources\n")[1]
    listed = re.findall(r"^(\d+)\. (.*)$", sources, flags=re.MULTILINE)
    assert [int(n) for n, _ in listed] == list(range(1, len(listed) + 1))
    by_text = {text: n for n, text in listed}
    for row in tco.assumptions:
        assert f"`{row.name}`" in md_memo
        # Each row points at its source's number; the list at the end spells the source out.
        n = by_text[md(row.source)]
        assert md_row(md_memo, f"`{row.name}`: {md(row.description)}")[-1] == f"[{n}]"
        assert f"<code>{row.name}</code>" in html_memo
        assert f'<li id="source-{n}">{escape(row.source)}</li>' in html_memo
    assert len(set(by_text)) == len(listed)  # each source once
    assert "durable\\_rules 2.0.28" in md_memo
    assert "tune-or-prompt 0.1.0" in html_memo


def test_inputs_and_regenerating_command(advice: Advice, md_memo: str, html_memo: str) -> None:
    assert f"```sh\n{advice.command}\n```" in md_memo
    assert f"<pre><code>{advice.command}</code></pre>" in html_memo
    assert "| data\\_residency | eu |" in md_memo
    assert "(`production_data_months`)" in md_memo


def test_markdown_to_stdout_says_where_the_chart_is(advice: Advice) -> None:
    memo = render(advice, "md")
    assert "Chart not included" in memo
    assert ".svg" not in memo


def test_markdown_links_the_chart(md_memo: str) -> None:
    assert "![Cumulative cost of both paths over 36 months](memo.chart.svg)" in md_memo


def test_html_inlines_the_chart(html_memo: str) -> None:
    # Two charts: the cumulative cost and, under "Paths compared", each path's total against its accuracy.
    assert html_memo.count("<svg ") == 2 and html_memo.count('class="paths-chart"') == 1
    assert ">Fine-tuning never breaks even within 36 months</text>" in html_memo


def test_json_is_the_whole_advice(advice: Advice) -> None:
    data = json.loads(render(advice, "json"))
    assert data == json.loads(advice.model_dump_json())
    assert Advice.model_validate(data) == advice


def test_unknown_format_is_refused(advice: Advice) -> None:
    with pytest.raises(ValueError, match="unknown memo format"):
        render(advice, "pdf")  # type: ignore[arg-type]


def test_reference_steps_stand_in_only_for_a_path_without_gates(tco: TcoReport,
                                                                md_memo: str) -> None:
    assert "How to carry it out" not in md_memo  # the packs' gates already cover both paths
    advice = make_advice(tco, verdict="prompt_engineering_first")
    advice.decision.gates = [g for g in advice.decision.gates if g.path == "prompt_engineering"]
    memo = render(advice, "md")
    section = memo[memo.index("## Validation checklist"):memo.index("## Hidden costs")]
    assert "- No validation gates are defined for fine-tuning." in section
    assert "### How to carry it out" in section
    assert "1. Prove prompting has hit its limit: Try 3-5 strong few-shot examples." in section
    assert "Build a prompt library" not in section


def test_inputs_point_at_the_answers_sources(md_memo: str, html_memo: str) -> None:
    sources = dict(re.findall(r"^(\d+)\. (.*)$", md_memo.split("\n## Sources\n")[1], flags=re.MULTILINE))
    cell = md_row(md_memo, "How many queries a month? (`queries_per_month`)")[-1]
    n = cell.strip("[]")
    assert sources[n].startswith('"Fine-Tuning vs Prompt Engineering: 3-Year Total Cost of Ownership Analysis"')
    assert sources[n].endswith("its worked example, a customer-support chatbot")
    assert f'<a href="#source-{n}">[{n}]</a>' in html_memo
    # The memo's fixed figures point at the article too.
    assert re.search(r"side-by-side comparison \[\d+\]", md_memo)


def test_markdown_blocks_are_separated_by_blank_lines(md_memo: str) -> None:
    # A line that opens a block (a list item, a heading, a table, "Not available ...") after an emphasised note
    # would otherwise run into the note's paragraph.
    lines = md_memo.splitlines()
    at = lines.index("Not available for this workload:")
    assert lines[at - 1] == "" and lines[at + 1] == ""
    for i, line in enumerate(lines[1:], 1):
        if line.startswith("*") and line.endswith(".*") and not line.startswith("**"):
            assert i + 1 == len(lines) or lines[i + 1] == "", line
