"""The cumulative-cost chart."""

from __future__ import annotations

from tune_or_prompt.memo.chart import _short_usd, cumulative_cost_svg
from tune_or_prompt.tco import TcoReport


def test_chart_is_an_inline_svg_saying_there_is_no_break_even(tco: TcoReport) -> None:
    svg = cumulative_cost_svg(tco)
    assert svg.startswith('<svg role="img" aria-label="Cumulative cost of both paths over 36')
    assert svg.rstrip().endswith("</svg>")
    assert "fine-tuning never breaks even within 36 months" in svg
    assert "Prompt engineering" in svg and "Fine-tuning" in svg
    assert "<metadata>" not in svg and "<?xml" not in svg


def test_chart_marks_the_break_even_month(tco: TcoReport) -> None:
    moved = tco.model_copy(update={"break_even": tco.break_even.model_copy(update={"month": 9})})
    assert "fine-tuning breaks even in month 9" in cumulative_cost_svg(moved)


def test_chart_is_deterministic(tco: TcoReport) -> None:
    assert cumulative_cost_svg(tco) == cumulative_cost_svg(tco)


def test_axis_labels() -> None:
    assert [_short_usd(x) for x in (0, 950, 12_000, 250_000, 1_500_000)] == [
        "$0", "$950", "$12K", "$250K", "$1.5M"]
