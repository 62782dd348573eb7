"""The memo's charts: one style, axes from $0 and month 0, labels inside the picture."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tune_or_prompt.memo import svg as style
from tune_or_prompt.memo.chart import LEFT, RIGHT, cumulative_cost_svg
from tune_or_prompt.memo.tornado import tornado_svg
from tune_or_prompt.tco import Assumptions, TcoReport, Workload, compute_tco
from tune_or_prompt.tco.analyses import Sensitivity

NS = {"s": "http://www.w3.org/2000/svg"}


@pytest.fixture(scope="module")
def sensitivity() -> Sensitivity:
    report = compute_tco(Workload(), Assumptions(), sensitivity=True)
    assert report.sensitivity is not None
    return report.sensitivity


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{{{NS['s']}}}text")]


def polyline(svg: str, ident: str) -> list[tuple[float, float]]:
    node = ET.fromstring(svg).find(f".//s:polyline[@id='{ident}']", NS)
    assert node is not None
    return [tuple(map(float, p.split(","))) for p in node.get("points", "").split()]  # type: ignore[misc]


def test_chart_is_an_inline_svg_saying_there_is_no_break_even(tco: TcoReport) -> None:
    svg = cumulative_cost_svg(tco)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" role="img" '
                          'aria-label="Cumulative cost of both paths over 36 months"')
    assert svg.endswith("</svg>")
    words = texts(svg)
    assert "Fine-tuning never breaks even within 36 months" in words
    # Legend in sentence case, as the memo's tables name the paths.
    assert "Prompt engineering" in words and "Fine-tuning" in words
    assert "<script" not in svg and "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_both_lines_start_at_zero_in_month_zero_on_round_dollar_ticks(tco: TcoReport) -> None:
    svg = cumulative_cost_svg(tco, id_prefix="wi")
    root = ET.fromstring(svg)
    left, top, right, bottom = map(float, root.get("data-plot", "").split())
    assert (left, right) == (round(LEFT, 1), round(RIGHT, 1))
    pe, ft = polyline(svg, "wi-pe-line"), polyline(svg, "wi-ft-line")
    assert pe[0] == ft[0] == (left, bottom)
    assert len(pe) == len(ft) == 37  # month 0 and the 36 months
    # Fine-tuning's $123,151.24 over about five ticks: steps of $25K up to $125K.
    ticks = [t.text for t in root.findall(".//s:g[@id='wi-yticks']/s:text", NS)]
    assert ticks == ["$0", "$25K", "$50K", "$75K", "$100K", "$125K"]
    y_ft = bottom - (bottom - top) * 123_151.24 / 125_000
    assert ft[-1] == (right, pytest.approx(y_ft, abs=0.06))
    assert [t for t in texts(svg) if t.isdigit()] == ["0", "6", "12", "18", "24", "30", "36"]


def test_chart_marks_the_break_even_month(tco: TcoReport) -> None:
    moved = tco.model_copy(update={"break_even": tco.break_even.model_copy(update={"month": 9})})
    svg = cumulative_cost_svg(moved, id_prefix="wi")
    assert "Break-even: month 9" in texts(svg)
    marker = ET.fromstring(svg).find(".//s:line[@id='wi-marker']", NS)
    assert marker is not None and marker.get("visibility") is None
    assert float(marker.get("x1", "")) == pytest.approx(LEFT + (RIGHT - LEFT) * 9 / 36, abs=0.06)
    assert marker.get("stroke") == style.MARK_COLOUR
    never = ET.fromstring(cumulative_cost_svg(tco, id_prefix="wi")).find(".//s:line[@id='wi-marker']", NS)
    assert never is not None and never.get("visibility") == "hidden"


def test_charts_are_deterministic(tco: TcoReport, sensitivity: Sensitivity) -> None:
    assert cumulative_cost_svg(tco) == cumulative_cost_svg(tco)
    assert tornado_svg(sensitivity) == tornado_svg(sensitivity)


def test_one_palette_for_every_chart(tco: TcoReport, sensitivity: Sensitivity) -> None:
    palette = {style.PE_COLOUR, style.FT_COLOUR, style.MARK_COLOUR, style.LOW_COLOUR, style.HIGH_COLOUR,
               style.INK, style.MUTED, style.GRID, style.AXIS, style.PAPER}
    for svg in (cumulative_cost_svg(tco), tornado_svg(sensitivity) or ""):
        colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', svg))
        assert colours and colours <= palette
        assert f'font-family="{style.FONT}"' in svg


def extents(svg: str) -> list[tuple[str, float, float, float]]:
    """Each text's (words, left, right, baseline) by the chart's own width estimate."""
    out = []
    for t in ET.fromstring(svg).iter(f"{{{NS['s']}}}text"):
        words, x = t.text or "", float(t.get("x", "0"))
        width = style.text_width(words, float(t.get("font-size", style.TEXT_SIZE)))
        anchor = t.get("text-anchor", "start")
        left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
        out.append((words, left, left + width, float(t.get("y", "0"))))
    return out


def test_no_label_is_clipped(tco: TcoReport, sensitivity: Sensitivity) -> None:
    for svg in (cumulative_cost_svg(tco), tornado_svg(sensitivity, horizon_months=36) or ""):
        _, _, width, height = map(float, ET.fromstring(svg).get("viewBox", "").split())
        for words, left, right, baseline in extents(svg):
            assert left >= 0 and right <= width, words
            assert style.TEXT_SIZE <= baseline <= height, words


def test_tornado_largest_swing_on_top_with_the_whole_axis_caption(sensitivity: Sensitivity) -> None:
    svg = tornado_svg(sensitivity, horizon_months=36)
    assert svg is not None
    words = texts(svg)
    labels = [b.label for b in sensitivity.tornado[:10]]
    joined = " ".join(words)  # a long label wraps onto two lines: read the words in order
    at = [joined.index(label) for label in labels]
    assert at == sorted(at)  # largest swing first, i.e. on top
    caption = " ".join(w for w in words if w.startswith("Fine-tuning minus") or w in ("cheaper", "is cheaper"))
    assert "Fine-tuning minus prompting over 36 months" in caption
    assert " ".join(words).endswith("above $0, prompting is cheaper")
    # Bars run from $46,780.60 to $161,356.16: the axis starts at $0 and marks it.
    assert "$0: the cheaper path changes" in words


def test_tick_helpers() -> None:
    assert [style.short_usd(x) for x in (0, 950, 12_000, 250_000, 1_500_000, -20_000)] == [
        "$0", "$950", "$12K", "$250K", "$1.5M", "-$20K"]
    assert style.ticks(0, 256_750.8) == [0, 100_000, 200_000, 300_000]
    assert style.ticks(175_458, 369_464, target=4) == [150_000, 200_000, 250_000, 300_000, 350_000, 400_000]
    assert style.month_ticks(36) == [0, 6, 12, 18, 24, 30, 36]
    assert style.month_ticks(1) == [0, 1]
    assert style.month_ticks(120) == [0, 24, 48, 72, 96, 120]


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
       st.floats(min_value=1e-3, max_value=1e9, allow_nan=False))
def test_ticks_cover_the_range_in_round_steps(lo: float, span: float) -> None:
    assume(span > abs(lo) * 1e-6)  # a chart's range is never a millionth of its values
    values = style.ticks(lo, lo + span)
    assert values[0] <= lo + 1e-6 * span and values[-1] >= lo + span - 1e-6 * span
    assert 2 <= len(values) <= 12
    step = style.nice_step((lo + span) - lo)
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1.0, 2.0, 2.5, 5.0, 10.0)
    assert values[1] - values[0] == pytest.approx(step, rel=1e-6)


def test_wrap_keeps_every_word_within_the_width() -> None:
    caption = "Fine-tuning minus prompting over 36 months; above $0, prompting is cheaper"
    lines = style.wrap(caption, 200)
    assert " ".join(lines) == caption
    assert all(style.text_width(line) <= 200 for line in lines)
