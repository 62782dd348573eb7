"""Templates get data, not objects: nothing a house template writes can run code or read files."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from tune_or_prompt.advice import Advice
from tune_or_prompt.cli import main
from tune_or_prompt.memo.data import FrozenList, Record, plain
from tune_or_prompt.memo.render import template_context
from tune_or_prompt.memo.view import build_view

SECRET = "a credential nobody may print"
PICKLE = "{% set p = \"cos\\nsystem\\n(S'touch escaped'\\ntR.\" %}"

# Each line is a whole house memo.md.j2 that tries to get out of the data it was given.
PAYLOADS = [
    PICKLE + '{{ advice.parse_raw(p, proto="pickle", allow_pickle=True) }}',
    PICKLE + '{{ advice.answers.parse_raw(p, content_type="application/pickle", allow_pickle=True) }}',
    "{{ advice.answers.parse_file('secret.txt', content_type='application/json') }}",
    "{{ advice.answers.parse_file('secret.txt') }}",
    "{{ advice.model_validate_json('{}') }}",
    "{{ advice.answers.model_validate_json('{\"workload\": 1}') }}",
    "{{ advice.model_construct() }}",
    "{{ advice.copy(update={'command': 'x'}) }}",
    "{{ advice.tco.copy(deep=True) }}",
    "{{ advice.answers.schema_json() }}",
    "{{ advice.answers.model_dump_json(indent=100000000) }}",
    "{{ advice.__class__ }}",
    "{{ advice.tco.__class__.__init_subclass__ }}",
    "{{ advice.__init_subclass__() }}",
    "{{ memo.__class__.__mro__ }}",
    "{{ advice.items.__self__ }}",
    "{{ advice|attr('__class__') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__ }}",
    "{{ lipsum.__globals__.os.system('touch escaped') }}",
    "{{ cycler.__init__.__globals__.os.system('touch escaped') }}",
    "{{ cycler(1, 2).__class__.__init__.__globals__ }}",
    "{{ joiner.__init__.__globals__.os.system('touch escaped') }}",
    "{{ joiner().__call__.__func__.__globals__ }}",
    "{{ namespace.__init__.__globals__.os.system('touch escaped') }}",
    "{% set ns = namespace() %}{{ ns.__class__.__init__.__globals__ }}",
    "{% set ns = namespace(a=advice) %}{{ ns.a.parse_file('secret.txt') }}",
    "{{ self.__init__.__globals__ }}",
    "{{ self._TemplateReference__context.environment }}",
    "{{ range.__self__ }}",
    "{{ dict.__base__.__subclasses__() }}",
    "{{ advice.tco.fine_tuning.breakdown.update({'a': 1}) }}",
    "{{ advice.packs.append('x') }}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_escape_payload_in_a_house_template_runs_nothing_and_reads_nothing(
        payload: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "secret.txt").write_text(f'{{"workload": "{SECRET}"}}\n')
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "memo.md.j2").write_text(payload + "\n")

    with pytest.raises(SystemExit) as stopped:
        main(["advise", "--no-input", "--defaults", "--draws", "0", "--no-sensitivity",
              "--templates", "house", "-o", "out.md"])

    out, err = capsys.readouterr()
    assert stopped.value.code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("tune-or-prompt: error: house/memo.md.j2:1: broken memo template:"), err
    assert SECRET not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["house", "secret.txt"]  # no memo, no "escaped"


def test_a_house_template_that_extends_a_built_in_still_renders(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "memo.md.j2").write_text(
        '{% extends "default/memo.md.j2" %}'
        "{% block footer %}\n*Reviewed for {{ advice.answers.workload }}: "
        "{{ advice.tco.fine_tuning.breakdown.items()|list|length }} fine-tuning costs, "
        "sources {{ memo.citations.entries|length }}.*\n{% endblock %}")

    with pytest.raises(SystemExit) as stopped:
        main(["advise", "--no-input", "--defaults", "--draws", "0", "--no-sensitivity",
              "--templates", "house", "-o", "out.md"])

    assert stopped.value.code == 0, capsys.readouterr().err
    memo = (tmp_path / "out.md").read_text()
    assert "## Why" in memo
    footer = re.fullmatch(r"\*Reviewed for Customer-support chatbot: (\d+) fine-tuning costs, sources (\d+)\.\*",
                          memo.rstrip().splitlines()[-1])
    assert footer is not None, memo[-300:]
    sources = memo.split("## Sources", 1)[1]
    assert f"\n{footer[2]}. " in sources and f"\n{int(footer[2]) + 1}. " not in sources
    assert int(footer[1]) >= 5


def _kinds(value: Any, seen: set[str]) -> None:
    seen.add(type(value).__name__)
    if isinstance(value, dict):
        for key, item in value.items():
            _kinds(key, seen)
            _kinds(item, seen)
    elif isinstance(value, list):
        for item in value:
            _kinds(item, seen)


def test_templates_see_only_plain_read_only_data(advice: Advice) -> None:
    from tune_or_prompt.memo.chart import cumulative_cost_svg

    context = template_context(advice, build_view(advice, chart_svg=cumulative_cost_svg(advice.tco)))
    seen: set[str] = set()
    _kinds(context["advice"], seen)
    _kinds(context["memo"], seen)
    assert seen <= {"Record", "FrozenList", "str", "Markup", "int", "float", "bool", "NoneType", "date"}
    assert {"Record", "FrozenList", "str", "float"} <= seen
    # Fields read as attributes too, and properties come along (the citations' numbers).
    assert context["advice"].answers.workload == advice.answers.workload
    assert context["memo"].citations.numbers[context["memo"].citations.entries[0]] == 1


def test_memo_data_is_read_only() -> None:
    record = plain({"a": [1, 2], "b": {"c": 3}})
    assert isinstance(record, Record) and isinstance(record["a"], FrozenList)
    for attempt in (lambda: record.update(a=1), lambda: record.__setitem__("a", 1),
                    lambda: record["a"].append(3), lambda: record["b"].pop("c"),
                    lambda: record.setdefault("d", 1), lambda: record["a"].sort()):
        with pytest.raises(TypeError, match="read-only"):
            attempt()
    assert record == {"a": [1, 2], "b": {"c": 3}}
    assert plain((1, dt.date(2026, 1, 2))) == [1, dt.date(2026, 1, 2)]


def test_a_value_without_a_plain_form_is_refused() -> None:
    with pytest.raises(TypeError, match="no plain form for object"):
        plain({"x": object()})
    with pytest.raises(TypeError, match="no plain form for a tuple key"):
        plain({(1, 2): 3})
