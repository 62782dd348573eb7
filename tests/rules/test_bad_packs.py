"""Every bad pack fixture fails with its file:line:column message; every good one loads.

Each ``bad_*.yaml`` starts with ``# expect: <file>:<line>:<col>: <message>``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tune_or_prompt.errors import UserError
from tune_or_prompt.rules import load_packs

from .conftest import ASSETS

BAD = sorted(ASSETS.glob("bad_*.yaml"))
GOOD = sorted(ASSETS.glob("good_*.yaml"))


def expected(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} lacks its expected message"
    return first.removeprefix("# expect: ")


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_pack_reports_position_and_message(path: Path) -> None:
    with pytest.raises(UserError) as info:
        load_packs([path])
    rendered = info.value.render()
    assert f"{path.parent}/{expected(path)}" in rendered
    assert "^" in rendered  # the caret under the source line
    assert "nothing was loaded" in rendered


@pytest.mark.parametrize("path", GOOD, ids=[p.stem for p in GOOD])
def test_good_pack_loads(path: Path) -> None:
    ruleset = load_packs([path])
    assert ruleset.packs[-1].path == str(path)


def test_fixtures_cover_the_issue_list() -> None:
    names = {p.stem for p in BAD}
    assert {
        "bad_yaml_syntax",
        "bad_unknown_key",
        "bad_unknown_fact",
        "bad_wrong_type",
        "bad_unknown_operator",
        "bad_duplicate_id",
        "bad_override_missing",
        "bad_engine_limit",
    } <= names


def test_all_problems_across_all_files_in_one_error() -> None:
    files = [
        ASSETS / "bad_unknown_fact.yaml",
        ASSETS / "bad_unknown_key.yaml",
        ASSETS / "bad_wrong_type.yaml",
    ]
    with pytest.raises(UserError) as info:
        load_packs(files)
    assert len(info.value.problems) == 3
    assert info.value.message == "3 problems in rule packs; nothing was loaded"


def test_good_pack_next_to_bad_pack_is_not_half_loaded(tmp_path: Path) -> None:
    (tmp_path / "a_good.yaml").write_text((ASSETS / "good_acme_policy.yaml").read_text())
    (tmp_path / "b_bad.yaml").write_text((ASSETS / "bad_unknown_fact.yaml").read_text())
    with pytest.raises(UserError):
        load_packs([tmp_path])


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        load_packs([tmp_path / "nope.yaml", tmp_path])
    text = info.value.render()
    assert "nope.yaml: no such rule pack file or folder" in text
    assert "no rule packs (*.yaml, *.yml, *.json) in this folder" in text


def test_same_pack_name_twice(tmp_path: Path) -> None:
    for name in ("one.yaml", "two.yaml"):
        (tmp_path / name).write_text("pack: same\n")
    with pytest.raises(UserError) as info:
        load_packs([tmp_path], builtin=False)
    assert f"{tmp_path}/two.yaml:1:1: pack name 'same' is already used by {tmp_path}/one.yaml" in (
        info.value.render()
    )


def help_by_message(path: Path) -> dict[str, str | None]:
    """Load a bad pack; return each problem's help line by its message."""
    with pytest.raises(UserError) as info:
        load_packs([path])
    return {p.message: p.help for p in info.value.problems}


def test_unknown_keys_are_helped_with_the_keys_of_their_own_place(write_pack) -> None:
    # A typo in a rule is matched against a rule's keys, an unknown operator
    # against the operators, a typo in a step against a step's keys.
    path = write_pack("typos.yaml", (
        "pack: typos\n"
        "rules:\n"
        "  - id: r\n"
        "    when: {monthly_tokens: {greter: 1}}\n"
        "    verdict: fine_tuning\n"
        "    strenght: weak\n"
        "    because: r.\n"
        "steps:\n"
        "  - {id: s, path: fine_tuning, title: t, blockng: true}\n"
    ))
    helps = help_by_message(path)
    assert helps["unknown operator 'greter'"] == (
        "did you mean 'gte'? (operators here: eq, ne, lt, lte, gt, gte, in, not_in, exists)"
    )
    assert helps["unknown key 'strenght'"] == (
        "did you mean 'strength'? (keys here: when, verdict, strength, priority, because, id)"
    )
    assert helps["unknown key 'blockng'"].startswith("did you mean 'blocking'? (keys here: id, path, title,")


def test_unknown_operator_without_a_close_match_lists_the_operators(write_pack) -> None:
    path = write_pack("above.yaml", (
        "pack: above\nrules:\n  - id: r\n    when: {monthly_tokens: {above: 1}}\n"
        "    verdict: fine_tuning\n    strength: weak\n    because: r.\n"
    ))
    assert help_by_message(path) == {
        "unknown operator 'above'": "operators here: eq, ne, lt, lte, gt, gte, in, not_in, exists"
    }


def test_a_typo_inside_a_strength_scale_is_helped(write_pack) -> None:
    path = write_pack("scale.yaml", (
        "pack: scale\nrules:\n  - id: r\n    when: {monthly_tokens: {gt: 1}}\n    verdict: fine_tuning\n"
        "    strength: {grows_with: tco_cost_ratio, at_leest: {strong: 2}}\n    because: r.\n"
    ))
    assert help_by_message(path)["unknown key 'at_leest'"] == (
        "did you mean 'at_least'? (keys here: grows_with, start, at_least)"
    )
