"""Fixtures for the rules tests: the built-in rule set, the example's facts, pack writing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tune_or_prompt.answers import Answers
from tune_or_prompt.facts import build_facts
from tune_or_prompt.rules import RuleSet, load_packs
from tune_or_prompt.tco import Assumptions, TcoReport, Workload, compute_tco

ASSETS = Path(__file__).parent.parent / "assets" / "packs"


@pytest.fixture(scope="session")
def builtin() -> RuleSet:
    return load_packs()


@pytest.fixture(scope="session")
def example_tco() -> TcoReport:
    return compute_tco(Workload(), Assumptions())


@pytest.fixture(scope="session")
def example_facts(example_tco: TcoReport) -> dict[str, Any]:
    """The article's example (all Answers defaults) as facts."""
    return build_facts(Answers(), example_tco)


@pytest.fixture
def write_pack(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a pack file into tmp_path and return its path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
