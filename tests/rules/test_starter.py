"""``rules init NAME``: a starter pack and tests that pass ``rules test`` and ``rules lint --strict``."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

RunCli = Callable[..., tuple[int, str, str]]


def test_starter_passes_test_with_full_coverage_and_lints_clean(run_cli: RunCli, tmp_path: Path) -> None:
    code, out, _ = run_cli("rules", "init", "acme-ai", "--dir", str(tmp_path))
    pack, tests = tmp_path / "acme-ai.yaml", tmp_path / "acme-ai.tests.yaml"
    assert code == 0
    assert out.splitlines()[0] == f"wrote {pack} and {tests}"
    assert pack.read_text(encoding="utf-8").startswith("# acme-ai: a house rule pack for tune-or-prompt.")
    code, out, _ = run_cli("rules", "test", str(pack), "--coverage", "--fail-under", "100")
    assert code == 0, out
    assert "4 cases: 4 passed, 0 failed (packs acme-ai;" in out
    # The rule and the gate, and each of their 3 comparisons both ways.
    assert "Coverage: 2/2 rules and steps exercised (100%); 3/3 comparisons" in out
    code, out, _ = run_cli("rules", "lint", str(pack), "--strict")
    assert (code, out) == (0, "rules lint: no findings.\n")


def test_starter_never_replaces_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    tests = tmp_path / "house.tests.yaml"
    tests.write_text("mine\n", encoding="utf-8")
    code, out, err = run_cli("rules", "init", "house", "--dir", str(tmp_path))
    assert (code, out) == (2, "")
    assert f"{tests} already exists; rules init never replaces a file (nothing was written)" in err
    assert not (tmp_path / "house.yaml").exists()  # neither file is written
    assert tests.read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["house.tests.yaml"]  # no temporary file left


def test_starter_refuses_a_symlink_in_the_way(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.yaml"
    os.symlink(target, tmp_path / "house.yaml")  # dangling: exists() is false, the link is there
    code, _, err = run_cli("rules", "init", "house", "--dir", str(tmp_path))
    assert code == 2
    assert "house.yaml already exists" in err
    assert not target.exists()


@pytest.mark.parametrize("name", ["Acme", "acme policy", "_acme", "acme.yaml", ""])
def test_starter_checks_the_name(run_cli: RunCli, tmp_path: Path, name: str) -> None:
    code, _, err = run_cli("rules", "init", name, "--dir", str(tmp_path))
    assert code == 2
    assert f"pack name {name!r}: use lower-case letters, digits, '-' and '_'" in err
    assert list(tmp_path.iterdir()) == []
