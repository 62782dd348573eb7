"""Tables keep identifiers whole: piped rows on one line, terminal tables fitted without cutting."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from tune_or_prompt.cli.tables import fit, show

IDENT = st.from_regex(r"[a-z][a-z0-9]{0,9}(-[a-z0-9]{1,9}){0,4}", fullmatch=True)
WORD = st.from_regex(r"[A-Za-z0-9_$,.]{1,16}", fullmatch=True)
TEXT = st.lists(WORD, min_size=1, max_size=12).map(" ".join)


def _render(table: Table, width: int) -> list[str]:
    out = io.StringIO()
    con = Console(file=out, width=width, force_terminal=True, color_system=None, highlight=False)
    show(con, table)
    return out.getvalue().splitlines()


@st.composite
def tables(draw: st.DrawFn) -> tuple[Table, list[str], list[str]]:
    """A table of 1-3 identifier columns and 1-3 text columns, with the ids and words it holds."""
    n_ids, n_text = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    table = Table(title="t")
    for i in range(n_ids):
        table.add_column(f"id{i}", no_wrap=True)
    for i in range(n_text):
        table.add_column(f"text{i}")
    ids: list[str] = []
    words: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        row_ids = [draw(IDENT) for _ in range(n_ids)]
        row_text = [draw(TEXT) for _ in range(n_text)]
        table.add_row(*row_ids, *row_text)
        ids += row_ids
        words += [w for t in row_text for w in t.split()]
    return table, ids, words


@settings(max_examples=100, deadline=None)
@given(tables(), st.integers(min_value=20, max_value=160))
def test_no_identifier_or_word_is_ever_broken_in_a_terminal(drawn: tuple[Table, list[str], list[str]],
                                                            width: int) -> None:
    table, ids, words = drawn
    lines = _render(table, width)
    # Cells are separated by box characters and spaces; every id and word must be a whole token.
    tokens = {tok for line in lines for tok in re.split(r"[\s│┃┏┓┗┛┡┩└┘━─╇┳┻╋┃]+", line) if tok}
    assert set(ids) <= tokens
    assert set(words) <= tokens
    assert not any("…" in line for line in lines)


@settings(max_examples=50, deadline=None)
@given(tables(), st.integers(min_value=20, max_value=160))
def test_a_table_that_can_fit_stays_within_the_terminal(drawn: tuple[Table, list[str], list[str]],
                                                        width: int) -> None:
    table, _, _ = drawn
    con = Console(file=io.StringIO(), width=width, force_terminal=True, color_system=None)
    needed = fit(con, table)
    lines = _render(table, width)
    if needed <= width:
        assert max(len(line) for line in lines) <= width
    else:  # printed at the width it needs, never wider
        assert max(len(line) for line in lines) <= needed


def test_narrow_terminal_keeps_the_rule_ids_whole() -> None:
    table = Table(title="Rules")
    table.add_column("rule", no_wrap=True)
    table.add_column("when")
    table.add_row("tco-favours-prompting", "tco_cheaper = prompt_engineering and a long explanation")
    lines = _render(table, 30)
    assert any("tco-favours-prompting" in line for line in lines)
    assert any("prompt_engineering" in line for line in lines)


def test_piped_rules_list_prints_each_rule_on_one_line(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("rules", "list")
    assert code == 0
    line = next(line for line in out.splitlines() if "tco-favours-prompting" in line)
    # The whole row: id, pack, file:line, verdict and condition on the one line grep finds.
    for cell in ("costs", "rules/30-costs.yaml:", "prompt engineering", "tco_cheaper = prompt_engineering"):
        assert cell in line
    assert "…" not in out


def test_piped_prices_keep_model_names_whole(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("prices", "claude")
    assert code == 0
    sonnet = [line for line in out.splitlines() if "sonnet" in line]
    assert sonnet, "no model row names sonnet"
    row = next(line for line in sonnet if re.search(r"│ claude-3-5-sonnet +│ anthropic", line))
    assert "$3.00" in row and "$15.00" in row
    assert "…" not in out


def test_piped_decide_keeps_the_reason_on_the_rule_line(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("decide")
    assert code == 0
    line = next(line for line in out.splitlines() if "tco-favours-prompting" in line)
    assert "Over the 36-month horizon prompt engineering costs $49,605 against" in line


def _terminal_output(run_cli, monkeypatch, width: int, *args: str) -> list[str]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich: a terminal, whatever pytest's output is
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, err = run_cli(*args)
    assert code == 0, err
    return [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in out.splitlines()]


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("args", [("rules", "list"), ("prices",), ("prices", "gpt-4o"), ("prices", "--infra"),
                                  ("questions",)])
def test_commands_fit_80_and_120_column_terminals_without_cutting_a_word(run_cli, monkeypatch, width: int,
                                                                         args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    # A table that cannot fit is printed as records: the terminal never wraps a line mid-word.
    lines = _terminal_output(run_cli, monkeypatch, width, *args)
    too_long = [line for line in lines if len(line) > width]
    assert too_long == [], too_long[:3]


def test_a_table_too_wide_for_the_terminal_becomes_records(run_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    lines = _terminal_output(run_cli, monkeypatch, 80, "rules", "list")
    start = lines.index("rule: tco-favours-prompting")
    assert lines[start + 1 : start + 6] == [
        "  pack: costs",
        "  file: rules/30-costs.yaml:12",
        "  argues for: prompt engineering",
        "  strength: weak; moderate at tco_cost_ratio ≥ 1.2, strong at tco_cost_ratio ≥ 2",
        "  when: tco_cheaper = prompt_engineering",
    ]


def test_prices_show_every_digit_they_have() -> None:
    from tune_or_prompt.cli.tables import price

    # Gemini 1.5 Flash reads $0.075 per 1M input tokens; cents alone would say $0.07.
    assert [price(x) for x in (0.075, 0.01875, 0.15, 2.5, 15, 1234.5, 0.1 + 0.2, -0.075, None)] == [
        "$0.075", "$0.01875", "$0.15", "$2.50", "$15.00", "$1,234.50", "$0.30", "-$0.075", "-"]


def test_prices_command_shows_a_price_under_a_cent_whole(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("prices", "gemini-1.5-flash")
    assert code == 0
    row = next(line for line in out.splitlines() if re.search(r"│ gemini-1\.5-flash +│", line))
    assert "$0.075" in row and "$0.07 " not in row
