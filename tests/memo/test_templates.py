"""Template search path, house overrides, the sandbox and strict undefined."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from tune_or_prompt.advice import Advice
from tune_or_prompt.errors import UserError
from tune_or_prompt.memo import make_environment, render


def house(tmp_path: Path, text: str, name: str = "memo.html.j2") -> Path:
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return tmp_path


def test_house_template_extends_the_default_and_replaces_one_block(
        tmp_path: Path, advice: Advice) -> None:
    templates = house(tmp_path, (
        '{% extends "default/memo.html.j2" %}\n'
        '{% block logo %}<div class="house-logo">ACME Corp</div>{% endblock %}\n'
        '{% block policy %}<section id="policy"><h2>House policy</h2>'
        "<p>Data stays in {{ advice.house_answers.data_residency }}.</p></section>{% endblock %}\n"
    ))
    page = render(advice, "html", templates=templates)
    assert '<div class="house-logo">ACME Corp</div>' in page
    assert "<h2>House policy</h2><p>Data stays in eu.</p>" in page
    # Everything else is the built-in memo, figures and all.
    assert page.index("<h2>Side by side</h2>") < page.index("House policy") < page.index(
        "<h2>Assumptions</h2>")
    assert "<svg " in page


def test_house_markdown_template_is_found_first(tmp_path: Path, advice: Advice) -> None:
    templates = house(tmp_path, (
        '{% extends "default/memo.md.j2" %}'
        "{% block footer %}\n*Reviewed by the ACME architecture board.*\n{% endblock %}"
    ), name="memo.md.j2")
    memo = render(advice, "md", templates=templates)
    assert memo.rstrip().endswith("*Reviewed by the ACME architecture board.*")
    assert "## Why" in memo


def test_a_house_directory_without_the_template_falls_back_to_built_ins(
        tmp_path: Path, advice: Advice) -> None:
    assert render(advice, "md", templates=tmp_path) == render(advice, "md")


def test_house_partial_overrides_the_built_in_stylesheet(tmp_path: Path, advice: Advice) -> None:
    templates = house(tmp_path, "body { color: rebeccapurple; }", name="partials/memo.css")
    page = render(advice, "html", templates=templates)
    assert "rebeccapurple" in page


@pytest.mark.parametrize("expression", [
    "''.__class__.__mro__",
    "advice.__class__.__init__.__globals__",
    "advice.model_config.__class__.__subclasses__()",
    "cycler.__init__.__globals__.os",
])
def test_sandbox_stops_a_house_template_reaching_python_internals(
        tmp_path: Path, advice: Advice, expression: str) -> None:
    templates = house(tmp_path, f"<p>\n{{{{ {expression} }}}}\n</p>\n")
    with pytest.raises(UserError) as caught:
        render(advice, "html", templates=templates)
    message = str(caught.value)
    assert f"{tmp_path / 'memo.html.j2'}:2: broken memo template" in message
    assert "<class" not in message


def test_broken_house_template_names_file_and_line(tmp_path: Path, advice: Advice) -> None:
    templates = house(tmp_path, '{% extends "default/memo.html.j2" %}\n\n'
                                "{% block logo %}{% if %}{% endblock %}\n")
    with pytest.raises(UserError, match=r"memo\.html\.j2:3: broken memo template"):
        render(advice, "html", templates=templates)


def test_undefined_name_in_a_house_template_names_file_and_line(
        tmp_path: Path, advice: Advice) -> None:
    templates = house(tmp_path, "# {{ advice.answers.workload }}\n{{ advice.no_such_figure }}\n",
                      name="memo.md.j2")
    with pytest.raises(UserError, match=r"memo\.md\.j2:2: .*no_such_figure"):
        render(advice, "md", templates=templates)


def test_built_in_templates_refuse_a_missing_figure(advice: Advice) -> None:
    broken = advice.model_copy(deep=True)
    del broken.tco.prompt_engineering.groups["hidden"]
    for fmt in ("md", "html"):
        with pytest.raises(jinja2.UndefinedError, match="hidden"):
            render(broken, fmt)  # type: ignore[arg-type]


def test_environments_are_strict_and_autoescape_html_only(tmp_path: Path) -> None:
    builtin, sandboxed = make_environment(None), make_environment(tmp_path)
    assert builtin.undefined is jinja2.StrictUndefined
    assert sandboxed.undefined is jinja2.StrictUndefined
    assert isinstance(sandboxed, jinja2.sandbox.SandboxedEnvironment)
    assert not isinstance(builtin, jinja2.sandbox.SandboxedEnvironment)
    select = builtin.autoescape
    assert callable(select)
    assert select("memo.html.j2") and not select("memo.md.j2")
