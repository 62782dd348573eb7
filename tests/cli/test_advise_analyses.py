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


def test_default_memo_lists_no_implausible_flip(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The article's example flips only far outside the plausible ranges: API prices at 88.11x
    # today's (the range is 1/10x to 10x), prompt development at 1,100 hours (its range 40-80).
    out = tmp_path / "memo.md"
    code, _, err = run_cli("advise", "--defaults", "-o", str(out))
    assert code == 0, err
    md = out.read_text(encoding="utf-8")
    section = md.split("## What would change the answer")[1].split("\n## ")[0]
    for absurd in ("88.11x today's price", "8,711", "1,100 hours", "32.8 hours/month", "$5,800/month"):
        assert absurd not in section
    assert "An accuracy target above 95.0% (now 90%)" in section
    assert ("No change within the plausible range of: API prices, prompt maintenance effort, "
            "prompt monitoring.") in section
