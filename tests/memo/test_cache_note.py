"""The memo says why the prompt cache saves nothing, and how the self-hosted replica serves."""

from __future__ import annotations


def test_the_memo_says_why_a_short_prompt_saves_nothing_in_the_cache(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("advise", "--defaults", "--set", "queries_per_month=1000000", "--set", "input_tokens=500",
                             "--set", "output_tokens=5", "--draws", "0", "--no-sensitivity")
    assert code == 0, err
    text = " ".join(out.split())
    assert "| Prompt cache saving | Operational | $0.00 |" in text
    assert ("The prompt cache saves nothing: the static part of the prompt (300 tokens) is under the 1,024 tokens "
            "gpt-4o-mini caches at the least (OpenAI prompt caching guide") in text


def test_the_default_memo_prices_serverless_lora_at_a_named_host_with_its_source(  # type: ignore[no-untyped-def]
        run_cli) -> None:
    code, out, err = run_cli("advise", "--defaults", "--draws", "0", "--no-sensitivity")
    assert code == 0, err
    text = " ".join(out.split()).replace("\\&", "&")  # Markdown escapes the ampersand in tables
    assert "Fine-tuning is priced as Serverless LoRA on Llama-3.1-8B-Instruct at W&B Inference (CoreWeave)" in text
    # $0.22 per 1M tokens in and out (tests/tco/test_model.py works the total), with its source listed.
    assert "W&B Serverless LoRA (W&B announcement, https://wandb.ai, 2025-11-20)" in text


def test_the_memo_names_the_replicas_precision_and_each_users_speed(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("advise", "--defaults", "--ft-option", "dedicated", "--draws", "0", "--no-sensitivity")
    assert code == 0, err
    # The default example's L4 in FP8: 22 requests at once, 20.04 tokens/s a user (tests/tco/test_model.py).
    assert ("Each replica serves with FP8 weights, activations and KV cache, up to 22 requests at once, so each "
            "user sees about 20 output tokens a second.") in " ".join(out.split())
