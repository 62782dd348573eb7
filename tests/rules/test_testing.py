"""``rules test``: the built-in and example packs pass; a wrong expectation fails on its line.

Bad tests files are fixtures under ``tests/assets/rule_tests/``, each starting
with ``# expect: <file>:<line>:<col>: <message>``; each is run beside a copy of
the example house pack (``examples/acme-policy.yaml``).
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
EXAMPLE = ROOT / "examples" / "acme-policy.yaml"
BAD = sorted((ROOT / "tests" / "assets" / "rule_tests").glob("bad_*.tests.yaml"))
RunCli = Callable[..., tuple[int, str, str]]

# A house pack whose one case expects the wrong verdict: personal data at the
# example's volume fires the required rule (fine-tuning), but the built-in
# blocking gates are unmet, so the verdict is prompt_engineering_first.
WRONG = """\
tests:
  - name: no personal data
    answers: {}
    expect: {verdict: prompt_engineering}

  - name: personal data goes straight to fine-tuning
    answers: {handles_pii: true}
    expect:
      verdict: fine_tuning
"""


@pytest.fixture
def house(tmp_path: Path) -> Path:
    """A copy of the example pack, without its tests file, in an empty folder."""
    pack = tmp_path / "acme.yaml"
    shutil.copy(EXAMPLE, pack)
    return pack


def test_builtin_packs_pass_and_cover_every_rule_and_step(run_cli: RunCli) -> None:
    code, out, _ = run_cli("rules", "test", "--coverage", "--fail-under", "100")
    assert code == 0, out
    assert "0 failed" in out
    assert "packs decision-tree, fit-signals, costs, validation-steps" in out
    # 11 rules + 7 steps (3 gates, 4 advice), and each of the 15 comparisons both ways.
    assert "Coverage: 18/18 rules and steps exercised (100%); 15/15 comparisons" in out
    assert "Not exercised by any case" not in out


def test_example_house_pack_passes(run_cli: RunCli) -> None:
    code, out, _ = run_cli("rules", "test", str(EXAMPLE))
    assert code == 0, out
    assert "3 cases: 3 passed, 0 failed (packs acme-policy;" in out


def test_wrong_expectation_fails_on_its_line_then_passes_when_fixed(run_cli: RunCli, house: Path) -> None:
    tests = house.with_name("acme.tests.yaml")
    tests.write_text(WRONG, encoding="utf-8")
    code, out, _ = run_cli("rules", "test", str(house))
    assert code == 1
    assert out.splitlines()[0] == (
        f"{tests}:6: case personal data goes straight to fine-tuning: expected verdict fine_tuning, "
        "got prompt_engineering_first (gate prompt-limits-validated unmet, gate production-evidence "
        "unmet, gate break-even-within-horizon unmet, gate security-review unmet)"
    )
    assert "2 cases: 1 passed, 1 failed" in out
    tests.write_text(WRONG.replace("verdict: fine_tuning", "verdict: prompt_engineering_first"), encoding="utf-8")
    code, out, _ = run_cli("rules", "test", str(house))
    assert (code, "2 cases: 2 passed, 0 failed" in out) == (0, True)


def test_each_unmet_expectation_is_said_plainly(run_cli: RunCli, house: Path) -> None:
    house.with_name("acme.tests.yaml").write_text(
        """\
tests:
  - name: everything wrong
    answers: {accuracy_target_pct: 90}
    expect:
      fired: [accuracy-above-95]
      not_fired: [tco-favours-prompting]
      gates: {production-evidence: met}
      confidence_at_least: 0.9
