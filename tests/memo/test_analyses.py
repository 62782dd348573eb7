"""The memo shows the spread, the tornado and the cost flip points when they were computed."""

from __future__ import annotations

import pytest

from tests.memo.conftest import make_advice
from tune_or_prompt.advice import Advice
from tune_or_prompt.memo.render import render
from tune_or_prompt.tco import Assumptions, TcoReport, Workload, compute_tco


@pytest.fixture(scope="module")
def analysed() -> TcoReport:
    return compute_tco(Workload(), Assumptions(), uncertainty_draws=10_000, random_seed=0, sensitivity=True)


@pytest.fixture
def advice_with_analyses(analysed: TcoReport) -> Advice:
    return make_advice(analysed)


def test_markdown_shows_the_spread_table_and_sentence(advice_with_analyses: Advice) -> None:
    md = render(advice_with_analyses, "md")
    u = advice_with_analyses.tco.uncertainty
    assert u is not None
    assert "## How sure are these figures" in md
    assert "Fine-tuning is cheaper in none of the 10,000 draws. It breaks even within 36 months in none of them." in md
    p = u.prompt_engineering
    assert f"| Prompt engineering | ${p.p10_usd:,.2f} | ${p.p50_usd:,.2f} | ${p.p90_usd:,.2f} |" in md


def test_markdown_shows_the_tornado_as_a_table(advice_with_analyses: Advice) -> None:
    md = render(advice_with_analyses, "md")
    assert "## Which assumption matters most" in md
    assert "| Months between retrainings | 1 to 6 months | $144,942.91 | $54,921.11 | $90,021.80 |" in md
    assert "| Engineer rate | \\$150/hour to \\$250/hour | $56,446.31 | $90,646.31 | $34,200.00 |" in md
    assert "<svg" not in md.split("## Which assumption matters most")[1].split("##")[0]


def test_cost_flips_outside_their_range_are_named_in_one_line(advice_with_analyses: Advice) -> None:
    # The defaults: prompt maintenance (14.3 hours/month against 2-10) and monitoring ($2,100/month
    # against $0-200) flip the cheaper path only far outside their ranges, so neither is listed; the
    # line names them, nearest first. Prompt development is paid on both paths, so it never flips.
    flips = advice_with_analyses.tco.sensitivity.flips  # type: ignore[union-attr]
    assert {f.parameter for f in flips} == {"pe_maintenance_hours_per_month", "pe_monitoring_usd_per_month"}
    assert not any(f.within_range for f in flips)
    md = render(advice_with_analyses, "md")
    section = md.split("## What would change the answer")[1].split("## Validation")[0]
    assert "Cost assumptions that would change the cheaper path" in section
    assert "No single cost assumption, moved alone within its range, changes which path is cheaper." in section
    assert "14.3 hours/month" not in section and "$2,100/month" not in section
    assert section.rstrip().endswith("No change within the plausible range of: prompt maintenance effort, "
                                     "prompt monitoring.")
    html = render(advice_with_analyses, "html")
    assert ('<p class="muted beyond-range">No change within the plausible range of: prompt maintenance '
            "effort, prompt monitoring.</p>") in html
    assert "14.3 hours/month" not in html


def test_cost_flips_within_their_range_are_listed_nearest_first() -> None:
    # gpt-4o just below its break-even volume: self-hosting costs nearly what the API does, so
    # several assumptions flip the cheaper path within their own ranges.
    volume = compute_tco(Workload(api_model="gpt-4o"), Assumptions()).break_even.queries_per_month
    assert volume is not None
    report = compute_tco(Workload(api_model="gpt-4o", queries_per_month=volume * 0.97), Assumptions(),
                         sensitivity=True)
    advice = make_advice(report)
    sens = report.sensitivity
    assert sens is not None
    listed = [f for f in sens.flips if f.within_range]
    assert len(listed) >= 2
    md = render(advice, "md")
    section = md.split("**Cost assumptions that would change the cheaper path:**")[1].split("## Validation")[0]
    shown = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(shown) == len(listed)
    distance = {f.label: abs(f.threshold - f.current) / (f.high - f.low) for f in listed}
    order = [next(f.label for f in listed if f.sentence.replace("$", "\\$") in line) for line in shown]
    assert [distance[label] for label in order] == sorted(distance[label] for label in order)
    assert all("within its range" in line for line in shown)


def test_html_shows_the_tornado_chart_and_the_spread(advice_with_analyses: Advice) -> None:
    html = render(advice_with_analyses, "html")
    assert '<section id="spread">' in html and '<section id="sensitivity">' in html
    tornado = html.split('<section id="sensitivity">')[1].split("</section>")[0]
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Tornado chart' in tornado
    assert "Months between retrainings" in tornado
    assert "Fine-tuning is cheaper in none of the 10,000 draws." in html
    assert '<a href="#spread">Spread</a>' in html


def test_nothing_extra_without_the_analyses(tco: TcoReport) -> None:
    advice = make_advice(tco)
    md, html = render(advice, "md"), render(advice, "html")
    for text in (md, html):
        assert "How sure are these figures" not in text
        assert "Which assumption matters most" not in text
        assert "Cost assumptions that would change" not in text


def test_a_house_template_can_replace_the_new_blocks(advice_with_analyses: Advice, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "memo.md.j2").write_text('{% extends "default/memo.md.j2" %}{% block sensitivity %}NO TORNADO\n'
                                         '{% endblock %}', encoding="utf-8")
    md = render(advice_with_analyses, "md", templates=tmp_path)
    assert "NO TORNADO" in md and "Which assumption matters most" not in md
