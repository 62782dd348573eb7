"""Read API prices from genai-prices' bundled snapshot, offline.

genai-prices takes about 0.4 s to import (a 1.6 MB data module), more than the
whole ``tco`` command may take. So the first look-up imports it once and writes
a small index (every model's standard, cached and batch prices, plus each name
already resolved) to the user's cache directory, keyed by the installed
genai-prices version; later runs read that JSON instead. The network updater
(``UpdatePrices``) is never started: only ``get_snapshot()`` is used, which
returns the data shipped inside the package.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tune_or_prompt.cache import cache_dir
from tune_or_prompt.errors import UserError
from tune_or_prompt.files import read_bytes

if TYPE_CHECKING:
    from tune_or_prompt.pricing.model_price import ModelPrice

# Providers whose prices are a subscription or a reseller's copy; when genai-prices
# resolves a plain name we prefer the model's own maker.
_PREFERRED_PROVIDERS = ("openai", "anthropic", "google", "mistral", "deepseek", "groq")


def genai_prices_version() -> str:
    """Return the installed genai-prices version (no import of the package)."""
    try:
        return version("genai-prices")
    except PackageNotFoundError:  # pragma: no cover - it is a hard dependency
        return "unknown"


def _cache_path() -> Path | None:
    return cache_dir() / f"genai-prices-{genai_prices_version()}.json"


_CACHE_LIMIT = 64 * 1024 * 1024
_PRICE_KEYS = ("input", "output", "cached_input", "batch_input", "batch_output")


def _is_index(data: Any, version: str) -> bool:
    """Whether ``data`` is a price index this version wrote: every entry of the shape ``_entry`` gives."""
    if not isinstance(data, dict) or data.get("version") != version:
        return False
    models, refs = data.get("models"), data.get("refs")
    if not isinstance(models, dict) or not isinstance(refs, dict):
        return False
    for entry in models.values():
        if not isinstance(entry, dict):
            return False
        if not all(isinstance(entry.get(k), str) for k in ("model", "provider", "name", "url")):
            return False
        prices = [entry.get(k) for k in _PRICE_KEYS]
        if prices[0] is None or prices[1] is None:
            return False
        for price in prices:
            if price is not None and (type(price) not in (int, float) or not 0 <= price < float("inf")):
                return False
    return all(isinstance(k, str) and isinstance(v, str) for k, v in refs.items())


def _as_float(value: Any) -> float | None:
    if value is None:
        return None
    base = getattr(value, "base", value)  # TieredPrices: the price below the first tier
    return float(base)


class GenaiIndex:
    """Model prices from genai-prices, through a JSON index cached on disk."""

    def __init__(self) -> None:
        self._version = genai_prices_version()
        self._models: dict[str, dict[str, Any]] = {}
        self._refs: dict[str, str] = {}
        self._loaded_from_package = False
        self._load_cache()

    # -- cache -------------------------------------------------------------
    def _load_cache(self) -> None:
        path = _cache_path()
        if path is None or not path.is_file():
            return
        try:
            data = json.loads(read_bytes(path, "price index", limit=_CACHE_LIMIT))
        except (UserError, ValueError, RecursionError):
            return  # a damaged cache is rebuilt, never an error
        if not _is_index(data, self._version):
            return  # damaged (truncated, edited, another shape): rebuilt from the package
        self._models = data["models"]
        self._refs = data["refs"]

    def _save_cache(self) -> None:
        path = _cache_path()
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            payload = {"version": self._version, "models": self._models, "refs": self._refs}
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh)
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only home only costs speed

    # -- genai-prices --------------------------------------------------------
    def _snapshot(self) -> Any:
        from genai_prices.data_snapshot import get_snapshot

        return get_snapshot()

    def _entry(self, provider: Any, model: Any) -> dict[str, Any]:
        now = datetime.now(tz=timezone.utc)
        std = model.get_prices(now)
        try:
            batch = model.get_prices(now, {"processing": "batch"})
        except Exception:
            batch = std
        has_batch = any(
            v.when.get("processing") == "batch" for v in (model.price_variants or ())
        )
        url = (provider.pricing_urls or [""])[0]
        return {
            "model": model.id,
            "provider": provider.id,
            "name": model.name or model.id,
            "input": _as_float(getattr(std, "input_mtok", None)),
            "output": _as_float(getattr(std, "output_mtok", None)),
            "cached_input": _as_float(getattr(std, "cache_read_mtok", None)),
            "batch_input": _as_float(getattr(batch, "input_mtok", None)) if has_batch else None,
            "batch_output": _as_float(getattr(batch, "output_mtok", None)) if has_batch else None,
            "url": url,
        }

    def _key(self, provider_id: str, model_id: str) -> str:
        return f"{provider_id}/{model_id}"

    def _build_full_index(self) -> None:
        if self._loaded_from_package:
            return
        snapshot = self._snapshot()
        models: dict[str, dict[str, Any]] = {}
        for provider in snapshot.providers:
            for model in provider.models:
                entry = self._entry(provider, model)
                if entry["input"] is None or entry["output"] is None:
                    continue  # not a token-priced model (images, audio, subscriptions)
                models[self._key(provider.id, model.id)] = entry
        self._models = models
        self._loaded_from_package = True

    def _resolve_in_package(self, name: str) -> str | None:
        """Resolve a name the way genai-prices does, then by exact id, then by match rules."""
        self._build_full_index()
        ref = name.lower()
        snapshot = self._snapshot()
        try:
            provider, model = snapshot.find_provider_model(ref, None, None, None)
            key = self._key(provider.id, model.id)
            if key in self._models:
                return key
        except LookupError:
            pass
        exact = sorted((k for k, e in self._models.items() if e["model"] == ref), key=self._provider_rank)
        if exact:
            return exact[0]
        for provider in sorted(snapshot.providers, key=lambda p: self._provider_rank(p.id + "/")):
            for model in provider.models:
                if model.is_match(ref):
                    key = self._key(provider.id, model.id)
                    if key in self._models:
                        return key
        return None

    @staticmethod
    def _provider_rank(key: str) -> int:
        provider = key.split("/", 1)[0]
        if provider in _PREFERRED_PROVIDERS:
            return _PREFERRED_PROVIDERS.index(provider)
        return len(_PREFERRED_PROVIDERS)

    # -- public --------------------------------------------------------------
    def lookup(self, name: str) -> ModelPrice | None:
        """Return the prices of ``name``, or None when genai-prices has no such model."""
        ref = name.lower()
        key = self._refs.get(ref)
        if key is None or key not in self._models:
            key = self._resolve_in_package(ref)
            if key is None:
                return None
            self._refs[ref] = key
            self._save_cache()
        return self.price(self._models[key])

    def entries(self) -> list[dict[str, Any]]:
        """Return every token-priced model as the index stores it (plain dicts, cheap to filter).

        Keys: ``model``, ``provider``, ``input``, ``output`` (USD per 1M tokens)
        and, where known, ``cached_input``, ``batch_input``, ``batch_output``, ``url``.
        :meth:`price` turns one into a :class:`ModelPrice`.
        """
        if not self._models:  # a saved index always holds every model
            self._build_full_index()
            self._save_cache()
        return list(self._models.values())

    def all_models(self) -> list[ModelPrice]:
        """Return every token-priced model in the catalogue."""
        return [self.price(e) for e in self.entries()]

    def names(self) -> list[str]:
        """Return every model id (for close-match suggestions)."""
        return sorted({e["model"] for e in self.entries()})

    @property
    def version(self) -> str:
        """The installed genai-prices version the index was built from."""
        return self._version

    def price(self, e: dict[str, Any]) -> ModelPrice:
        """Return the :class:`ModelPrice` of one of :meth:`entries`."""
        from tune_or_prompt.pricing.model_price import ModelPrice  # a pydantic model: built when first needed

        source = f"genai-prices {self._version} ({e['provider']}"
        source += f", pricing page {e['url']})" if e.get("url") else ")"
        return ModelPrice(
            model=e["model"],
            provider=e["provider"],
            input_usd_per_mtok=e["input"],
            output_usd_per_mtok=e["output"],
            cached_input_usd_per_mtok=e.get("cached_input"),
            batch_input_usd_per_mtok=e.get("batch_input"),
            batch_output_usd_per_mtok=e.get("batch_output"),
            source=source,
            as_of="its bundled snapshot",
        )