""",
        encoding="utf-8",
    )
    code, out, _ = run_cli("rules", "test", str(house))
    assert code == 1
    line = out.splitlines()[0]
    assert "expected accuracy-above-95 to fire; it did not: accuracy_target_pct = 90, needs > 95" in line
    assert "expected tco-favours-prompting not to fire; it fired: Over the 36-month horizon prompt engineering" in line
    assert "expected gate production-evidence met, got unmet; to meet it: production_data_months ≥ 6 (now 0)" in line
    assert "expected confidence at least 0.9, got 0.4" in line  # the example's 3 vs 1: 2 / 5


@pytest.mark.parametrize("bad", BAD, ids=[p.name.split(".")[0] for p in BAD])
def test_bad_tests_file_exits_2_with_position_and_caret(run_cli: RunCli, house: Path, bad: Path) -> None:
    target = house.with_name(bad.name)
    shutil.copy(bad, target)
    shutil.copy(house, target.with_name(bad.name.replace(".tests", "")))
    first = bad.read_text(encoding="utf-8").splitlines()[0]
    expected = first.removeprefix("# expect: ")
    code, out, err = run_cli("rules", "test", str(target))
    assert code == 2
    assert out == ""
    assert f"{house.parent}/{expected}" in err
    assert "^" in err
    assert "nothing was run" in err
    assert "Traceback" not in err


def test_junit_report(run_cli: RunCli, house: Path, tmp_path: Path) -> None:
    house.with_name("acme.tests.yaml").write_text(WRONG, encoding="utf-8")
    report = tmp_path / "junit.xml"
    code, out, err = run_cli("rules", "test", str(house), "--format", "junit", "-o", str(report))
    assert code == 1
    assert out == ""
    assert "2 cases: 1 passed, 1 failed" in err
    root = ET.fromstring(report.read_text(encoding="utf-8"))
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "2", "1")
    (suite,) = root
    assert suite.get("name") == str(house.with_name("acme.tests.yaml"))
    cases = suite.findall("testcase")
    assert [(c.get("name"), c.get("classname"), c.get("line")) for c in cases] == [
        ("no personal data", "acme-policy", "2"),
        ("personal data goes straight to fine-tuning", "acme-policy", "6"),
    ]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure is not None
    assert failure.get("message", "").startswith("expected verdict fine_tuning, got prompt_engineering_first")


def test_k_selects_cases_by_name(run_cli: RunCli, house: Path) -> None:
    house.with_name("acme.tests.yaml").write_text(WRONG, encoding="utf-8")
    code, out, _ = run_cli("rules", "test", str(house), "-k", "NO PERSONAL")
    assert (code, out.splitlines()[-1].startswith("1 case: 1 passed, 0 failed")) == (0, True)
    code, _, err = run_cli("rules", "test", str(house), "-k", "nothing like it")
    assert code == 2
    assert "-k 'nothing like it' matches none of the 2 case(s)" in err


def test_fail_under_counts_rules_and_steps(run_cli: RunCli, house: Path) -> None:
    # One case, which fires no house rule and meets the house gate: 1 of 2 covered.
    house.with_name("acme.tests.yaml").write_text(
        "tests:\n  - name: defaults\n    expect: {gates: {security-review: met}}\n", encoding="utf-8"
    )
    code, out, _ = run_cli("rules", "test", str(house), "--fail-under", "50")
    assert code == 0
    assert "Coverage: 1/2 rules and steps exercised (50%)" in out
    code, out, err = run_cli("rules", "test", str(house), "--coverage", "--fail-under", "51")
    assert code == 1
    assert "50.0% of rules and steps exercised, under --fail-under 51" in err
    assert "Not exercised by any case: pii-needs-on-premise." in out
    assert "handles_pii = true: seen only false" in out


def test_cases_inline_in_the_pack_and_a_tests_file_path(run_cli: RunCli, house: Path) -> None:
    house.write_text(
        house.read_text(encoding="utf-8")
        + "tests:\n  - name: inline\n    answers: {handles_pii: true}\n    expect: {fired: [pii-needs-on-premise]}\n",
        encoding="utf-8",
    )
    house.with_name("acme.tests.yaml").write_text(WRONG.split("\n\n")[0] + "\n", encoding="utf-8")
    code, out, _ = run_cli("rules", "test", str(house.with_name("acme.tests.yaml")))
    assert (code, "2 cases: 2 passed" in out) == (0, True)


def test_a_folder_with_tests_files_loads_only_the_packs(run_cli: RunCli, house: Path) -> None:
    house.with_name("acme.tests.yaml").write_text(WRONG.split("\n\n")[0] + "\n", encoding="utf-8")
    code, out, _ = run_cli("rules", "test", str(house.parent))
    assert (code, "1 case: 1 passed" in out) == (0, True)
    code, out, _ = run_cli("decide", "--rules", str(house.parent), "--format", "json")
    assert code == 0


def test_a_pack_without_cases_is_an_error(run_cli: RunCli, house: Path) -> None:
    code, _, err = run_cli("rules", "test", str(house))
    assert code == 2
    assert "no test cases in the packs tested (acme-policy)" in err


def test_tests_file_schema(run_cli: RunCli) -> None:
    code, out, _ = run_cli("rules", "schema", "--tests")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "tune-or-prompt rule pack tests"
    assert set(schema["$defs"]["Expect"]["properties"]) == {
        "verdict", "fired", "not_fired", "gates", "confidence_at_least"
    }


@pytest.mark.parametrize("odd", ["\\uFFFE", "\\uFFFF"])
def test_junit_report_stays_valid_xml_whatever_a_case_name_holds(run_cli: RunCli, house: Path, tmp_path: Path,
                                                                 odd: str) -> None:
    # XML 1.0 cannot carry these characters at all: each is written as its escape.
    house.with_name("acme.tests.yaml").write_text(
        f'tests:\n  - name: "case {odd} here"\n    answers: {{}}\n    expect: {{verdict: fine_tuning}}\n',
        encoding="utf-8",
    )
    report = tmp_path / "junit.xml"
    code, _, err = run_cli("rules", "test", str(house), "--format", "junit", "-o", str(report))
    assert code == 1, err
    root = ET.fromstring(report.read_bytes())  # raises on a character XML forbids
    (case,) = root.iter("testcase")
    assert case.get("name") == f"case \\{odd[1:].lower()} here"
    assert case.find("failure") is not None


def test_xml_safe_escapes_only_what_xml_forbids() -> None:
    from tune_or_prompt.ruletools.junit import xml_safe

    assert xml_safe("tab\tline\nok é 中 \U0001f600") == "tab\tline\nok é 中 \U0001f600"
    assert xml_safe("\x00\x01\x1f\ufffe\uffff\ud800") == "\\x00\\x01\\x1f\\ufffe\\uffff\\ud800"
