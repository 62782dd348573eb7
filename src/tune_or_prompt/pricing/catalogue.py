"""One place to ask "what does model X cost per token?".

User price files (``--prices``) are consulted first, then genai-prices' bundled
snapshot. An unknown name is a :class:`UserError` that suggests close matches.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Sequence
from pathlib import Path

from tune_or_prompt.errors import UserError
from tune_or_prompt.pricing.genai import GenaiIndex
from tune_or_prompt.pricing.litellm import load_price_file
from tune_or_prompt.pricing.model_price import ModelPrice


class Catalogue:
    """API model prices: user overrides over genai-prices."""

    def __init__(self, overrides: dict[str, ModelPrice] | None = None) -> None:
        self._overrides = dict(overrides or {})
        self._genai: GenaiIndex | None = None

    @property
    def genai(self) -> GenaiIndex:
        """The genai-prices index, opened on first use."""
        if self._genai is None:
            self._genai = GenaiIndex()
        return self._genai

    def lookup(self, name: str) -> ModelPrice:
        """Return the prices of ``name``.

        Raises:
            UserError: no catalogue knows the model; close matches are suggested.

        """
        key = name.strip().lower()
        if not key:
            raise UserError("api model: a model name is required")
        if key in self._overrides:
            return self._overrides[key]
        found = self.genai.lookup(key)
        if found is not None:
            return found
        names = sorted(set(self.genai.names()) | {m.model for m in self._overrides.values()})
        close = difflib.get_close_matches(key, names, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise UserError(
            f"api model: unknown model {name!r}{hint} "
            "(`tune-or-prompt prices` lists them; --prices FILE adds your own)"
        )

    def models(self, pattern: str | None = None) -> list[ModelPrice]:
        """Return the models whose name matches ``pattern`` (glob or substring), sorted."""
        found: dict[str, ModelPrice] = {f"{m.provider}/{m.model}": m for m in self.genai.all_models()}
        for m in self._overrides.values():
            found[f"{m.provider}/{m.model}"] = m
        rows = list(found.values())
        if pattern:
            pat = pattern.lower()
            glob = any(ch in pat for ch in "*?[")
            rows = [
                m
                for m in rows
                if (fnmatch.fnmatch(m.model.lower(), pat) if glob else pat in m.model.lower())
            ]
        return sorted(rows, key=lambda m: (m.model, m.provider))


def load_catalogue(price_files: Sequence[Path] = ()) -> Catalogue:
    """Return a catalogue with the given LiteLLM-format price files layered on top."""
    overrides: dict[str, ModelPrice] = {}
    for path in price_files:
        overrides.update(load_price_file(path))
    return Catalogue(overrides)
