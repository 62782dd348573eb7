"""Read a user price sheet in LiteLLM's ``model_prices_and_context_window.json`` format.

Each top-level key is a model name and its value an object with USD *per token*
fields (``input_cost_per_token``, ``output_cost_per_token``, optionally
``cache_read_input_token_cost``, ``input_cost_per_token_batches``,
``output_cost_per_token_batches``). LiteLLM's own file has a ``sample_spec``
entry documenting the format; it is skipped. Entries without both token prices
(image or embedding models) are skipped too, since they cannot price a chat call.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

from tune_or_prompt.errors import Location, Problem, UserError
from tune_or_prompt.pricing.model_price import ModelPrice

_FIELDS = {
    "input_cost_per_token": "input_usd_per_mtok",
    "output_cost_per_token": "output_usd_per_mtok",
    "cache_read_input_token_cost": "cached_input_usd_per_mtok",
    "input_cost_per_token_batches": "batch_input_usd_per_mtok",
    "output_cost_per_token_batches": "batch_output_usd_per_mtok",
}


def _line_of_key(text: str, key: str) -> tuple[int | None, int | None]:
    needle = json.dumps(key)
    idx = text.find(needle)
    if idx < 0:
        return None, None
    line = text.count("\n", 0, idx) + 1
    col = idx - (text.rfind("\n", 0, idx) + 1) + 1
    return line, col


def load_price_file(path: Path) -> dict[str, ModelPrice]:
    """Return the models of a LiteLLM-format price file, keyed by lower-case name.

    Raises:
        UserError: the file cannot be read, is not JSON, or a price is not a
            non-negative number; the message names the file, line and model.

    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{path}: cannot read price file: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}:1:1: a price file is a JSON object of model name -> prices")
    as_of = f"price file {path.name}"
    models: dict[str, ModelPrice] = {}
    problems: list[Problem] = []
    for name, entry in data.items():
        if name == "sample_spec":
            continue
        line, col = _line_of_key(text, name)
        where = Location(str(path), line, col)
        if not isinstance(entry, dict):
            problems.append(Problem(f"model {name!r}: expected an object of prices", where))
            continue
        values: dict[str, Any] = {}
        for src, dst in _FIELDS.items():
            raw = entry.get(src)
            if raw is None:
                continue
            if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
                problems.append(Problem(f"model {name!r}: {src} must be a number, got {raw!r}", where))
                break
            if raw < 0:
                problems.append(Problem(f"model {name!r}: {src} must not be negative ({raw})", where))
                break
            # Through Decimal so 2e-07 per token is exactly $0.20 per 1M, not 0.19999...
            values[dst] = float(Decimal(repr(raw)) * 1_000_000)
        else:
            if "input_usd_per_mtok" not in values or "output_usd_per_mtok" not in values:
                continue
            provider = str(entry.get("litellm_provider") or "user")
            models[name.lower()] = ModelPrice(
                model=name,
                provider=provider,
                source=f"{path} (user price file)",
                as_of=as_of,
                **values,
            )
    if problems:
        raise UserError(f"{path}: {len(problems)} bad price entr{'y' if len(problems) == 1 else 'ies'}", problems)
    return models
