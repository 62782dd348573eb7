"""Writing memos: atomic replacement, the chart beside the Markdown, a self-contained HTML file."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tune_or_prompt.advice import Advice
from tune_or_prompt.errors import UserError
from tune_or_prompt.memo import render, write_memo


def test_markdown_memo_writes_its_chart_beside_it(tmp_path: Path, advice: Advice) -> None:
    out = tmp_path / "memo.md"
    written = write_memo(advice, "md", out)
    assert written == [tmp_path / "memo.chart.svg", out]
    assert "](memo.chart.svg)" in out.read_text(encoding="utf-8")
    assert (tmp_path / "memo.chart.svg").read_text(encoding="utf-8").startswith("<svg ")


def test_chart_link_survives_awkward_file_names(tmp_path: Path, advice: Advice) -> None:
    out = tmp_path / "Q3 memo (draft).md"
    write_memo(advice, "md", out)
    assert "](Q3%20memo%20%28draft%29.chart.svg)" in out.read_text(encoding="utf-8")
    assert (tmp_path / "Q3 memo (draft).chart.svg").exists()


def test_html_and_json_are_single_files(tmp_path: Path, advice: Advice) -> None:
    assert write_memo(advice, "html", tmp_path / "memo.html") == [tmp_path / "memo.html"]
    assert write_memo(advice, "json", tmp_path / "memo.json") == [tmp_path / "memo.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.html", "memo.json"]


def test_no_output_writes_to_stdout(advice: Advice, capsys: pytest.CaptureFixture[str]) -> None:
    assert write_memo(advice, "md", None) == []
    out = capsys.readouterr().out
    assert out.startswith("# Customer-support chatbot")
    assert "Chart not included" in out


def test_failed_render_leaves_the_earlier_memo_untouched(
        tmp_path: Path, advice: Advice, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "memo.md"
    write_memo(advice, "md", out)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("template blew up")

    # The package re-exports the function under the module's name; patch the module's global.
    monkeypatch.setattr(sys.modules["tune_or_prompt.memo.render"], "render", broken)
    with pytest.raises(RuntimeError, match="template blew up"):
        write_memo(advice, "md", out)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_failed_write_leaves_the_earlier_memo_and_no_temp_file(
        tmp_path: Path, advice: Advice, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "memo.html"
    out.write_text("the earlier memo", encoding="utf-8")

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tune_or_prompt.outfile.os.replace", full_disk)
    with pytest.raises(UserError, match=r"cannot write .*memo\.html: No space left on device"):
        write_memo(advice, "html", out)
    assert out.read_text(encoding="utf-8") == "the earlier memo"
    assert [p.name for p in tmp_path.iterdir()] == ["memo.html"]


def test_missing_directory_is_a_user_error(tmp_path: Path, advice: Advice) -> None:
    with pytest.raises(UserError, match="does not exist"):
        write_memo(advice, "json", tmp_path / "nope" / "memo.json")


def test_rewrite_keeps_the_file_mode(tmp_path: Path, advice: Advice) -> None:
    out = tmp_path / "memo.json"
    out.write_text("{}", encoding="utf-8")
    out.chmod(0o640)
    write_memo(advice, "json", out)
    assert out.stat().st_mode & 0o777 == 0o640


def test_html_memo_fetches_nothing_from_the_network(advice: Advice) -> None:
    page = render(advice, "html")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    # url(#id) is the chart's own clip paths; anything else would be a fetch.
    assert not re.search(r"""url\s*\(\s*['"]?(?!#)|@import""", page, re.IGNORECASE)
    assert not re.search(r"<(?:script|link|iframe|img|object|embed)\b", page, re.IGNORECASE)
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', page))
    assert '<meta name="viewport"' in page
    assert "@media print" in page


def test_html_memo_is_small(advice: Advice) -> None:
    assert len(render(advice, "html").encode("utf-8")) < 200_000
