"""Price look-ups: genai-prices offline, shipped figures, LiteLLM price files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tune_or_prompt.errors import UserError
from tune_or_prompt.pricing import load_catalogue
from tune_or_prompt.pricing.catalogue import Catalogue

ASSETS = Path(__file__).parent.parent / "assets" / "prices"


@pytest.mark.parametrize(
    "name,model,pin,pout",
    [
        ("gpt-4o-mini", "gpt-4o-mini", 0.15, 0.60),  # the article's prices (its worked example)
        ("gpt-4o", "gpt-4o", 2.50, 10.00),
        ("claude-3-5-haiku", "claude-3-5-haiku-latest", 0.80, 4.00),
        ("ft:gpt-4o-mini", "ft:gpt-4o-mini", 0.30, 1.20),
        ("GPT-4o-Mini", "gpt-4o-mini", 0.15, 0.60),
    ],
)
def test_lookup_by_name(name: str, model: str, pin: float, pout: float) -> None:
    p = Catalogue().lookup(name)
    assert (p.model, p.input_usd_per_mtok, p.output_usd_per_mtok) == (model, pin, pout)
    assert p.source.startswith("genai-prices ")


def test_cached_and_batch_prices_where_the_catalogue_has_them() -> None:
    p = Catalogue().lookup("gpt-4o-mini")
    assert p.cached_input_usd_per_mtok == 0.075
    assert (p.batch_input_usd_per_mtok, p.batch_output_usd_per_mtok) == (0.075, 0.30)


def test_unknown_model_suggests_close_names() -> None:
    with pytest.raises(UserError) as err:
        Catalogue().lookup("gpt-4o-mimi")
    assert "unknown model 'gpt-4o-mimi'" in str(err.value)
    assert "'gpt-4o-mini'" in str(err.value)


def test_second_lookup_reads_the_cached_index_without_genai_prices(tmp_path: Path) -> None:
    # The first process builds the index; the second must answer from it alone.
    code = (
        "import sys; from tune_or_prompt.pricing import Catalogue; "
        "p = Catalogue().lookup('gpt-4o'); "
        "print(p.input_usd_per_mtok, 'genai_prices.data' in sys.modules)"
    )
    env = {"TUNE_OR_PROMPT_CACHE_DIR": str(tmp_path), "PATH": ""}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert first.stdout.split() == ["2.5", "True"]
    assert second.stdout.split() == ["2.5", "False"]


def test_price_file_adds_and_overrides(tmp_path: Path) -> None:
    cat = load_catalogue([ASSETS / "good_litellm.json"])
    acme = cat.lookup("acme-llm-large")
    # 1e-06 USD per token = $1.00 per 1M tokens.
    assert (acme.input_usd_per_mtok, acme.output_usd_per_mtok, acme.provider) == (1.0, 4.0, "acme")
    mini = cat.lookup("gpt-4o-mini")
    assert (mini.input_usd_per_mtok, mini.cached_input_usd_per_mtok) == (0.2, 0.1)
    assert "user price file" in mini.source
    with pytest.raises(UserError):
        cat.lookup("acme-embed")  # no output price: not a chat model
    assert [m.model for m in cat.models("acme")] == ["acme-llm-large"]


@pytest.mark.parametrize(
    "name,message",
    [
        # The exact position differs between Python versions (3.13 points at the trailing comma).
        ("bad_syntax.json", r"bad_syntax\.json:[45]:\d+: not valid JSON"),
        ("bad_negative.json",
         r"bad_negative\.json:2:3: model 'acme-llm': output_cost_per_token must not be negative"),
        ("missing.json", r"missing\.json: cannot read price file"),
    ],
)
def test_bad_price_files(name: str, message: str) -> None:
    with pytest.raises(UserError) as err:
        load_catalogue([ASSETS / name])
    assert re.search(message, err.value.render())


def test_models_filter_by_glob_and_substring() -> None:
    cat = Catalogue()
    assert all(m.model.startswith("claude") for m in cat.models("claude*"))
    assert any(m.model == "gpt-4o" for m in cat.models("gpt-4o"))


def test_price_file_json_is_per_token(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"m": {"input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05}}))
    p = load_catalogue([path]).lookup("m")
    assert (p.input_usd_per_mtok, p.output_usd_per_mtok) == pytest.approx((2.5, 10.0))
