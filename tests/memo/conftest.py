"""Advice fixtures for the memo tests: the built-in example priced, with a hand-built Decision."""

from __future__ import annotations

import pytest

from tune_or_prompt.advice import Advice, Flip
from tune_or_prompt.answers import Answers
from tune_or_prompt.decision import Decision, FiredRule, GateResult
from tune_or_prompt.tco import Assumptions, TcoReport, Workload, compute_tco

VOLUME_NOTE = (
    "The volume rule argues for fine-tuning (250,000,000 tokens a month is above the decision "
    "tree's 10M), but the computed costs show prompting 5.16 times cheaper over 36 months; "
    "the computed costs prevailed."
)


@pytest.fixture(scope="session")
def tco() -> TcoReport:
    return compute_tco(Workload(), Assumptions())


def make_decision(verdict: str = "prompt_engineering") -> Decision:
    return Decision(
        verdict=verdict,  # type: ignore[arg-type]
        confidence=0.86,
        rule_score=0.86,
        scores={"prompt_engineering": 5.0, "fine_tuning": 2.0},
        fired=[
            FiredRule(id="volume_above_10m_tokens", pack="builtin", verdict="fine_tuning",
                      strength="moderate", weight=2.0,
                      because="250,000,000 tokens a month is above the 10M tokens a month "
                              "at which the decision tree says to consider fine-tuning.",
                      facts={"monthly_tokens": 250_000_000.0},
                      source="rules/volume.yaml:12"),
            FiredRule(id="prompting_cheaper_over_horizon", pack="builtin",
                      verdict="prompt_engineering", strength="strong", weight=3.0,
                      because="Prompting costs $49,776.00 over 36 months against $256,750.80 "
                              "for fine-tuning.",
                      facts={"pe_total_usd": 49_776.0, "ft_total_usd": 256_750.8},
                      source="rules/cost.yaml:4"),
            FiredRule(id="little_production_data", pack="builtin", verdict="prompt_engineering",
                      strength="weak", weight=1.0,
                      because="0 months of production data is short of the 6 months "
                              "fine-tuning wants.",
                      facts={"production_data_months": 0.0}, source="rules/readiness.yaml:8"),
        ],
        gates=[
            GateResult(id="eval_benchmark", pack="builtin", path="prompt_engineering",
                       title="An evaluation benchmark of 100-500 cases exists", status="unknown",
                       blocking=False, detail="Build it before the first prompt change ships."),
            GateResult(id="accuracy_within_ceiling", pack="builtin", path="prompt_engineering",
                       title="The accuracy target is within prompting's 85-92% ceiling",
                       status="met", blocking=True, detail="Target 90%.",
                       facts={"accuracy_target_pct": 90.0}),
            GateResult(id="production_data", pack="builtin", path="fine_tuning",
                       title="Six months of production data", status="unmet", blocking=True,
                       detail="0 months collected.", facts={"production_data_months": 0.0}),
            GateResult(id="prompting_plateaued", pack="builtin", path="fine_tuning",
                       title="Prompting has plateaued below the target", status="unmet",
                       blocking=True),
        ],
        notes=[VOLUME_NOTE],
        must_be_true=["Six months of production data show prompting plateaued below 90%.",
                      "Fine-tuning's break-even falls within the horizon."],
        engine="durable_rules 2.0.28",
        packs=["builtin"],
    )


def make_advice(tco: TcoReport, *, verdict: str = "prompt_engineering",
                workload: str = "Customer-support chatbot") -> Advice:
    return Advice(
        answers=Answers(workload=workload),
        house_answers={"data_residency": "eu", "sla_ms": 800},
        tco=tco,
        decision=make_decision(verdict),
        what_would_change=[
            Flip(parameter="accuracy_target_pct", label="Accuracy target", current=90.0,
                 threshold=95.0, unit="%",
                 sentence="Above a 95% accuracy target the rules favour fine-tuning."),
            Flip(parameter="queries_per_month", label="Query volume", current=100_000.0,
                 threshold=None, unit="queries/month",
                 sentence="No query volume makes fine-tuning cheaper at these prices."),
        ],
        generated_on="2025-01-15",
        tool_version="0.1.0",
        engine="durable_rules 2.0.28",
        command="tune-or-prompt advise --defaults --format md --output memo.md",
        packs=["builtin"],
    )


@pytest.fixture
def advice(tco: TcoReport) -> Advice:
    return make_advice(tco)
