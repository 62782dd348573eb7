"""The verdict policy: from the rules that fired and the gates to a :class:`Decision`.

Policy, in order (deterministic; documented in README "Rule packs"):

1. **Required rules decide.** If every fired ``required`` rule argues for one
   path, that path is the verdict, confidence 1. If fired ``required`` rules
   argue for both paths, the verdict is ``undecided``, confidence 0, and a
   note names each contradicting rule.
2. **Otherwise the weighted sum decides.** Each fired rule adds its strength's
   weight (:data:`WEIGHTS`: weak 1, moderate 2, strong 3) to its path's score.
   The higher score wins; a tie (including no rule firing) goes to prompt
   engineering, the strategic default the article recommends.
3. **Gates hold fine-tuning back.** A ``fine_tuning`` verdict with a blocking
   gate that is ``unmet`` or ``unknown`` becomes ``prompt_engineering_first``,
   and ``must_be_true`` lists those gates.

The rule score (0..1) of a weighted decision is ``(W - L) / (W + L + 1)``: W
and L are the winning and losing scores; the ``+ 1`` is a prior of one weak
vote, so a lone weak rule gives 0.5, a lone strong rule 0.75, a tie 0. A
``prompt_engineering_first`` verdict keeps the score of the fine-tuning vote
its gates hold back. It measures how the rules voted, not how likely the
verdict is to hold: that is the confidence from the uncertainty draws
(:mod:`tune_or_prompt.confidence`), which replaces it when draws are run.

Gates: ``met`` when the gate's condition holds; otherwise ``unknown`` when a
fact it compares (other than with ``exists``) is absent, else ``unmet``. A
step without a condition is advice only: ``unknown``, never blocking.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, NamedTuple, Protocol

from tune_or_prompt.decision import (
    VERDICT_LABELS,
    Decision,
    FiredRule,
    GateResult,
    GateStatus,
    Path,
    Strength,
    Verdict,
)
from tune_or_prompt.rules.explain import not_fired
from tune_or_prompt.rules.ruleset import LoadedRule, LoadedStep, RuleSet
from tune_or_prompt.rules.text import fill, show
from tune_or_prompt.words import count, lower_first, plural

WEIGHTS: dict[Strength, float] = {"weak": 1.0, "moderate": 2.0, "strong": 3.0, "required": 10.0}
LABEL: dict[str, str] = {p: VERDICT_LABELS[p].words for p in ("prompt_engineering", "fine_tuning")}
_OTHER: dict[Path, Path] = {
    "prompt_engineering": "fine_tuning",
    "fine_tuning": "prompt_engineering",
}


class Vote(Protocol):
    """What the policy reads of a fired rule (a :class:`FiredRule` or a :class:`Ballot`)."""

    @property
    def id(self) -> str: ...  # noqa: D102
    @property
    def pack(self) -> str: ...  # noqa: D102
    @property
    def verdict(self) -> Path: ...  # noqa: D102
    @property
    def strength(self) -> Strength: ...  # noqa: D102
    @property
    def weight(self) -> float: ...  # noqa: D102


class Ballot(NamedTuple):
    """A fired rule reduced to its vote, for :func:`outcome` (no reason text, no facts)."""

    id: str
    pack: str
    verdict: Path
    strength: Strength
    weight: float


def fire(rule: LoadedRule, facts: Mapping[str, Any]) -> FiredRule:
    """Describe one fired rule: its strength on these facts, its reason filled in, what it read."""
    strength = rule.strength_for(facts)
    return FiredRule(
        id=rule.id,
        pack=rule.pack,
        verdict=rule.verdict,
        strength=strength,
        weight=WEIGHTS[strength],
        because=fill(rule.because, facts),
        facts={n: facts.get(n) for n in rule.read_facts},
        source=rule.source,
    )


def gate(step: LoadedStep, met: bool, facts: Mapping[str, Any]) -> GateResult:
    """Evaluate one validation step into a :class:`GateResult`."""
    detail = fill(step.detail, facts)
    if step.items:
        listed = "; ".join(step.items) + "."
        detail = f"{detail} {listed}" if detail else listed[:1].upper() + listed[1:]
    if step.met_when is None:  # advice only: nothing to meet, never blocking
        status: GateStatus = "to_do"
        blocking, read = False, {}
    else:
        unknown = any(n not in facts for n in step.compared_facts)
        status = "met" if met else ("unknown" if unknown else "unmet")
        blocking, read = step.blocking, {n: facts.get(n) for n in step.read_facts}
    return GateResult(
        id=step.id,
        pack=step.pack,
        path=step.path,
        title=step.title,
        status=status,
        blocking=blocking,
        detail=detail,
        facts=read,
    )


def verdict_of(fired: Sequence[Vote]) -> tuple[Verdict, float, dict[str, float], list[str]]:
    """Apply steps 1 and 2 of the policy: verdict, confidence, scores and notes."""
    scores = {p: sum(r.weight for r in fired if r.verdict == p) for p in LABEL}
    required = [r for r in fired if r.strength == "required"]
    paths = {r.verdict for r in required}
    if len(paths) == 2:
        sides = "; ".join(f"{r.id} ({r.pack}) requires {LABEL[r.verdict]}" for r in required)
        return (
            "undecided",
            0.0,
            scores,
            [
                f"Required rules contradict each other: {sides}. Settle it with an override "
                "(replace or disable) in a house pack."
            ],
        )
    if paths:
        path = paths.pop()
        ids = ", ".join(r.id for r in required)
        return path, 1.0, scores, [f"Required rule {ids} decides: {LABEL[path]}."]
    pe, ft = scores["prompt_engineering"], scores["fine_tuning"]
    winner: Path = "fine_tuning" if ft > pe else "prompt_engineering"
    w, lo = max(pe, ft), min(pe, ft)
    notes = []
    if not fired:
        notes.append("No rule fired; prompt engineering is the strategic default.")
    elif pe == ft:
        notes.append(
            f"The scores tie at {show(pe)}; a tie goes to prompt engineering, "
            "the strategic default."
        )
    return winner, round((w - lo) / (w + lo + 1), 2), scores, notes


def held_back(ruleset: RuleSet, met: Collection[str]) -> list[LoadedStep]:
    """Return the blocking fine-tuning gates not met (unmet or unknown): step 3 of the policy."""
    return [
        s for s in ruleset.steps
        if s.blocking and s.path == "fine_tuning" and s.met_when is not None and s.id not in met
    ]


def outcome(ruleset: RuleSet, facts: Mapping[str, Any], fired_keys: Sequence[str]) -> tuple[Verdict, float]:
    """Return the verdict and rule score :func:`decision` gives, without describing the decision.

    For callers that decide many workloads and keep only the verdict (batch):
    no reason text is filled in and no gate is described.
    """
    by_key = ruleset.compiled.by_key
    votes: list[Ballot] = []
    met: set[str] = set()
    for key in fired_keys:
        entry = by_key[key]
        if entry.kind == "rule":
            rule = ruleset.rules[entry.index]
            strength = rule.strength_for(facts)
            votes.append(Ballot(rule.id, rule.pack, rule.verdict, strength, WEIGHTS[strength]))
        elif entry.kind == "gate":
            met.add(ruleset.steps[entry.index].id)
    verdict, confidence, _, _ = verdict_of(votes)
    if verdict == "fine_tuning" and held_back(ruleset, met):
        verdict = "prompt_engineering_first"
    return verdict, confidence


def _cost_notes(
    fired: Sequence[FiredRule], cost_ids: frozenset[str], winner: Verdict, facts: Mapping[str, Any]
) -> list[str]:
    """Say plainly when computed costs and rule signals disagree, and which prevailed."""
    if winner not in LABEL:
        return []
    path: Path = winner  # type: ignore[assignment]
    months = show(facts.get("horizon_months"))
    ratio = facts.get("tco_cost_ratio")
    by = f" {ratio:.1f}x" if isinstance(ratio, (int, float)) else ""
    error_cost = facts.get("cost_per_error_usd")
    costs = (f"computed {months}-month costs (wrong answers priced at ${error_cost:,.2f} each)"
             if isinstance(error_cost, (int, float)) and error_cost > 0 else f"computed {months}-month costs")
    notes = []
    cost_win = [r for r in fired if r.id in cost_ids and r.verdict == path]
    cost_lose = [r for r in fired if r.id in cost_ids and r.verdict != path]
    signals_lose = [r for r in fired if r.id not in cost_ids and r.verdict != path]
    signals_win = [r for r in fired if r.id not in cost_ids and r.verdict == path]
    if cost_win and signals_lose:
        names = ", ".join(f"{r.id} (pack {r.pack})" for r in signals_lose)
        verb = "Rule {} suggests" if len(signals_lose) == 1 else "Rules {} suggest"
        notes.append(
            f"{verb.format(names)} {LABEL[_OTHER[path]]}, but the {costs} "
            f"favour {LABEL[path]}{by}; the cost rule {cost_win[0].id} prevailed."
        )
    if cost_lose and signals_win:
        names = ", ".join(r.id for r in signals_win)
        notes.append(
            f"The {costs} favour {LABEL[_OTHER[path]]}{by} "
            f"({cost_lose[0].id}), but {names} outweighed them."
        )
    return notes


def decision(
    ruleset: RuleSet, facts: Mapping[str, Any], fired_keys: Sequence[str], engine: str
) -> Decision:
    """Build the :class:`Decision` from the engine's fired keys (rules and gates)."""
    by_key = ruleset.compiled.by_key
    entries = [by_key[k] for k in fired_keys]
    fired = [fire(ruleset.rules[e.index], facts) for e in entries if e.kind == "rule"]
    met = {ruleset.steps[e.index].id for e in entries if e.kind == "gate"}
    gates = [gate(s, s.id in met, facts) for s in ruleset.steps if s.applies(facts)]
    verdict, confidence, scores, notes = verdict_of(fired)
    notes += _cost_notes(fired, ruleset.cost_rule_ids, verdict, facts)
    must: list[str] = []
    if verdict == "fine_tuning":
        held = {s.id for s in held_back(ruleset, met)}
        holding = [g for g in gates if g.id in held]
        if holding:
            verdict = "prompt_engineering_first"
            must = [f"{g.title}: {g.detail}" if g.detail else g.title for g in holding]
            notes.append(
                f"The rules favour fine-tuning, but {count(len(holding), 'blocking gate')} "
                f"{plural('is', len(holding))} not met ({'; '.join(lower_first(g.title) for g in holding)}); "
                f"start with prompt engineering until {'it is' if len(holding) == 1 else 'they are'}."
            )
    return Decision(
        verdict=verdict,
        confidence=confidence,
        confidence_basis="rules",
        rule_score=confidence,
        scores=scores,
        fired=fired,
        not_fired=not_fired(ruleset, facts, [r.id for r in fired]),
        gates=gates,
        notes=notes,
        must_be_true=must,
        engine=engine,
        packs=[p.name for p in ruleset.packs],
    )
