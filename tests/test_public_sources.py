"""Every source the tool ships names a public document, never an internal file.

A reader of the memo can look up the article (by its title), a vendor page or
a benchmark (by URL, with a date), or sees "tune-or-prompt estimate" and the
reasoning. A source must never name a document users do not have (an internal
reference file, a "§" of it) or a file of this repository.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tune_or_prompt.answers import Answers, question_meta
from tune_or_prompt.memo import content
from tune_or_prompt.pricing.cache_rules import cache_rules
from tune_or_prompt.pricing.hardware import hardware
from tune_or_prompt.pricing.offers import offers
from tune_or_prompt.pricing.serverless import serverless
from tune_or_prompt.rules import load_packs
from tune_or_prompt.sources import ARTICLE_TITLE, ESTIMATE
from tune_or_prompt.tco import Assumptions, Workload, compute_tco

ROOT = Path(__file__).resolve().parents[1]
INTERNAL = re.compile(r"domain-facts|market-figures|serving-figures|§", re.IGNORECASE)
REPO_PATH = re.compile(
    r"(?<![\w.:/-])(?:src|rules|templates|tests|benchmarks|shared|reference|tune_or_prompt)/"
    r"|\b[\w-]+\.(?:py|ya?ml|md|j2|json)\b"
)
# What the user typed stands for itself.
USER_GIVEN = ("workload (answers or flags)", "set by the user")


def problem(source: str) -> str | None:
    """Why ``source`` is not a public source, or None when it is one."""
    if INTERNAL.search(source):
        return f"names an internal document: {source!r}"
    if REPO_PATH.search(source):
        return f"names a file of the repository: {source!r}"
    if source.startswith(USER_GIVEN) or ARTICLE_TITLE in source or "https://" in source:
        return None
    if source.startswith(f"{ESTIMATE}: ") and len(source) > len(ESTIMATE) + 6:
        return None
    return f"names no public document (article title, URL) and is no '{ESTIMATE}: reason': {source!r}"


@pytest.mark.parametrize("source", [
    "domain-facts §1: 40-80 senior hours", "see rules/10-decision-tree.yaml", "reference/market-figures.md",
    "infra_prices.json", "OpenAI pricing page", "tune-or-prompt estimate", "",
])
def test_the_check_catches_internal_and_unnamed_sources(source: str) -> None:
    assert problem(source) is not None


@pytest.mark.parametrize("source", [
    f'"{ARTICLE_TITLE}" (article, prices as of 2024-11-15): its worked example',
    "genai-prices 0.2.3 (openai, pricing page https://developers.openai.com/api/docs/pricing), as of its snapshot",
    "tune-or-prompt estimate: a neutral default, with no evidence either way",
    "set by the user", "workload (answers or flags)",
])
def test_the_check_passes_public_sources(source: str) -> None:
    assert problem(source) is None


def test_answers_cite_public_sources() -> None:
    problems = [f"{name}: {p}" for name in Answers.model_fields
                if (p := problem(str(question_meta(name).get("source", "")))) is not None]
    assert problems == []


def test_memo_fixed_figures_cite_public_sources() -> None:
    for source in (content.FACTORS_SOURCE, content.HIDDEN_COSTS_SOURCE, content.STEPS_SOURCE):
        assert problem(source) is None


def test_rule_packs_name_no_internal_document_or_file() -> None:
    ruleset = load_packs()
    texts = [r.because for r in ruleset.rules] + [s.detail or "" for s in ruleset.steps]
    texts += [p.description for p in ruleset.packs]
    # The packs themselves (their test cases may name the pack file they test).
    texts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / "rules").glob("*.yaml"))
              if not path.name.endswith(".tests.yaml")]
    for text in texts:
        assert not INTERNAL.search(text), text
        assert not REPO_PATH.search(text), text


def _shipped_files() -> list[Path]:
    """The source, data, rule and template files the package ships."""
    files = [*(ROOT / "src").rglob("*.py"), *(ROOT / "src").rglob("*.json"), *(ROOT / "rules").glob("*.yaml"),
             *(ROOT / "templates").rglob("*.*")]
    return [f for f in files if "__pycache__" not in f.parts]


def test_no_shipped_file_cites_an_internal_document() -> None:
    hits = [f"{f.relative_to(ROOT)}:{n}: {line.strip()}" for f in _shipped_files()
            for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if INTERNAL.search(line)]
    assert hits == []


@pytest.mark.parametrize("privacy", ["cloud_ok", "on_premise"])
def test_assumption_rows_of_a_default_report_cite_public_sources(privacy: str) -> None:
    report = compute_tco(Workload(privacy=privacy, cost_per_error_usd=1), Assumptions())
    problems = [f"{row.name}: {p}" for row in report.assumptions if (p := problem(row.source)) is not None]
    assert problems == []
    options = [f"{o.id}: {p}" for o in report.fine_tuning_options if o.source and (p := problem(o.source))]
    assert options == []
    paths = [f"{r.id}: {p}" for r in report.paths for s in (r.source, r.accuracy_source)
             if s and not s.startswith("measured") and (p := problem(s))]
    assert paths == []


def test_serverless_prices_and_quality_tiers_cite_public_sources() -> None:
    from tune_or_prompt.pricing.serverless import serverless
    from tune_or_prompt.tco.quality import TIERS, UNKNOWN_TIER

    rows = [*serverless().base, *serverless().lora]
    assert {r.model for r in serverless().base} == {"8b", "14b", "70b"}
    problems = [f"{r.host} {r.model}: {p}" for r in rows if (p := problem(r.source))]
    problems += [f"{model}: {p}" for model, t in TIERS.items() if (p := problem(t.source))]
    assert problems == [] and problem(UNKNOWN_TIER.source) is None
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r.as_of) for r in rows)


def test_shipped_hardware_and_offers_cite_public_sources_with_a_date() -> None:
    hw, off = hardware(), offers()
    sources = [(g.id, g.spec_source) for g in hw.gpus.values()] + [(m.id, m.source) for m in hw.models.values()]
    dated = [(f"{g.id}/{tier}", price.source, price.as_of) for g in hw.gpus.values()
             for tier, price in g.prices.items()]
    for model in hw.models:
        for gpu in hw.gpus:
            served = hw.serving_of(model, gpu)
            for fig in (served.prefill_tokens_per_s, served.decode_tokens_per_s):
                if fig is not None:
                    dated.append((f"{model}@{gpu}", fig.source, fig.as_of))
    dated += [(o.model, o.source, o.as_of) for o in off.provider]
    sources += [(o.model, o.unavailable_source) for o in off.provider if not o.available]
    sources += [(n.provider, n.source) for n in off.no_provider_option]
    sources += [("lora_training", off.lora_training_source)]
    dated += [(f"serverless:{h.host}/{h.model}", h.source, h.as_of) for h in (*serverless().base, *serverless().lora)]
    dated += [(f"cache:{r.provider}", r.source, r.as_of) for r in cache_rules().rules]
    problems = [f"{what}: {p}" for what, source in [*sources, *((w, s) for w, s, _ in dated)]
                if (p := problem(source)) is not None]
    assert problems == []
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{4}-\d{2}", as_of) for _, _, as_of in dated)


def test_default_memo_reasons_and_notes_cite_nothing_internal(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("advise", "--defaults", "--draws", "0", "--format", "json")
    assert code == 0, err
    advice = json.loads(out)
    texts = [r["because"] for r in advice["decision"]["fired"]] + advice["decision"]["notes"]
    texts += [g["detail"] for g in advice["decision"]["gates"]]
    texts += [f["sentence"] for f in advice["what_would_change"]]
    texts += [f["sentence"] for f in advice["tco"]["sensitivity"]["flips"]]
    assert len(texts) > 5
    for text in texts:
        assert not INTERNAL.search(text), text
        assert not REPO_PATH.search(text), text


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_default_memo_names_no_internal_document_anywhere(run_cli, fmt: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("advise", "--defaults", "--draws", "0", "--format", fmt)
    assert code == 0, err
    assert INTERNAL.findall(out) == []
