"""Answer precedence: command line over logs over the answers file over earlier answers over defaults."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tune_or_prompt.questionnaire.precedence import LAYERS, AnswerLayers


def test_each_layer_wins_over_those_below() -> None:
    layers = AnswerLayers(command_line={"a": 1}, logs={"a": 2, "b": 2}, answers_file={"a": 3, "b": 3, "c": 3},
                          earlier={"c": 4, "d": 4}, defaults={"d": 5, "e": 5})
    assert layers.merged() == {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
    assert [layers.layer_of(k) for k in "abcdef"] == ["command_line", "logs", "answers_file", "earlier",
                                                       "defaults", None]
    assert dict(layers.given()) == {"a": 1, "b": 2, "c": 3}


def test_recorded_order_is_earlier_then_file_then_logs_then_command_line_then_defaults() -> None:
    layers = AnswerLayers(command_line={"z": 1, "a": 1}, answers_file={"m": 0, "z": 0}, earlier={"q": 9},
                          defaults={"b": 7})
    assert list(layers.merged()) == ["q", "m", "z", "a", "b"]


def test_an_overridden_value_is_never_checked() -> None:
    def check(key: str, value: object) -> object:
        if value == "bad":
            raise ValueError("bad")
        return value

    layers = AnswerLayers(command_line={"a": 1}, answers_file={"a": "bad"}).mapped(check)
    assert layers.merged() == {"a": 1}


keys = st.sampled_from("abcdef")
layer = st.dictionaries(keys, st.integers(), max_size=6)


@given(st.tuples(layer, layer, layer, layer, layer))
def test_merged_is_the_chain_map(maps: tuple[dict[str, int], ...]) -> None:
    layers = AnswerLayers(**dict(zip(LAYERS, maps, strict=True)))
    merged = layers.merged()
    assert merged == dict(layers.chain())
    for key, value in merged.items():
        # The value comes from the highest layer holding the key.
        first = next(m for m in maps if key in m)
        assert value == first[key]
