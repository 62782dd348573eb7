"""The README's "Writing house rules" walk-through, replayed: every command gives the output shown.

The section's console blocks are run in order in an empty folder, with the
section's YAML blocks applied where the text says: the rule added at the end
of the starter's rules (then its threshold fixed to 99), the case appended
to the tests file. Only the engine's name may differ (durable_rules or the
reference evaluator, by Python version).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

README = Path(__file__).parent.parent.parent / "README.md"
RunCli = Callable[..., tuple[int, str, str]]
ENGINE = re.compile(r"engine (durable_rules \d+(\.\d+)*|reference evaluator( \([^)]*\))?)")


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Writing house rules")
    return text[start : text.index("\n## ", start + 1)]


def blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", section(), flags=re.S)


def sessions() -> list[tuple[str, str]]:
    """Each ``$ command`` of the console blocks, with the output printed under it."""
    out: list[tuple[str, str]] = []
    for block in blocks("console"):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, printed = part.partition("\n")
            out.append((command, printed))
    return out


def normal(text: str) -> str:
    return ENGINE.sub("engine ENGINE", text)


def test_walkthrough_commands_print_what_the_readme_shows(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    rule, case, _workflow = blocks("yaml")
    steps = sessions()
    assert [c.split()[:3] for c, _ in steps] == [
        ["tune-or-prompt", "rules", "init"],
        ["tune-or-prompt", "rules", "test"],
        ["tune-or-prompt", "rules", "lint"],
        ["tune-or-prompt", "rules", "test"],
        ["tune-or-prompt", "rules", "explain"],
    ]

    def replay(n: int) -> None:
        command, printed = steps[n]
        _, out, _ = run_cli(*shlex.split(command)[1:])
        assert normal(out) == normal(printed), command

    replay(0)
    replay(1)
    pack = tmp_path / "acme.yaml"
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace("\n# Validation steps.", "\n" + rule + "\n# Validation steps.", 1), encoding="utf-8")
    replay(2)
    pack.write_text(pack.read_text(encoding="utf-8").replace("{gte: 990}", "{gte: 99}"), encoding="utf-8")
    assert run_cli("rules", "lint", "acme.yaml")[:2] == (0, "rules lint: no findings.\n")
    tests = tmp_path / "acme.tests.yaml"
    tests.write_text(tests.read_text(encoding="utf-8") + "\n" + case, encoding="utf-8")
    replay(3)
    (tmp_path / "workload.yaml").write_text(
        "handles_personal_data: true\naccuracy_target_pct: 98\n", encoding="utf-8"
    )
    replay(4)
