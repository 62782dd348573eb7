"""Load rule packs: find the files, validate every one, resolve overrides, compile.

Loading is all or nothing. Every file is parsed and checked, every problem
across every file is collected with its file:line:column, and one
:class:`~tune_or_prompt.errors.UserError` lists them all; a bad house pack
never lets a run go on with some of its rules missing.

Order: built-in packs (``rules/*.yaml`` by file name), then each ``--rules``
path as given (a folder's ``*.yaml``/``*.yml``/``*.json`` files by name).
Within a pack, overrides apply first, then its rules and steps are added.
Rule and step ids share one namespace, so an override names one thing.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tune_or_prompt.errors import Problem, UserError
from tune_or_prompt.facts import BUILTIN_FACTS, RESERVED_FIELDS, FactSpec, FactType
from tune_or_prompt.rules.builtin_cache import load_builtin
from tune_or_prompt.rules.compiler import MAX_FACTS, RULE_MATCH_BUDGET, Pending, build, compile_condition
from tune_or_prompt.rules.conditions import Cond, Loc, check, parse
from tune_or_prompt.rules.files import discover, read_model
from tune_or_prompt.rules.ruleset import (
    STRENGTH_ORDER,
    LoadedRule,
    LoadedStep,
    PackInfo,
    RuleSet,
    Shadowed,
)
from tune_or_prompt.rules.schema import Pack, RuleBody, StrengthScale
from tune_or_prompt.rules.text import placeholders
from tune_or_prompt.yamlfile import YamlDocument, load_yaml, suggest

_QUESTION_TYPES: dict[str, FactType] = {
    "bool": "bool",
    "int": "number",
    "float": "number",
    "str": "str",
    "choice": "str",
}


@dataclass
class _Source:
    doc: YamlDocument
    pack: Pack
    shown: str  # the path as messages show it
    builtin: bool
    path: Path


def _shown(path: Path, builtin: bool) -> str:
    return f"rules/{path.name}" if builtin else str(path)


# Parsed pack files by (path, mtime, size): ruamel's position-keeping parser is
# pure Python (~10 ms a file), and a process may load the same packs many times.
_PARSED: dict[tuple[str, int, int], _Source] = {}


def _read(path: Path, builtin: bool, problems: list[Problem]) -> _Source | None:
    try:
        stat = path.stat()
    except OSError:
        stat = None
    cache_key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size) if stat else None
    if cache_key in _PARSED:
        return _PARSED[cache_key]
    source = _parse(path, builtin, problems)
    if source is not None and cache_key is not None:
        _PARSED[cache_key] = source
    return source


def _parse(path: Path, builtin: bool, problems: list[Problem]) -> _Source | None:
    read = read_model(path, "rule pack", Pack, "a rule pack is a mapping with at least a 'pack' name", problems,
                      load=load_builtin if builtin else load_yaml)
    if read is None:
        return None
    doc, pack = read
    return _Source(doc, pack, _shown(path, builtin), builtin, path)


@dataclass
class _Builder:
    """Accumulates the rule set across packs, and every problem found on the way."""

    facts: dict[str, FactSpec] = field(default_factory=lambda: dict(BUILTIN_FACTS))
    rules: dict[str, LoadedRule] = field(default_factory=dict)
    steps: dict[str, LoadedStep] = field(default_factory=dict)
    tests: dict[str, tuple[dict[str, Any], int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    disabled: dict[str, str] = field(default_factory=dict)  # id -> where it was disabled
    shadowed: list[Shadowed] = field(default_factory=list)

    def problem(
        self, src: _Source, loc: Loc, message: str, help: str | None = None, code: str = "pack-error"
    ) -> None:
        self.problems.append(src.doc.problem(loc, message, help, code))

    def where(self, src: _Source, loc: Loc) -> str:
        line = src.doc.location(loc).line
        return f"{src.shown}:{line}" if line else src.shown

    def owner(self, item_id: str) -> str | None:
        item = self.rules.get(item_id) or self.steps.get(item_id)
        return f"pack {item.pack} ({item.source})" if item else None

    def condition(self, src: _Source, raw: Any, loc: Loc, key: str) -> Cond | None:
        cond = parse(raw, loc)
        found = check(cond, self.facts)
        for p in found:
            self.problem(src, p.loc or loc, p.message, p.help, p.code)
        if found:
            return None
        test, terms = compile_condition(cond)
        if terms > RULE_MATCH_BUDGET:
            self.problem(
                src,
                loc,
                f"condition expands to {terms} alternatives; durable_rules allows "
                f"{RULE_MATCH_BUDGET} per scenario (error 303)",
                "split it into several rules, or shorten long 'in' lists and 'any' groups",
            )
            return None
        self.tests[key] = (test, terms)
        return cond

    def text(self, src: _Source, text: str, loc: Loc) -> None:
        try:
            names = placeholders(text)
        except ValueError as exc:
            self.problem(src, loc, str(exc), "write {{ and }} for literal braces")
            return
        for name, _ in names:
            if name not in self.facts:
                self.problem(
                    src,
                    loc,
                    f"placeholder {{{name}}} names no fact",
                    suggest(name, self.facts),
                    "unknown-fact",
                )

    def strength(self, src: _Source, body: RuleBody, loc: Loc) -> None:
        scale = body.strength
        if not isinstance(scale, StrengthScale):
            return
        spec = self.facts.get(scale.grows_with)
        if spec is None or spec.type != "number":
            what = "names no fact" if spec is None else f"is a {spec.type} fact, not a number"
            self.problem(
                src,
                (*loc, "strength", "grows_with"),
                f"grows_with: {scale.grows_with!r} {what}",
                suggest(scale.grows_with, self.facts) if spec is None else None,
            )
        steps = sorted(scale.at_least.items(), key=lambda kv: STRENGTH_ORDER.index(kv[0]))
        if any(STRENGTH_ORDER.index(s) <= STRENGTH_ORDER.index(scale.start) for s, _ in steps):
            self.problem(
                src,
                (*loc, "strength", "at_least"),
                f"at_least: every strength must be above start ({scale.start})",
            )
        if any(a[1] > b[1] for a, b in itertools.pairwise(steps)):
            self.problem(
                src,
                (*loc, "strength", "at_least"),
                "at_least: thresholds must not fall as the strength rises",
            )

    def rule(
        self,
        src: _Source,
        raw: dict[str, Any],
        body: RuleBody,
        loc: Loc,
        rule_id: str,
        replaces: str | None = None,
    ) -> LoadedRule | None:
        cond = self.condition(src, raw["when"], (*loc, "when"), rule_id)
        self.text(src, body.because, (*loc, "because"))
        self.strength(src, body, loc)
        if cond is None:
            return None
        return LoadedRule(
            rule_id,
            src.pack.pack,
            self.where(src, loc),
            body.verdict,
            body.strength,
            body.priority,
            cond,
            body.because,
            replaces,
            loc,
        )


def _add_questions(b: _Builder, sources: Iterable[_Source]) -> None:
    for src in sources:
        for i, q in enumerate(src.pack.questions):
            loc: Loc = ("questions", i, "id")
            if q.id in BUILTIN_FACTS or q.id in RESERVED_FIELDS:
                b.problem(src, loc, f"question {q.id!r} reuses a built-in fact name")
            elif q.id in b.facts:
                b.problem(src, loc, f"question {q.id!r} is already asked by {b.facts[q.id].origin}")
            elif len(b.facts) >= MAX_FACTS:
                b.problem(
                    src,
                    loc,
                    f"too many facts: durable_rules takes at most {MAX_FACTS} "
                    "per scenario (error 302)",
                )
            else:
                b.facts[q.id] = FactSpec(
                    q.id,
                    _QUESTION_TYPES[q.type],
                    tuple(q.choices or ()),
                    f"house:{src.pack.pack}",
                    q.prompt,
                )


def _apply_overrides(b: _Builder, src: _Source) -> None:
    raw_overrides = src.doc.data.get("overrides") or []
    for i, ov in enumerate(src.pack.overrides):
        loc: Loc = ("overrides", i)
        target = b.rules.get(ov.id) or b.steps.get(ov.id)
        if target is None and ov.id in b.disabled:
            b.problem(
                src,
                (*loc, "id"),
                f"override of {ov.id!r}: it was already disabled by {b.disabled[ov.id]}",
                "remove this override, or drop the earlier disable",
                "override-of-disabled",
            )
        elif target is None:
            b.problem(
                src,
                (*loc, "id"),
                f"override of {ov.id!r}: no rule or step with that id was loaded before this pack",
                suggest(ov.id, [*b.rules, *b.steps]),
            )
        elif target.pack == src.pack.pack:
            b.problem(src, (*loc, "id"), f"{ov.id!r} is defined in this pack; edit it instead")
        elif ov.disable:
            b.rules.pop(ov.id, None)
            b.steps.pop(ov.id, None)
            b.tests.pop(ov.id, None)
            b.disabled[ov.id] = f"pack {src.pack.pack} ({b.where(src, loc)})"
            b.shadowed.append(Shadowed(target, src.pack.pack, b.where(src, loc), "disabled"))
        elif ov.id in b.steps:
            b.problem(
                src,
                (*loc, "replace"),
                f"{ov.id!r} is a step: steps can be disabled, not replaced",
                "disable it and add a step with a new id",
            )
        elif ov.replace is not None:
            new = b.rule(
                src,
                raw_overrides[i]["replace"],
                ov.replace,
                (*loc, "replace"),
                ov.id,
                replaces=target.pack,
            )
            if new is not None:
                b.rules[ov.id] = new
                b.shadowed.append(Shadowed(target, src.pack.pack, b.where(src, loc), "replaced"))


def _add_items(b: _Builder, src: _Source) -> None:
    raw = src.doc.data
    for i, rule in enumerate(src.pack.rules):
        loc: Loc = ("rules", i)
        owner = b.owner(rule.id)
        if owner:
            b.problem(
                src,
                (*loc, "id"),
                f"duplicate id {rule.id!r}: already defined in {owner}",
                "use overrides: [{id: ..., replace: ...}] to change a rule of another pack",
            )
            continue
        loaded = b.rule(src, raw["rules"][i], rule, loc, rule.id)
        if loaded is not None:
            b.rules[rule.id] = loaded
    for i, step in enumerate(src.pack.steps):
        loc = ("steps", i)
        owner = b.owner(step.id)
        if owner:
            b.problem(src, (*loc, "id"), f"duplicate id {step.id!r}: already defined in {owner}")
            continue
        b.text(src, step.detail, (*loc, "detail"))
        cond = None
        if step.met_when is not None:
            cond = b.condition(src, raw["steps"][i]["met_when"], (*loc, "met_when"), step.id)
            if cond is None:
                continue
        b.steps[step.id] = LoadedStep(
            step.id,
            src.pack.pack,
            b.where(src, loc),
            step.path,
            step.title,
            step.detail,
            tuple(step.items),
            cond,
            step.blocking,
            loc,
            step.deployment,
        )


def load_packs(paths: Sequence[Path] = (), *, builtin: bool = True) -> RuleSet:
    """Load the built-in packs (unless ``builtin`` is false), then ``paths``, into one rule set.

    Raises:
        UserError: listing every problem in every file (file:line:column,
            source line, caret); nothing is loaded when there is any.

    """
    b, sources = _build(paths, builtin)
    if b.problems:
        count = len(b.problems)
        raise UserError(
            f"{count} problem{'s' if count > 1 else ''} in rule packs; nothing was loaded",
            b.problems,
        )
    return _assemble(b, sources)


def load_packs_leniently(
    paths: Sequence[Path] = (), *, builtin: bool = True
) -> tuple[RuleSet, list[Problem]]:
    """Load what loads, and return every problem beside it (for ``rules lint``).

    A rule or step with a problem in its condition is left out of the rule
    set, and a file that does not parse leaves out its pack; everything else
    is in effect as :func:`load_packs` would load it.
    """
    b, sources = _build(paths, builtin)
    return _assemble(b, sources), b.problems


def _build(paths: Sequence[Path], builtin: bool) -> tuple[_Builder, list[_Source]]:
    files, problems = discover(paths, builtin)
    sources = [s for s in (_read(p, bi, problems) for p, bi in files) if s is not None]
    b = _Builder(problems=problems)
    names: dict[str, str] = {}
    for src in sources:
        if src.pack.pack in names:
            b.problem(
                src,
                ("pack",),
                f"pack name {src.pack.pack!r} is already used by {names[src.pack.pack]}",
            )
        names.setdefault(src.pack.pack, src.shown)
    _add_questions(b, sources)
    for src in sources:
        _apply_overrides(b, src)
        _add_items(b, src)
    return b, sources


def _assemble(b: _Builder, sources: Sequence[_Source]) -> RuleSet:
    order = {rid: n for n, rid in enumerate(b.rules)}
    rules = sorted(b.rules.values(), key=lambda r: (r.priority, order[r.id]))
    steps = list(b.steps.values())
    pending = [Pending("rule", i, r.priority, *b.tests[r.id]) for i, r in enumerate(rules)]
    pending += [Pending("gate", i, 0, *b.tests[s.id]) for i, s in enumerate(steps) if s.met_when]
    questions = tuple(q for src in sources for q in src.pack.questions)
    packs = tuple(
        PackInfo(s.pack.pack, s.pack.description, s.shown, s.builtin, s.path, s.doc)
        for s in sources
    )
    return RuleSet(
        packs, tuple(rules), tuple(steps), questions, dict(b.facts), build(pending), tuple(b.shadowed)
    )
