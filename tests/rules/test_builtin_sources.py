"""Every built-in rule says where its claim comes from: the article, or this memo's own cost estimate.

A manager forwarding the memo must be able to tell an article's rule of thumb
from a computed figure. Each built-in rule is listed here with the source its
reason cites; a new built-in rule fails the first test until it is listed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tune_or_prompt.rules import load_packs
from tune_or_prompt.sources import ARTICLE_TITLE

ARTICLE = "the article"
ESTIMATE = "this memo's cost estimate"
RULE_SOURCES = {
    # The article's decision tree.
    "volume-below-1m-tokens": ARTICLE,
    "volume-above-10m-tokens": ARTICLE,
    "accuracy-above-95": ARTICLE,
    "weekly-requirement-changes": ARTICLE,
    "budget-below-5k": ARTICLE,
    # The article's "fine-tuning becomes necessary when" / "prompt engineering is the better fit when".
    "latency-critical": ARTICLE,
    "consistency-critical": ARTICLE,
    "many-tasks-one-model": ARTICLE,
    # The computed totals.
    "tco-favours-prompting": ESTIMATE,
    "tco-favours-fine-tuning": ESTIMATE,
    "volume-near-break-even": ESTIMATE,
}
PACK_SOURCES = {
    "decision-tree": ARTICLE_TITLE,
    "fit-signals": ARTICLE_TITLE,
    "validation-steps": ARTICLE_TITLE,
    "costs": "this memo's cost estimate",
}
RULES_DIR = Path(__file__).resolve().parents[2] / "rules"


def test_every_builtin_rule_is_held_to_a_source() -> None:
    ids = {r.id for r in load_packs().rules}
    assert ids == set(RULE_SOURCES), "list each new built-in rule in RULE_SOURCES with the source it cites"


@pytest.mark.parametrize("rule_id", sorted(RULE_SOURCES))
def test_each_builtin_reason_cites_its_source(rule_id: str) -> None:
    rule = next(r for r in load_packs().rules if r.id == rule_id)
    assert RULE_SOURCES[rule_id] in rule.because, rule.because


@pytest.mark.parametrize("pack", sorted(PACK_SOURCES))
def test_each_builtin_pack_names_its_source_in_description_and_comment(pack: str) -> None:
    loaded = next(p for p in load_packs().packs if p.name == pack)
    assert PACK_SOURCES[pack] in loaded.description
    text = next(f.read_text(encoding="utf-8") for f in RULES_DIR.glob("*.yaml")
                if f"\npack: {pack}\n" in f.read_text(encoding="utf-8"))
    comment = " ".join(line.lstrip("# ") for line in text.splitlines() if line.startswith("#"))
    assert PACK_SOURCES[pack] in " ".join(comment.split())


def test_packs_cover_every_builtin_file() -> None:
    names = {p.name for p in load_packs().packs}
    assert names == set(PACK_SOURCES)
