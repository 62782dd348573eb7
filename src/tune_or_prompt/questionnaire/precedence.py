"""Answer precedence, one named structure: where each answer of a run comes from.

Highest first: the command line (``--set``), the usage logs
(``--from-logs``), the ``--answers`` file, earlier answers (a saved file the
run resumed), then each question's default (with ``--defaults``). The
questions asked in a terminal fill only what all of these leave unanswered.
The layers are a :class:`~collections.ChainMap`, as copier merges its
answers, so the precedence is read in one place and every answer can say
which layer gave it.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

# The layers, highest precedence first.
LAYERS = ("command_line", "logs", "answers_file", "earlier", "defaults")
# The order in which an answer's key first appears in the merged answers (the order answers are recorded in).
_KEY_ORDER = ("earlier", "answers_file", "logs", "command_line", "defaults")


@dataclass
class AnswerLayers:
    """The answers of one run, by where they come from.

    Attributes:
        command_line: ``--set id=value`` options.
        logs: Figures measured from usage logs.
        answers_file: The ``--answers`` file.
        earlier: A saved answers file the run resumed.
        defaults: Each unanswered question's default (``--defaults``).

    """

    command_line: dict[str, Any] = field(default_factory=dict)
    logs: dict[str, Any] = field(default_factory=dict)
    answers_file: dict[str, Any] = field(default_factory=dict)
    earlier: dict[str, Any] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)

    def chain(self) -> ChainMap[str, Any]:
        """Return the layers as one mapping: a key's value is that of the highest layer holding it."""
        return ChainMap(*(getattr(self, name) for name in LAYERS))

    def given(self) -> ChainMap[str, Any]:
        """Return what this run was given (command line, logs, answers file), without earlier answers or defaults."""
        return ChainMap(self.command_line, self.logs, self.answers_file)

    def merged(self) -> dict[str, Any]:
        """Return every answer at its winning value, keys in the order the answers are recorded."""
        chain = self.chain()
        out: dict[str, Any] = {}
        for name in _KEY_ORDER:
            for key in getattr(self, name):
                out.setdefault(key, chain[key])
        return out

    def layer_of(self, key: str) -> str | None:
        """Return the name of the layer that gives ``key`` its value (None: unanswered)."""
        return next((name for name in LAYERS if key in getattr(self, name)), None)

    def mapped(self, fn: Callable[[str, Any], Any]) -> AnswerLayers:
        """Return the layers with every winning value replaced by ``fn(key, value)`` (to check or convert them).

        A value a higher layer overrides is kept as it is: it is never used, so never checked.
        """
        return AnswerLayers(**{
            f.name: {k: fn(k, v) if self.layer_of(k) == f.name else v for k, v in getattr(self, f.name).items()}
            for f in fields(self)})
