"""One place to ask "what does model X cost per token?".

User price files (``--prices``) are consulted first, then genai-prices' bundled
snapshot. An unknown name is a :class:`UserError` that suggests close matches.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tune_or_prompt.errors import UserError
from tune_or_prompt.pricing.genai import GenaiIndex

if TYPE_CHECKING:
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

    def check_model(self, name: object) -> str | None:
        """Return, in one line, why ``name`` is not a model this catalogue prices (with close matches), or None.

        The questionnaire's check under the API model question, in the terminal and in the browser alike: the
        suggestion, not the pointer to ``prices``.
        """
        try:
            self.lookup(str(name))
        except UserError as exc:
            return exc.message.removeprefix("api model: ").split(" (`", 1)[0]
        return None

    def models(self, pattern: str | None = None) -> list[ModelPrice]:
        """Return the models whose name matches ``pattern`` (glob or substring), sorted.

        The index is filtered before any :class:`ModelPrice` is built, so a
        look-up costs a scan of plain dicts, not thousands of validated models.
        """
        matches = _matcher(pattern)
        found: dict[str, ModelPrice] = {
            f"{e['provider']}/{e['model']}": self.genai.price(e)
            for e in self.genai.entries()
            if matches(e["model"])
        }
        for m in self._overrides.values():
            if matches(m.model):
                found[f"{m.provider}/{m.model}"] = m
        return sorted(found.values(), key=lambda m: (m.model, m.provider))

    def providers(self) -> list[ProviderSummary]:
        """Return, per provider, how many models the catalogue holds and their price ranges.

        Read from the cached index as plain figures: a summary of the whole
        catalogue without building a model object per entry.
        """
        rows: dict[str, dict[str, tuple[float, float]]] = {}
        figures = [(e["provider"], e["model"], e["input"], e["output"]) for e in self.genai.entries()]
        figures += [(m.provider, m.model, m.input_usd_per_mtok, m.output_usd_per_mtok)
                    for m in self._overrides.values()]
        for provider, model, pin, pout in figures:
            rows.setdefault(provider, {})[model.lower()] = (pin, pout)
        return [
            ProviderSummary(
                provider=provider,
                models=len(prices),
                input_usd_per_mtok=(min(p[0] for p in prices.values()), max(p[0] for p in prices.values())),
                output_usd_per_mtok=(min(p[1] for p in prices.values()), max(p[1] for p in prices.values())),
            )
            for provider, prices in sorted(rows.items())
        ]

    @property
    def source(self) -> str:
        """Where the catalogue's prices come from, in a few words."""
        return f"genai-prices {self.genai.version} (its bundled snapshot, read offline)"


def _matcher(pattern: str | None) -> Callable[[str], bool]:
    """Return a test of model names: a glob when ``pattern`` has ``*?[``, else a substring; None matches all."""
    if not pattern:
        return lambda _: True
    pat = pattern.lower()
    if any(ch in pat for ch in "*?["):
        return lambda name: fnmatch.fnmatch(name.lower(), pat)
    return lambda name: pat in name.lower()


@dataclass(frozen=True)
class ProviderSummary:
    """One provider's share of the catalogue.

    Attributes:
        provider: The provider's id (``openai``, ``openrouter``, ``user`` ...).
        models: How many token-priced models it sells.
        input_usd_per_mtok: Cheapest and dearest input price, USD per 1M tokens.
        output_usd_per_mtok: Cheapest and dearest output price, USD per 1M tokens.

    """

    provider: str
    models: int
    input_usd_per_mtok: tuple[float, float]
    output_usd_per_mtok: tuple[float, float]


def load_catalogue(price_files: Sequence[Path] = ()) -> Catalogue:
    """Return a catalogue with the given LiteLLM-format price files layered on top."""
    overrides: dict[str, ModelPrice] = {}
    for path in price_files:
        from tune_or_prompt.pricing.litellm import load_price_file  # builds ModelPrice: only with price files

        overrides.update(load_price_file(path))
    return Catalogue(overrides)
