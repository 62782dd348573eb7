"""The answers and assumptions files read back to exactly what was measured, whatever the names in them."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tune_or_prompt.answers_io import load_answers_file
from tune_or_prompt.printable import CONTROLS
from tune_or_prompt.workload.files import answers_text, assumptions_text
from tune_or_prompt.workload.model import BadRows, LogFile, MeasuredWorkload, ModelShare
from tune_or_prompt.yamlfile import load_mapping

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda s: s.strip() != "")


def measured(file_name: str, model: str, profile: list[float] | None) -> MeasuredWorkload:
    return MeasuredWorkload(
        files=[LogFile(path=file_name, kind="csv", columns={"timestamp": "ts"}, rows=10, bad_rows=0)],
        log_format="requests", time_zone="UTC", window_start="2024-06-01 00:00", window_end="2024-07-01 00:00",
        window_days=30.0, rows=10, bad=BadRows(), requests=10, queries_per_day=10 / 30,
        queries_per_month=10 / 30 * 30.44, input_tokens=1234.56, output_tokens=78.0, growth_pct_per_month=3.14159,
        growth_ci_pct=(1.0, 5.0), growth_days=28, api_model=model,
        models=[ModelShare(model=model, tokens=100, share=1.0)], traffic_profile=profile,
        peak_hour=0 if profile else None, peak_to_average=max(profile) if profile else None,
        days=30, missing_days=0, notes=[f"a note about {file_name}"],
    )


@settings(max_examples=60, deadline=None)
@given(file_name=names, model=names)
def test_answers_file_reads_back_whatever_the_file_and_model_are_called(file_name: str, model: str) -> None:
    m = measured(file_name, model, None)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "answers.yaml"
        path.write_text(answers_text(m), encoding="utf-8")
        assert load_answers_file(path) == m.answers()
    # Rounded as the file states them: 10.13 queries, tokens to a tenth, growth to a hundredth; a model
    # name no answer may hold (a control character) is left for the user to give.
    expected = {"queries_per_month": 10, "input_tokens": 1234.6, "output_tokens": 78.0, "growth_pct_per_month": 3.14}
    assert m.answers() == expected if CONTROLS.search(model) else {**expected, "api_model": model}


@settings(max_examples=30, deadline=None)
@given(file_name=names, profile=st.lists(st.floats(0, 24), min_size=24, max_size=24))
def test_assumptions_file_holds_the_profile_to_four_places(file_name: str, profile: list[float]) -> None:
    m = measured(file_name, "gpt-4o", profile)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "costs.yaml"
        path.write_text(assumptions_text(m), encoding="utf-8")
        assert load_mapping(path, "assumptions file", "name: value").data == {
            "traffic_profile": [round(v, 4) for v in profile]}
