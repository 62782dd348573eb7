"""Plain words: counts with the right plural, labels with the right capitals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tune_or_prompt.words import count, lower_first, plural, share, singular, unit_for, upper_first


@pytest.mark.parametrize(("n", "noun", "expected"), [
    (1, "GPU", "1 GPU"), (2, "GPU", "2 GPUs"), (0, "GPU", "0 GPUs"),
    (1, "blocking gate", "1 blocking gate"), (3, "blocking gate", "3 blocking gates"),
    (1, "query", "1 query"), (1_500, "query", "1,500 queries"), (2, "month", "2 months"),
    (1.0, "month", "1 month"), (2.5, "month", "2.5 months"), (10_000, "draw", "10,000 draws"),
    (2, "bad --set option", "2 bad --set options"), (2, "batch", "2 batches"),
])
def test_count(n: float, noun: str, expected: str) -> None:
    assert count(n, noun) == expected


def test_plural_of_verbs_and_given_forms() -> None:
    assert [plural("is", 1), plural("is", 2)] == ["is", "are"]
    assert plural("person", 2, "people") == "people"


@pytest.mark.parametrize(("unit", "one"), [
    ("GPUs", "GPU"), ("hours/month", "hour/month"), ("training runs", "training run"),
    ("GPU-hours", "GPU-hour"), ("queries/month", "query/month"), ("tokens/s per GPU", "token/s per GPU"),
    ("months", "month"), ("tasks", "task"), ("% of API bill", "% of API bill"),
    ("USD per GPU-hour", "USD per GPU-hour"), ("x average rate", "x average rate"), ("", ""),
])
def test_unit_after_one(unit: str, one: str) -> None:
    assert unit_for(1, unit) == one
    assert unit_for(1.0, unit) == one
    assert unit_for(2, unit) == unit


def test_singular() -> None:
    assert [singular(w) for w in ("queries", "GPUs", "hours", "class", "is")] == ["query", "GPU", "hour", "class", "is"]


@pytest.mark.parametrize(("label", "inside"), [
    ("GPU rental price", "GPU rental price"), ("API prices", "API prices"), ("LoRA rank", "LoRA rank"),
    ("Prompt development effort", "prompt development effort"), ("A volume", "a volume"), ("", ""),
])
def test_lower_first_keeps_acronyms(label: str, inside: str) -> None:
    assert lower_first(label) == inside


def test_upper_first_keeps_the_rest() -> None:
    assert upper_first("gPU-free words stay") == "GPU-free words stay"
    assert upper_first("prompt engineering on the API") == "Prompt engineering on the API"


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["GPU", "gate", "query", "month", "draw"]))
def test_count_is_singular_only_for_one(n: int, noun: str) -> None:
    text = count(n, noun)
    assert text.startswith(f"{n:,} ")
    assert text.endswith(noun) == (n == 1)
    assert "(s)" not in text


@pytest.mark.parametrize(("x", "expected"), [
    (1.0, "100%"), (0.0, "0%"), (0.82, "82%"), (0.999, "99.9%"), (0.9995, "99.95%"), (0.9949, "99%"),
    (0.0001, "0.01%"), (0.004, "0.4%"), (0.006, "1%"), (0.99999, ">99.99%"), (1e-9, "<0.01%"),
])
def test_share_never_rounds_to_all_or_nothing(x: float, expected: str) -> None:
    assert share(x) == expected


@given(st.floats(min_value=0, max_value=1))
def test_share_says_100_or_0_only_when_exact(x: float) -> None:
    said = share(x)
    assert (said == "100%") == (x == 1.0)
    assert (said == "0%") == (x == 0.0)
    assert said.endswith("%") and float(said.strip("<>%")) == pytest.approx(100 * x, abs=0.5)
