"""User text shows as text: never HTML in the HTML memo, never markup in the Markdown one."""

from __future__ import annotations

import pytest

from tests.memo.conftest import make_advice
from tune_or_prompt.memo import render
from tune_or_prompt.memo.filters import codeblock, md
from tune_or_prompt.tco import TcoReport

NASTY = ('<script>alert("x")</script> **bold** _it_ [link](http://evil.example) ![i](x.png) '
         "| `code` # &amp; $5")


def test_html_memo_escapes_the_workload_name(tco: TcoReport) -> None:
    page = render(make_advice(tco, workload=NASTY), "html")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert 'href="http://evil.example"' not in page
    assert "&amp;amp;" in page  # the user's literal "&amp;" survives as text


def test_markdown_memo_escapes_the_workload_name(tco: TcoReport) -> None:
    memo = render(make_advice(tco, workload=NASTY), "md")
    title = memo.splitlines()[0]
    assert title == (
        r'# \<script\>alert("x")\</script\> \*\*bold\*\* \_it\_ \[link\](http://evil.example) '
        r"\!\[i\](x.png) \| \`code\` # \&amp; \$5: fine-tune or keep prompting?"
    )


def test_house_answers_are_escaped_in_markdown_tables(tco: TcoReport) -> None:
    advice = make_advice(tco)
    advice.house_answers = {"team | owner": "a|b\nnew row"}
    memo = render(advice, "md")
    assert "| team \\| owner | a\\|b new row |" in memo


@pytest.mark.parametrize(("text", "expected"), [
    ("plain words", "plain words"),
    ("snake_case", "snake\\_case"),
    ("*emph* and `code`", "\\*emph\\* and \\`code\\`"),
    ("<b>tag</b>", "\\<b\\>tag\\</b\\>"),
    ("a | b", "a \\| b"),
    ("# heading", "\\# heading"),
    ("- item", "\\- item"),
    ("1. first", "1\\. first"),
    ("0.15", "0.15"),
    ("well-known", "well-known"),
    ("line\nbreak\n\n- list", "line break - list"),
    ("~~strike~~ $x$", "\\~\\~strike\\~\\~ \\$x\\$"),
    ("back\\slash", "back\\\\slash"),
])
def test_md_filter(text: str, expected: str) -> None:
    assert md(text) == expected


def test_codeblock_fence_outgrows_backticks_in_the_text() -> None:
    assert codeblock("echo ```", "sh") == "````sh\necho ```\n````"
    assert codeblock("ls", "sh") == "```sh\nls\n```"
