"""Rules engine speed: pack load + compile time, and scenarios/s per engine.

Run: python benchmarks/bench_rules.py [--scenarios N] [--repeats R]

Compiles the built-in packs once, then decides the same generated scenarios
through durable_rules and through the reference evaluator, reporting the
median of the repeats. Targets (issue 3): one scenario under 1 ms after
loading, built-in packs loaded and compiled under 100 ms.
"""

from __future__ import annotations

import argparse
import random
from typing import Any

from timing import median_seconds

from tune_or_prompt.answers import Answers
from tune_or_prompt.facts import build_facts
from tune_or_prompt.rules import ReferenceEngine, RuleSet, evaluate, load_packs
from tune_or_prompt.rules import loader as rules_loader
from tune_or_prompt.tco import Assumptions, Workload, compute_tco


def scenarios(n: int) -> list[dict[str, Any]]:
    rng = random.Random(7)
    base = build_facts(Answers(), compute_tco(Workload(), Assumptions()))
    out = []
    for _ in range(n):
        facts = dict(base)
        facts["monthly_tokens"] = rng.choice([5e5, 5e6, 2.5e8])
        facts["accuracy_target_pct"] = rng.choice([80, 90, 97])
        facts["requirements_change"] = rng.choice(["weekly", "monthly", "rarely"])
        facts["latency_critical"] = rng.random() < 0.3
        facts["tco_cheaper"] = rng.choice(["prompt_engineering", "fine_tuning"])
        facts["tco_cost_ratio"] = rng.choice([1.1, 1.5, 5.2])
        facts["production_data_months"] = rng.choice([0, 3, 12])
        out.append(facts)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    def cold_load() -> RuleSet:
        rules_loader._PARSED.clear()  # measure parsing too, not only the cache
        return load_packs()

    cold = median_seconds(cold_load, args.repeats)
    warm = median_seconds(load_packs, args.repeats)
    ruleset = load_packs()
    print(
        f"built-in packs: {len(ruleset.rules)} rules, {len(ruleset.steps)} steps, "
        f"{len(ruleset.compiled.chunks)} ruleset(s)"
    )
    print(f"load + compile, first in a process:  {cold * 1000:7.1f} ms (median of {args.repeats})")
    print(f"load + compile, files already parsed: {warm * 1000:7.1f} ms")

    facts = scenarios(args.scenarios)
    from tune_or_prompt.rules import default_engine

    engines = [default_engine(), ReferenceEngine()]
    for engine in engines:
        evaluate(facts[0], ruleset, engine=engine)  # register rulesets outside the timing
        raw = median_seconds(
            lambda e=engine: [e.run(ruleset.compiled, f) for f in facts], args.repeats
        )
        full = median_seconds(
            lambda e=engine: [evaluate(f, ruleset, engine=e) for f in facts], args.repeats
        )
        print(
            f"{engine.name:<28} engine only: {args.scenarios / raw:9,.0f} scenarios/s "
            f"({raw / args.scenarios * 1e6:6.1f} us each); with verdict policy: "
            f"{args.scenarios / full:8,.0f} scenarios/s "
            f"({full / args.scenarios * 1e6:6.1f} us each)"
        )


if __name__ == "__main__":
    main()
