"""Run compiled rules through durable_rules, working around what we know of it.

* The stock ``Host`` starts background timer threads that dispatch actions
  and timers; with many sessions they crash the process. We use neither, so
  :class:`_QuietHost` overrides ``_run`` to start nothing and every action
  runs synchronously inside ``assert_fact``.
* ``assert_fact``, not ``post``: an event is consumed by the first rule that
  matches it, a fact stays for every rule.
* One session id per scenario and ``delete_state`` afterwards: more than
  1,024 live sessions per ruleset fail with a bare ``MemoryError``.
* ``delete_state`` on a session whose fact matched no rule corrupts the
  engine's heap and, some thousands of scenarios later, segfaults. Every
  ruleset therefore gets one more rule, :data:`SENTINEL`, that matches every
  scenario and fires last doing nothing, so no assert goes unmatched.
* A rule whose ``$or`` has several true branches fires once per branch;
  the trace keeps each rule's first firing.
* An action that raises is swallowed into the session state's ``exception``
  key; we read it back and raise :class:`EngineError`.
* durable_rules calls ``datetime.utcfromtimestamp`` on every action; on
  Python 3.12 with warnings as errors that raises inside the engine and sticks
  the session, so that DeprecationWarning is ignored around engine calls.
* There is no API to remove a ruleset and registering a name twice raises:
  rulesets are named after the compiled content's digest and registered once
  per process (see :meth:`CompiledRules.definitions`).
* Its JSON reader takes an exponent only after a fraction: ``2.0e+16`` but
  not ``2e+16``, which is how Python writes 2e16, and ``5e-05`` for 0.00005
  (error 309, or a crash when the session is deleted). durable_rules'
  module writes its JSON through :func:`engine_json`, which spells every
  float with a fraction, so every finite number reaches it intact. Integers
  beyond 64 bits, which it would clip, are written as floats (the facts and
  packs hold none: :mod:`tune_or_prompt.checks` bounds them).
"""

from __future__ import annotations

import itertools
import json
import math
import threading
import warnings
from collections.abc import Callable, Mapping
from importlib import metadata
from typing import Any

from durable import engine as durable

from tune_or_prompt.rules.compiler import SCENARIO, CompiledRules


def _number(value: float) -> str:
    """Spell a float as durable_rules reads it: ``2e+16`` -> ``2.0e+16``, ``5e-05`` -> ``5.0e-05``."""
    text = repr(value)
    if "e" in text and "." not in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}.0e{exponent}"
    return text


def engine_json(value: Any, ensure_ascii: bool = False) -> str:
    """Write ``value`` as JSON that durable_rules' reader accepts (see the module's docstring).

    The same values as :func:`json.dumps` writes, spelled so that its reader
    takes them: floats always with a fraction, integers beyond 64 bits as
    floats. Non-finite floats have no JSON form and raise ValueError.
    """
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=ensure_ascii)
    if value is None or isinstance(value, bool):
        return "null" if value is None else "true" if value else "false"
    if isinstance(value, int):
        return str(int(value)) if -(2**63) <= value < 2**63 else _number(float(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} has no JSON form")
        return _number(float(value))
    if isinstance(value, dict):
        items = (f"{json.dumps(str(k), ensure_ascii=ensure_ascii)}:{engine_json(v, ensure_ascii)}"
                 for k, v in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(engine_json(v, ensure_ascii) for v in value) + "]"
    raise TypeError(f"{value!r} has no JSON form")


class _EngineJson:
    """What durable_rules' module calls ``json``: our writer, the standard reader."""

    dumps = staticmethod(engine_json)
    loads = staticmethod(json.loads)


durable.json = _EngineJson

SENTINEL = "zz-matches-every-scenario"
_SENTINEL_PRI = 1_000_000  # after every compiled entry (they count up from 1)


def _sentinel_rule() -> dict[str, Any]:
    return {"all": [{"m": {"kind": SCENARIO}}], "pri": _SENTINEL_PRI, "run": lambda c: None}


class EngineError(RuntimeError):
    """durable_rules failed on a scenario (a bug here, not a user error)."""


class _QuietHost(durable.Host):  # type: ignore[misc]
    """A durable_rules host without background dispatch threads."""

    def _run(self) -> None:
        """Start nothing: actions run synchronously in ``assert_fact``."""


class DurableEngine:
    """Evaluate compiled rules with durable_rules, one session per scenario."""

    def __init__(self) -> None:
        """Create the host; rulesets are registered on first use."""
        self.name = f"durable_rules {metadata.version('durable_rules')}"
        self._host = _QuietHost()
        self._names: dict[str, list[str]] = {}
        self._sink: list[str] = []
        self._lock = threading.Lock()
        self._sids = itertools.count(1)

    def _action(self, key: str) -> Callable[[Any], None]:
        def fire(c: Any) -> None:
            self._sink.append(key)

        return fire

    def _register(self, compiled: CompiledRules) -> list[str]:
        names = self._names.get(compiled.digest)
        if names is None:
            names = []
            for name, rules in compiled.definitions():
                for key, rule in rules.items():
                    rule["run"] = self._action(key)
                rules[SENTINEL] = _sentinel_rule()
                self._host.register_rulesets({name: rules})
                names.append(name)
            self._names[compiled.digest] = names
        return names

    def run(self, compiled: CompiledRules, facts: Mapping[str, Any]) -> list[str]:
        """Return the keys of the entries that fire, in firing order."""
        with self._lock, warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            names = self._register(compiled)
            fired: list[str] = []
            self._sink = fired
            sid = str(next(self._sids))
            fact = {**facts, "sid": sid, "kind": SCENARIO}
            for name in names:
                self._assert(name, sid, fact)
        return list(dict.fromkeys(fired))

    def _assert(self, name: str, sid: str, fact: dict[str, Any]) -> None:
        try:
            self._host.assert_fact(name, fact)
        except Exception as exc:  # the engine raises bare Exceptions with error codes
            self._forget(name, sid)
            raise EngineError(f"durable_rules failed on ruleset {name}: {exc}") from exc
        error = self._host.get_state(name, sid).get("exception")
        self._host.delete_state(name, sid)
        if error:
            raise EngineError(f"a rule action failed in ruleset {name}: {error}")

    def _forget(self, name: str, sid: str) -> None:
        """Delete a failed scenario's session; its own error must not hide the one that matters."""
        try:
            self._host.delete_state(name, sid)
        except Exception:
            pass
