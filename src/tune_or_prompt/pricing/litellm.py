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
import re
from collections.abc import Collection
from decimal import Decimal
from pathlib import Path
from typing import Any

from tune_or_prompt.checks import MAX_USD_PER_TOKEN, check_text
from tune_or_prompt.errors import SHOWN_PROBLEMS, Location, Problem, UserError, clip
from tune_or_prompt.files import read_text
from tune_or_prompt.pricing.model_price import ModelPrice

_FIELDS = {
    "input_cost_per_token": "input_usd_per_mtok",
    "output_cost_per_token": "output_usd_per_mtok",
    "cache_read_input_token_cost": "cached_input_usd_per_mtok",
    "input_cost_per_token_batches": "batch_input_usd_per_mtok",
    "output_cost_per_token_batches": "batch_output_usd_per_mtok",
}


_KEY = re.compile(r'"((?:[^"\\\n]|\\.)*)"\s*:')


def _key_positions(text: str, names: Collection[str]) -> dict[str, tuple[int, int]]:
    """Return the line and column where each of ``names`` is first written as a key, in one pass.

    Searching the whole text once per model made a 50,000-model file take
    minutes; this reads it once, and only for the entries with a problem.
    """
    wanted = set(names)
    found: dict[str, tuple[int, int]] = {}
    line, line_start, counted = 1, 0, 0
    for match in _KEY.finditer(text):
        try:
            name = json.loads(f'"{match.group(1)}"')
        except ValueError:
            continue
        if name in wanted and name not in found:
            at = match.start()
            newlines = text.count("\n", counted, at)
            if newlines:
                line += newlines
                line_start = text.rfind("\n", counted, at) + 1
            counted = at
            found[name] = (line, at - line_start + 1)
            if len(found) == len(wanted):
                break
    return found


def load_price_file(path: Path) -> dict[str, ModelPrice]:
    """Return the models of a LiteLLM-format price file, keyed by lower-case name.

    Raises:
        UserError: the file cannot be read (not a regular file, over its
            size cap, not UTF-8), is not JSON (or nested too deeply), or a
            price is not a number from 0 to $1 per token; the message names
            the file, line and model.

    """
    text = read_text(path, "price file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise UserError(f"{path}: price file is nested too deeply to read") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}:1:1: a price file is a JSON object of model name -> prices")
    as_of = f"price file {path.name}"
    models: dict[str, ModelPrice] = {}
    problems: list[tuple[str, str]] = []
    for name, entry in data.items():
        if name == "sample_spec":
            continue
        if not isinstance(entry, dict):
            problems.append((name, f"model {clip(repr(name))}: expected an object of prices"))
            continue
        provider = entry.get("litellm_provider") or "user"
        try:
            check_text(name)
            check_text(str(provider))
        except ValueError as exc:
            problems.append((name, f"model {clip(repr(name))}: {exc}"))
            continue
        values: dict[str, Any] = {}
        for src, dst in _FIELDS.items():
            raw = entry.get(src)
            if raw is None:
                continue
            problem = _price_problem(raw)
            if problem:
                problems.append((name, f"model {clip(repr(name))}: {src} {problem}"))
                break
            # Through Decimal so 2e-07 per token is exactly $0.20 per 1M, not 0.19999...
            values[dst] = float(Decimal(repr(raw)) * 1_000_000)
        else:
            if "input_usd_per_mtok" not in values or "output_usd_per_mtok" not in values:
                continue
            models[name.lower()] = ModelPrice(
                model=name,
                provider=str(provider),
                source=f"{path} (user price file)",
                as_of=as_of,
                **values,
            )
    if problems:
        positions = _key_positions(text, [name for name, _ in problems[:SHOWN_PROBLEMS]])
        listed = [Problem(message, Location(str(path), *positions.get(name, (None, None))))
                  for name, message in problems]
        count = len(problems)
        raise UserError(f"{path}: {count} bad price entr{'y' if count == 1 else 'ies'}", listed)
    return models


def _price_problem(raw: Any) -> str | None:
    """Say what is wrong with a per-token price, or None when it is a number from 0 to the cap."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or (
        isinstance(raw, float) and not math.isfinite(raw)
    ):
        return f"must be a number, got {clip(repr(raw))}"
    if raw < 0:
        return f"must not be negative ({raw})"
    if raw > MAX_USD_PER_TOKEN:
        return f"is {raw} USD per token, above the {MAX_USD_PER_TOKEN:g} USD a token this tool accepts"
    return None
