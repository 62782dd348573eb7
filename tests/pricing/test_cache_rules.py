"""Prompt caching as providers bill it: the minimum prefix, the write premium, the lifetime."""

from __future__ import annotations

import pytest

from tune_or_prompt.pricing.cache_rules import cache_notes, cache_rules, cached_tokens, saving_per_query
from tune_or_prompt.tco import Assumptions, Workload, compute_tco


def test_each_provider_and_model_family_has_its_rule() -> None:
    rules = cache_rules()
    openai, sonnet = rules.rule_for("openai", "gpt-4o-mini"), rules.rule_for("anthropic", "claude-sonnet-4-5")
    haiku = rules.rule_for("anthropic", "claude-haiku-4-5-20251001")
    assert openai is not None and (openai.min_tokens, openai.increment_tokens, openai.write_multiplier) == (
        1024, 128, 1.0)
    assert sonnet is not None and (sonnet.min_tokens, sonnet.write_multiplier, sonnet.lifetime_minutes) == (
        1024, 1.25, 5)
    assert haiku is not None and haiku.min_tokens == 4096
    assert rules.rule_for("acme", "my-model") is None


def test_openai_caches_nothing_under_1024_tokens_then_whole_128_token_steps() -> None:
    rule = cache_rules().rule_for("openai", "gpt-4o")
    assert [float(cached_tokens(p, rule)) for p in (300, 1023, 1024, 1151, 1152, 1200, 2000)] == [
        0.0, 0.0, 1024.0, 1024.0, 1152.0, 1152.0, 1920.0]


def test_anthropic_charges_the_write_premium_on_each_miss() -> None:
    # Sonnet 4.5: $3 input, $0.30 cache read, writes at 1.25 x $3. A 2,000-token static prefix, half the
    # queries hitting: 2,000 x (0.5 x 2.70 - 0.5 x 0.25 x 3) / 1M = 2,000 x 0.975 / 1M = $0.00195 a query.
    rule = cache_rules().rule_for("anthropic", "claude-sonnet-4-5")
    assert float(saving_per_query(2000, 0.5, 3.0, 0.3, rule)) == pytest.approx(0.00195)
    # At 10% hits the writes cost more than the reads save (0.27 - 0.675 < 0): the cache is not used.
    assert float(saving_per_query(2000, 0.1, 3.0, 0.3, rule)) == 0.0
    # Haiku 4.5 needs 4,096 tokens: a 2,000-token prefix saves nothing.
    assert float(saving_per_query(2000, 0.5, 1.0, 0.1, cache_rules().rule_for("anthropic", "claude-haiku-4-5"))) == 0


def test_a_short_classification_prompt_saves_nothing_and_says_why() -> None:
    # 1M queries, 500 in / 5 out on gpt-4o-mini: the static 60% is 300 tokens, under OpenAI's 1,024.
    r = compute_tco(Workload(queries_per_month=1_000_000, input_tokens=500, output_tokens=5), Assumptions())
    assert r.prompt_engineering.breakdown["prompt_cache_saving"] == 0.0
    assert any("The prompt cache saves nothing: the static part of the prompt (300 tokens) is under the 1,024 "
               "tokens gpt-4o-mini caches at the least" in w for w in r.warnings)


def test_a_sonnet_prompt_with_a_180_token_prefix_saves_nothing() -> None:
    r = compute_tco(Workload(api_model="claude-sonnet-4-5", queries_per_month=1_000_000, input_tokens=300,
                             output_tokens=800), Assumptions())
    assert r.prompt_engineering.breakdown["prompt_cache_saving"] == 0.0
    assert any("(180 tokens) is under the 1,024 tokens" in w for w in r.warnings)


def test_a_cache_that_rarely_outlives_the_gap_between_queries_is_noted() -> None:
    # 2,000 queries a month: 2,000 x 5 / 43,800 minutes = 0.228 queries per lifetime, 1 - e^-0.228 = 20%.
    notes = cache_notes("openai", "gpt-4o-mini", 1200, 50, 2_000)
    assert len(notes) == 1 and "only 20% of the time" in notes[0]
    assert cache_notes("openai", "gpt-4o-mini", 1200, 50, 100_000) == []
    assert cache_notes("openai", "gpt-4o-mini", 1200, 0, 2_000) == []
