"""durable_rules specifics: reloading, many sessions, the 64-alternative split, errors, fallback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import tune_or_prompt.rules as rules_api
from tune_or_prompt.decision import Decision
from tune_or_prompt.rules import ReferenceEngine, RuleSet, evaluate, load_packs

pytestmark = pytest.mark.durable_rules
durable_engine = pytest.importorskip("tune_or_prompt.rules.durable_engine",
                                     reason="durable_rules does not import on this Python")


def test_default_engine_is_durable_rules_and_says_its_version(
    builtin: RuleSet, example_facts: dict[str, Any]
) -> None:
    assert evaluate(example_facts, builtin).engine.startswith("durable_rules 2.")


def test_loading_the_same_packs_twice_reuses_the_registered_rulesets(
    example_facts: dict[str, Any],
) -> None:
    first, second = load_packs(), load_packs()
    assert first.compiled.digest == second.compiled.digest
    assert evaluate(example_facts, first) == evaluate(example_facts, second)


def test_more_than_1024_scenarios_in_one_process(
    builtin: RuleSet, example_facts: dict[str, Any]
) -> None:
    engine = durable_engine.DurableEngine()
    for n in range(1500):
        facts = {**example_facts, "monthly_tokens": float(n * 10_000)}
        fired = engine.run(builtin.compiled, facts)
        assert (n < 100) == any(
            builtin.compiled.by_key[k].index == 0
            for k in fired
            if builtin.compiled.by_key[k].kind == "rule"
        )


def test_more_than_64_true_rules_are_split_across_rulesets(
    write_pack: Callable[[str, str], Path],
) -> None:
    rules = "".join(
        f"  - id: r{i}\n    when: {{monthly_tokens: {{gte: 0}}}}\n    verdict: fine_tuning\n"
        f"    strength: weak\n    priority: {200 - i}\n    because: r{i}\n"
        for i in range(100)
    )
    ruleset = load_packs([write_pack("many.yaml", "pack: many\nrules:\n" + rules)], builtin=False)
    assert len(ruleset.compiled.chunks) == 2
    decision = evaluate({"monthly_tokens": 1.0}, ruleset)
    assert [r.id for r in decision.fired] == [
        f"r{i}" for i in reversed(range(100))
    ]  # priority order


def test_an_action_that_raises_is_surfaced(
    builtin: RuleSet, example_facts: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = durable_engine.DurableEngine()

    def boom(self: Any, key: str) -> Callable[[Any], None]:
        def fire(c: Any) -> None:
            raise RuntimeError("boom")

        return fire

    monkeypatch.setattr(durable_engine.DurableEngine, "_action", boom)
    with pytest.raises(durable_engine.EngineError, match="boom"):
        engine.run(builtin.compiled, example_facts)


def test_reference_evaluator_runs_when_durable_rules_does_not_import(
    monkeypatch: pytest.MonkeyPatch, builtin: RuleSet, example_facts: dict[str, Any]
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_durable(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.endswith("durable_engine"):
            raise ImportError("No module named 'durable_rules_engine'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(rules_api, "_default", None)
    monkeypatch.setattr(builtins, "__import__", no_durable)
    decision: Decision = evaluate(example_facts, builtin)
    assert decision.engine.startswith(
        "reference evaluator (durable_rules does not import on Python"
    )
    monkeypatch.setattr(builtins, "__import__", real_import)
    durable = evaluate(example_facts, builtin, engine=durable_engine.DurableEngine())
    assert decision.model_copy(update={"engine": durable.engine}) == durable


def test_evaluate_rejects_facts_the_engine_cannot_take(builtin: RuleSet) -> None:
    with pytest.raises(ValueError, match="at most 250"):
        evaluate({f"f{i}": 1 for i in range(251)}, builtin, engine=ReferenceEngine())
    with pytest.raises(ValueError, match="must be a bool, number or string"):
        evaluate({"monthly_tokens": [1]}, builtin)


UNMATCHED = """
import sys
from tune_or_prompt.rules import load_packs
from tune_or_prompt.rules.durable_engine import DurableEngine
from pathlib import Path
pack = Path(sys.argv[1])
rs = load_packs([pack], builtin=False)
engine = DurableEngine()
for i in range(20_000):
    assert engine.run(rs.compiled, {"monthly_tokens": 5.0 + i}) == []
print("ok")
"""


def test_many_scenarios_that_match_no_rule_do_not_crash_the_engine(tmp_path: Path) -> None:
    # Deleting a session whose fact matched nothing corrupts durable_rules' heap and
    # segfaults some thousands of scenarios later; the engine's sentinel rule prevents
    # it. A subprocess, so that a crash fails this test instead of killing the run.
    import subprocess
    import sys

    pack = tmp_path / "never.yaml"
    pack.write_text(
        "pack: never\ndescription: A rule that never fires.\nrules:\n"
        "  - id: never\n    when: {all: [{monthly_tokens: {lt: 0}}]}\n"
        "    verdict: fine_tuning\n    strength: weak\n    because: Never.\n"
    )
    done = subprocess.run([sys.executable, "-c", UNMATCHED, str(pack)], capture_output=True,
                          text=True, timeout=300)
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr[-2000:]
