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
"""

from __future__ import annotations

import itertools
import threading
import warnings
from collections.abc import Callable, Mapping
from importlib import metadata
from typing import Any

from durable import engine as durable

from tune_or_prompt.rules.compiler import SCENARIO, CompiledRules

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
            raise EngineError(f"durable_rules failed on ruleset {name}: {exc}") from exc
        else:
            error = self._host.get_state(name, sid).get("exception")
            if error:
                raise EngineError(f"a rule action failed in ruleset {name}: {error}")
        finally:
            self._host.delete_state(name, sid)
