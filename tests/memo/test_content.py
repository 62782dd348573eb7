"""Hidden costs are marked where they apply to the workload; labels and steps per path."""

from __future__ import annotations

from tests.memo.conftest import make_advice
from tune_or_prompt.answers import Answers
from tune_or_prompt.memo.content import hidden_costs, paths_in_play
from tune_or_prompt.memo.filters import fact, num, pct, qty, usd, value
from tune_or_prompt.tco import Assumptions, TcoReport, Workload, compute_tco


def applying(items: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {i.title: i.why for i in items if i.applies}


def test_prompting_verdict_marks_prompting_pitfalls(tco: TcoReport) -> None:
    items = hidden_costs(make_advice(tco))
    assert set(applying(items)) == {"Prompt drift", "Hidden API charges"}
    assert items[0].applies and not items[-1].applies  # the ones that apply come first


def test_fine_tuning_verdict_marks_idle_gpus_with_their_utilisation() -> None:
    dedicated = compute_tco(Workload(), Assumptions(ft_option="dedicated"))
    why = applying(hidden_costs(make_advice(dedicated, verdict="fine_tuning")))
    assert set(why) == {"Retraining underestimated", "Idle infrastructure"}
    # 100,000 queries x 1.1391 s on one L4 replica billed 730 hours a month: 4.3% busy
    # (tests/tco/test_model.py works it out).
    assert "busy 4.3% of the GPU-hours paid for" in why["Idle infrastructure"]
    # 34,122.36 of 257,427.92.
    assert "retraining is 13% of fine-tuning's 36-month cost" in why["Retraining underestimated"]


def test_a_serverless_lora_has_no_idle_gpus(tco: TcoReport) -> None:
    why = applying(hidden_costs(make_advice(tco, verdict="fine_tuning")))
    # Per-token serving bills no idle hours; retraining is 34,146.20 of 123,151.24.
    assert set(why) == {"Retraining underestimated"}
    assert "retraining is 28% of fine-tuning's 36-month cost" in why["Retraining underestimated"]


def test_over_optimising_applies_past_thirty_iterations(tco: TcoReport) -> None:
    advice = make_advice(tco)
    advice.answers = Answers(prompt_iterations=45)
    assert "45 prompt iterations" in applying(hidden_costs(advice))["Over-optimising prompts"]


def test_paths_in_play() -> None:
    assert paths_in_play("prompt_engineering") == ("prompt_engineering",)
    assert paths_in_play("fine_tuning") == ("fine_tuning",)
    assert paths_in_play("prompt_engineering_first") == ("prompt_engineering", "fine_tuning")
    assert paths_in_play("undecided") == ("prompt_engineering", "fine_tuning")


def test_number_filters() -> None:
    assert usd(1234.5) == "$1,234.50"
    assert usd(-0.001) == "$0.00"
    assert usd(-206974.8) == "-$206,974.80"
    assert num(100000.0) == "100,000"
    assert num(0.15) == "0.15"
    assert pct(0.855) == "86%"
    assert qty(90.0, "%") == "90%"
    assert qty(100000.0, "queries/month") == "100,000 queries/month"
    assert value(None) == "not set" and value(True) == "yes"
    assert fact(49776.0, "pe_total_usd") == "$49,776.00"
    assert fact(96.0, "accuracy_target_pct") == "96%"


def test_on_premise_memo_drops_api_only_advice() -> None:
    # On premise there is no external API: no "Optimise API cost" step and no hidden API charges.
    from tune_or_prompt.answers import Answers
    from tune_or_prompt.memo import render
    from tune_or_prompt.pipeline import build_advice
    from tune_or_prompt.pricing import Catalogue
    from tune_or_prompt.rules import load_packs
    from tune_or_prompt.tco import Assumptions

    def memo(privacy: str) -> str:
        advice = build_advice(Answers(privacy=privacy), {}, assumptions=Assumptions(), catalogue=Catalogue(),  # type: ignore[arg-type]
                              ruleset=load_packs(), command="tune-or-prompt advise")
        return render(advice, "md")

    cloud, premise = memo("cloud_ok"), memo("on_premise")
    assert "**Optimise API cost**" in cloud and "**Hidden API charges**" in cloud
    assert "Optimise API cost" not in premise and "Hidden API charges" not in premise
    assert "**Build a prompt library**" in premise  # the rest of the prompting checklist stays
    assert "degrade silently when the model they run on is upgraded" in premise


def test_a_break_even_volume_of_zero_reads_any_volume() -> None:
    # On premise at 2M queries a month, with prompting on the 70B, fine-tuning the 8B is cheaper at any volume:
    # the options table says so, as the break-even section does, rather than "0/month".
    from tune_or_prompt.memo import render
    from tune_or_prompt.pipeline import build_advice
    from tune_or_prompt.pricing import Catalogue
    from tune_or_prompt.rules import load_packs
    from tune_or_prompt.tco import Assumptions

    advice = build_advice(Answers(privacy="on_premise", queries_per_month=2_000_000), {},
                          assumptions=Assumptions(gpu_hosting="rented", pe_open_model_size="70b"),
                          catalogue=Catalogue(), ruleset=load_packs(),
                          command="tune-or-prompt advise")
    assert advice.tco.break_even.queries_per_month == 0
    for fmt in ("md", "html"):
        memo = render(advice, fmt)  # type: ignore[arg-type]
        assert "any volume" in memo and "0/month" not in memo
