"""``tco``: price both paths over the horizon, with the full model or the article's seed formula."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from tune_or_prompt.commands import flag_name
from tune_or_prompt.errors import UserError

if TYPE_CHECKING:
    from tune_or_prompt.tco import TcoReport

# Assumption flags that also mean something to the seed formula: parameter -> seed input.
SEED_SHARED = {"input_price_usd_per_mtok": "input_price", "output_price_usd_per_mtok": "output_price",
               "ft_retrain_every_months": "retrain_every_months"}
SEED_ONLY = {"ft_initial_cost": "--ft-initial-cost", "ft_monthly_infra": "--ft-monthly-infra",
             "retrain_cost": "--retrain-cost"}


def price_workload(
    *,
    profile: Literal["full", "seed"],
    workload: Mapping[str, Any],
    seed_values: Mapping[str, float | None],
    assumption_flags: Mapping[str, Any],
    assumptions_file: Path | None,
    prices: Sequence[Path],
    draws: int,
    random_seed: int,
    sensitivity: bool,
) -> TcoReport | dict[str, Any]:
    """Price a workload: the full report, or the seed formula's figures (a dict) with ``profile="seed"``.

    Args:
        profile: ``full`` (the month-by-month model) or ``seed`` (the article's formula exactly).
        workload: The workload flags (None: the default), by :class:`~tune_or_prompt.tco.Workload` field.
        seed_values: The seed formula's own inputs (:data:`SEED_ONLY`; None: the default).
        assumption_flags: Cost parameters set on the command line.
        assumptions_file: A YAML or JSON file of cost parameters (full profile only).
        prices: Extra price files.
        draws: Uncertainty draws (0: none).
        random_seed: Their seed.
        sensitivity: Also swing each parameter (the tornado and the flip points).

    Raises:
        UserError: a bad value, or a flag of one profile given to the other.

    """
    from tune_or_prompt.checks import require_finite
    from tune_or_prompt.pricing import load_catalogue
    from tune_or_prompt.tco import compute_tco
    from tune_or_prompt.tco.assumptions_io import (
        build_assumptions,
        build_workload,
        files_setting,
        load_assumptions_file,
        naming_files,
    )

    if profile == "seed":
        if draws or sensitivity:
            raise UserError("--uncertainty, --draws and --sensitivity belong to the full profile; "
                            "the seed formula has no ranges")
        result = _seed(workload, assumption_flags, prices, assumptions_file, seed_values)
        require_finite(result, "tco --profile seed")
        return result
    for name, flag in SEED_ONLY.items():
        if seed_values.get(name) is not None:
            raise UserError(
                f"{flag} belongs to --profile seed; the full profile takes --ft-option flat with "
                "--ft-flat-initial-usd, --ft-flat-monthly-infra-usd and --ft-retrain-cost-usd"
            )
    file_values = load_assumptions_file(assumptions_file) if assumptions_file else {}
    with naming_files(files_setting([(assumptions_file, file_values)], assumption_flags)):
        report = compute_tco(
            build_workload(workload),
            build_assumptions(file_values, assumption_flags),
            load_catalogue(list(prices)),
            uncertainty_draws=draws,
            random_seed=random_seed,
            sensitivity=sensitivity,
        )
    require_finite(report, "tco")
    return report


def _seed(
    workload: Mapping[str, Any],
    flags: Mapping[str, Any],
    prices: Sequence[Path],
    assumptions: Path | None,
    seed_values: Mapping[str, float | None],
) -> dict[str, Any]:
    """Apply the seed profile's rules (which flags it takes; the API model's catalogue prices as defaults)."""
    from tune_or_prompt.pricing import load_catalogue
    from tune_or_prompt.tco import SeedInputs, seed_tco
    from tune_or_prompt.tco.assumptions_io import validate_values

    for name in ("growth_pct_per_month", "privacy"):
        if workload.get(name) is not None:
            raise UserError(f"{flag_name(name)} belongs to the full profile; the seed formula has no such input")
    if workload.get("horizon_months") not in (None, 36):
        raise UserError("--months: the seed formula is fixed at 36 months; use the full profile for other horizons")
    if assumptions is not None:
        raise UserError("--assumptions belongs to the full profile; the seed formula takes its own flags")
    unknown = sorted(set(flags) - set(SEED_SHARED))
    if unknown:
        raise UserError(f"{flag_name(unknown[0])} belongs to the full profile; the seed formula has no such input")
    values: dict[str, Any] = {
        "queries_per_month": workload.get("queries_per_month"),
        "input_tokens": workload.get("input_tokens"),
        "output_tokens": workload.get("output_tokens"),
        **{name: seed_values.get(name) for name in SEED_ONLY},
    }
    values.update({SEED_SHARED[k]: v for k, v in flags.items()})
    if workload.get("api_model") is not None:
        price = load_catalogue(list(prices)).lookup(workload["api_model"])
        if values.get("input_price") is None:
            values["input_price"] = price.input_usd_per_mtok
        if values.get("output_price") is None:
            values["output_price"] = price.output_usd_per_mtok
    inputs = validate_values(SeedInputs, values, "input")
    return seed_tco(inputs).model_dump()
