"""advise's memo carries the spread, the tornado and (HTML) the what-if panel by default."""

from __future__ import annotations

from pathlib import Path


def test_default_html_memo_has_spread_tornado_and_what_if(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "memo.html"
    code, _, err = run_cli("advise", "--defaults", "-o", str(out))
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert 'id="what-if"' in html and 'id="wi-data"' in html
    assert "How sure are these figures" in html and "10,000 draws" in html
    assert "Which assumption matters most" in html  # the tornado
    assert "regenerate with: tune-or-prompt advise --defaults --format html -o" in err


def test_analyses_can_be_left_out_and_the_command_says_so(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "memo.md"
    code, _, err = run_cli("advise", "--defaults", "--draws", "0", "--no-sensitivity", "--random-seed", "7",
                           "-o", str(out))
    assert code == 0, err
    md = out.read_text(encoding="utf-8")
    assert "How sure are these figures" not in md
    assert "Which assumption matters most" not in md
    assert "--draws 0 --random-seed 7 --no-sensitivity" in err


def test_markdown_memo_has_no_what_if_grid(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("advise", "--defaults", "--format", "json")
    assert code == 0
    assert '"whatif_grid": null' in out
