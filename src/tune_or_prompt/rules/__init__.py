"""The rules engine: YAML rule packs compiled to durable_rules, with an explanation trace.

Public API:

* :func:`load_packs` - built-in packs, then house packs, validated and compiled
  into a :class:`RuleSet` (all problems of all files in one ``UserError``).
* :func:`evaluate` - run a rule set on a fact dict and apply the verdict
  policy (:mod:`.policy`), giving a :class:`~tune_or_prompt.decision.Decision`.

durable_rules runs the rules where it imports (Python < 3.13); elsewhere the
pure-Python reference evaluator of the same compiled rules runs, and
``Decision.engine`` says which one did.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from tune_or_prompt.checks import MAX_EXACT_INT, non_finite
from tune_or_prompt.rules.compiler import MAX_FACTS, CompiledRules
from tune_or_prompt.rules.loader import load_packs
from tune_or_prompt.rules.reference import ReferenceEngine
from tune_or_prompt.rules.ruleset import LoadedRule, LoadedStep, PackInfo, RuleSet
from tune_or_prompt.rules.schema import HouseQuestion, pack_schema

if TYPE_CHECKING:
    from tune_or_prompt.decision import Decision


class Engine(Protocol):
    """Something that runs compiled rules: durable_rules or the reference evaluator."""

    name: str

    def run(self, compiled: CompiledRules, facts: Mapping[str, Any]) -> list[str]:
        """Return the keys of the entries that fire, in firing order."""


_default: Engine | None = None


def default_engine() -> Engine:
    """Return the process-wide engine: durable_rules if it imports, else the reference evaluator."""
    global _default
    if _default is None:
        try:
            from tune_or_prompt.rules.durable_engine import DurableEngine
        except ImportError as exc:
            version = ".".join(map(str, sys.version_info[:2]))
            _default = ReferenceEngine(f"durable_rules does not import on Python {version}: {exc}")
        else:
            _default = DurableEngine()
    return _default


def evaluate(
    facts: Mapping[str, Any], ruleset: RuleSet, *, engine: Engine | None = None
) -> Decision:
    """Run ``ruleset`` on ``facts`` and apply the verdict policy.

    Args:
        facts: A flat fact dict (see :func:`~tune_or_prompt.facts.build_facts`).
        ruleset: From :func:`load_packs`.
        engine: Defaults to :func:`default_engine`.

    Integers beyond 2**53 are compared as floats, as durable_rules compares
    them (the pipeline's facts hold none).

    Raises:
        ValueError: more facts than durable_rules takes, or a fact that is not a
            bool, finite number or string.

    """
    if len(facts) > MAX_FACTS:
        raise ValueError(f"{len(facts)} facts; the rules engine takes at most {MAX_FACTS}")
    facts = dict(facts)
    for name, value in facts.items():
        if not isinstance(value, (bool, int, float, str)):
            raise ValueError(f"fact {name!r} must be a bool, number or string, not {value!r}")
        if type(value) is float and not math.isfinite(value):
            raise non_finite(f"fact {name!r}", value)
        if type(value) is int and abs(value) > MAX_EXACT_INT:
            facts[name] = float(value)  # compared as durable_rules compares it: as a double
    from tune_or_prompt.rules.policy import decision  # the decision models: built only to decide

    run = engine or default_engine()
    return decision(ruleset, facts, run.run(ruleset.compiled, facts), run.name)


__all__ = [
    "Engine",
    "HouseQuestion",
    "LoadedRule",
    "LoadedStep",
    "PackInfo",
    "ReferenceEngine",
    "RuleSet",
    "default_engine",
    "evaluate",
    "load_packs",
    "pack_schema",
]
