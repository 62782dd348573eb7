"""How API providers bill their prompt caches, and what a workload's prompt saves there.

``cache_rules.json`` beside this module holds, per provider (and per model
where it differs), each with a source and a date: the shortest prefix the
provider caches, the step cached lengths grow in (OpenAI: 128 tokens), the
price of a cache write as a multiple of the input price (Anthropic: 1.25x)
and how long an entry lives unread. The read price is the catalogue's.

A query whose static prefix is ``p`` tokens caches ``c`` of them: 0 under
the minimum, else the minimum plus whole steps up to ``p``. A share ``h`` of
queries finds its prefix still cached (``prompt_cache_hit_pct``); the others
write it. Per query the cache saves ``c x (h x (input - read) - (1 - h) x
(write multiplier - 1) x input)``, and never less than nothing (a cache that
costs more is not used). The lifetime enters no total (the saving stays
linear in volume, as the break-even search needs); :func:`cache_notes` warns
when queries come too seldom for an entry to outlive the gap between them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

_DATA = Path(__file__).with_name("cache_rules.json")
MINUTES_PER_MONTH = 730.0 * 60.0


class CacheRule(BaseModel):
    """One provider's (or model family's) prompt-cache billing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: str
    models: tuple[str, ...]
    min_tokens: int
    increment_tokens: int
    write_multiplier: float
    lifetime_minutes: float
    source: str
    as_of: str


class CacheRules(BaseModel):
    """Every shipped cache rule."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: tuple[CacheRule, ...]

    def rule_for(self, provider: str, model: str) -> CacheRule | None:
        """Return the rule of ``model`` (a model prefix matches a dated name), else its provider's, else None."""
        key = model.strip().lower()
        mine = [r for r in self.rules if r.provider == provider]
        for r in mine:
            if any(key == m or key.startswith(m + "-") or key.startswith(m + ".") for m in r.models):
                return r
        return next((r for r in mine if not r.models), None)


@cache
def cache_rules() -> CacheRules:
    """Return the shipped cache rules (read once per process)."""
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    raw.pop("_about", None)
    return CacheRules.model_validate(raw)


def cached_tokens(prefix: Any, rule: CacheRule | None) -> Any:
    """Return the tokens cached of a static prefix of ``prefix`` tokens (a number or an array)."""
    import numpy as np

    if rule is None:
        return prefix
    p = np.asarray(prefix, dtype=np.float64)
    steps = np.floor(np.maximum(p - rule.min_tokens, 0.0) / rule.increment_tokens) * rule.increment_tokens
    return np.where(p >= rule.min_tokens, rule.min_tokens + steps, 0.0)


def saving_per_query(prefix: Any, hit: Any, input_price: Any, read_price: Any, rule: CacheRule | None) -> Any:
    """Return the USD a query saves through the cache (never below 0); prices per 1M tokens, ``hit`` a share."""
    import numpy as np

    write = 0.0 if rule is None else (rule.write_multiplier - 1) * input_price
    per_token = hit * np.maximum(input_price - read_price, 0.0) - (1 - hit) * write
    return cached_tokens(prefix, rule) * np.maximum(per_token, 0.0) / 1e6


def cache_notes(provider: str, model: str, prefix: float, hit_pct: float, queries_per_month: float) -> list[str]:
    """Say why the prompt cache saves nothing, or less than it seems, for this workload."""
    rule = cache_rules().rule_for(provider, model)
    if rule is None or hit_pct <= 0:
        return []
    if prefix < rule.min_tokens:
        return [f"The prompt cache saves nothing: the static part of the prompt ({prefix:,.0f} tokens) is under the "
                f"{rule.min_tokens:,} tokens {model} caches at the least ({rule.source})."]
    per_lifetime = queries_per_month * rule.lifetime_minutes / MINUTES_PER_MONTH
    if per_lifetime < 1:
        import math

        alive = 1 - math.exp(-per_lifetime)
        return [f"At {queries_per_month:,.0f} queries a month a cached prompt outlives the gap to the next query "
                f"only {alive:.0%} of the time ({model}'s cache lives {rule.lifetime_minutes:g} minutes unread: "
                f"{rule.source}); prompt_cache_hit_pct ({hit_pct:g}%) should allow for it."]
    return []
