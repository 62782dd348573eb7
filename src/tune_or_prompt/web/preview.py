"""The live preview: the pipeline's pricing and rules run on the form's answers, as plain data.

The preview runs :func:`~tune_or_prompt.pipeline.priced_and_decided`, the
stage of the pipeline that ``advise`` runs before writing its memo, with
fewer uncertainty draws (:data:`~.setup.PREVIEW_DRAWS`), and leaves out the
memo's slower analyses (what would change the answer, the sensitivity
tornado). Its figures are read from the same JSON the memo's ``--format
json`` carries (``tco`` and ``decision``), so the page shows whatever that
JSON holds; the chart is the memo's own cumulative-cost SVG, and the paths
compared are the memo's own view of them (:mod:`~tune_or_prompt.memo.paths_view`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tune_or_prompt.memo.paths_view import PathsView
    from tune_or_prompt.web.setup import ServeSetup


def preview_data(setup: ServeSetup, values: Mapping[str, Any]) -> dict[str, Any]:
    """Price and decide ``values`` (checked answers by id) and return what the preview shows.

    Raises:
        UserError: the answers do not make a valid set (the model's cross-field checks).

    """
    from tune_or_prompt.answers_io import answers_from_values
    from tune_or_prompt.memo.chart import cumulative_cost_svg
    from tune_or_prompt.memo.paths_view import paths_view
    from tune_or_prompt.pipeline import priced_and_decided

    built, house = answers_from_values(values, setup.ruleset)
    report, _, decision = priced_and_decided(
        built, house, assumptions=setup.assumptions, catalogue=setup.catalogue, ruleset=setup.ruleset,
        uncertainty_draws=setup.preview_draws,
    )
    advice_json = {"tco": report.model_dump(mode="json"), "decision": decision.model_dump(mode="json")}
    # The preview has no list of the ways to fine-tune: an unavailable path gives its own reason.
    paths = paths_view(report, built, options_listed=False) if report.paths else None
    return preview_view(advice_json, chart_svg=cumulative_cost_svg(report), paths=paths)


def preview_view(advice: Mapping[str, Any], *, chart_svg: str, paths: PathsView | None) -> dict[str, Any]:
    """Return the preview's figures from an advice's JSON (its ``tco`` and ``decision`` parts) and its paths."""
    from tune_or_prompt.memo.content import VERDICT_LABELS

    tco, decision = advice["tco"], advice["decision"]
    return {
        "verdict": decision["verdict"],
        "verdict_label": VERDICT_LABELS.get(decision["verdict"], decision["verdict"]),
        "confidence": decision["confidence"],
        "confidence_basis": decision["confidence_basis"],
        "draws": decision.get("confidence_draws"),
        "rule_score": decision["rule_score"],
        "horizon_months": tco["horizon_months"],
        "totals": {"prompt_engineering": tco["prompt_engineering"]["total_usd"],
                   "fine_tuning": tco["fine_tuning"]["total_usd"]},
        "cheaper": tco["cheaper"],
        "break_even": tco["break_even"],
        "accuracy_target_pct": tco["workload"]["accuracy_target_pct"],
        "monthly_budget_usd": tco["workload"]["monthly_budget_usd"],
        "paths": dataclasses.asdict(paths) if paths is not None else None,
        "warnings": tco["warnings"],
        "chart_svg": chart_svg,
    }
