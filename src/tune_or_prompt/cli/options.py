"""Command-line options shared by several commands, and flags generated from models.

Every cost parameter of :class:`~tune_or_prompt.tco.assumptions.Assumptions`
becomes a ``--flag`` named after the field, with the field's description, unit
and default in its help, so the model stays the one definition of a parameter.
"""

from __future__ import annotations

import functools
import inspect
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar, get_args, get_origin

import typer

from tune_or_prompt.tco.analyses import DEFAULT_DRAWS
from tune_or_prompt.tco.assumptions import Assumptions, field_meta

F = TypeVar("F", bound=Callable[..., Any])

# Parameters only an assumptions file can set (a mapping has no flag form).
FILE_ONLY = ("accuracy_by_path",)
ASSUMPTION_PANEL = "Cost assumptions (defaults, sources and ranges: `tco --format json`)"


def flag_name(field: str) -> str:
    """Return the flag of a field: ``ft_epochs`` -> ``--ft-epochs``."""
    return "--" + field.replace("_", "-")


# Short aliases kept from the article's calculator.
_ALIASES = {
    "input_price_usd_per_mtok": ["--input-price"],
    "output_price_usd_per_mtok": ["--output-price"],
    "ft_retrain_every_months": ["--retrain-every-months"],
    "ft_training_examples": ["--training-examples"],
}


def _option_for(name: str) -> tuple[Any, typer.models.OptionInfo]:
    info = Assumptions.model_fields[name]
    if name == "traffic_profile":  # a list: read from a file (YAML or JSON), with positions in errors
        return typing.Optional[Path], typer.Option(  # noqa: UP045 - typer reads the runtime form
            "--traffic-profile", help="YAML or JSON file of 24 hourly traffic weights (hour 0 = midnight); "
            "default: the built-in daytime profile.", rich_help_panel=ASSUMPTION_PANEL, show_default=False,
            dir_okay=False)
    meta = field_meta(name)
    ann = info.annotation
    is_union = get_origin(ann) in (typing.Union, types.UnionType)
    base = next(a for a in get_args(ann) if a is not type(None)) if is_union else ann
    help_parts = [info.description or ""]
    if meta.get("unit"):
        help_parts.append(f"[{meta['unit']}]")
    default = info.default
    help_parts.append(f"Default: {default if default is not None else 'from the catalogue'}.")
    kwargs: dict[str, Any] = {"help": " ".join(p for p in help_parts if p),
                              "rich_help_panel": ASSUMPTION_PANEL, "show_default": False}
    py_type: Any = base  # typer turns a Literal into a choice
    option = typer.Option(flag_name(name), *_ALIASES.get(name, []), **kwargs)
    return typing.Optional[py_type], option  # noqa: UP045 - typer reads the runtime form


def with_assumption_flags(func: F) -> F:
    """Add one option per assumption to a command; they arrive as ``assumption_flags``.

    The wrapped function declares its own parameters plus a keyword-only
    ``assumption_flags: dict[str, Any]`` holding the flags the user set.
    """
    sig = inspect.signature(func)
    own = [p for p in sig.parameters.values() if p.name != "assumption_flags"]
    extra = []
    annotations = dict(typing.get_type_hints(func, include_extras=True))
    annotations.pop("assumption_flags", None)
    for name in Assumptions.model_fields:
        if name in FILE_ONLY:
            continue
        py_type, option = _option_for(name)
        ann = Annotated[py_type, option]  # type: ignore[valid-type]
        extra.append(inspect.Parameter(f"a__{name}", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=ann))
        annotations[f"a__{name}"] = ann

    @functools.wraps(func)
    def wrapper(**kwargs: Any) -> Any:
        flags = {k[3:]: kwargs.pop(k) for k in list(kwargs) if k.startswith("a__")}
        if flags.get("traffic_profile") is not None:
            from tune_or_prompt.tco.assumptions_io import load_traffic_profile

            flags["traffic_profile"] = load_traffic_profile(flags["traffic_profile"])
        return func(**kwargs, assumption_flags={k: v for k, v in flags.items() if v is not None})

    params = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY, annotation=annotations[p.name]) for p in own
    ] + extra
    wrapper.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = annotations
    del wrapper.__wrapped__  # typer must read our signature, not the original's
    return typing.cast(F, wrapper)


# The uncertainty and sensitivity analyses (tco, decide, advise). typer has no
# option with an optional value, so `--uncertainty` is a flag for the default
# count and `--draws N` sets another count (and implies `--uncertainty`).
ANALYSIS_PANEL = "Uncertainty and sensitivity"
UncertaintyFlag = Annotated[
    bool,
    typer.Option("--uncertainty", help="Draw 10,000 scenarios from every cost parameter's low/default/high "
                 "range (triangular) and report P10/P50/P90 of both totals and the savings, the chance "
                 "that fine-tuning is cheaper and the break-even month's spread. --draws N changes the count.",
                 rich_help_panel=ANALYSIS_PANEL),
]
DrawsOption = Annotated[
    int | None,
    typer.Option("--draws", min=1, max=10_000_000, help="Number of uncertainty draws (implies --uncertainty). "
                 "Default 10000.", rich_help_panel=ANALYSIS_PANEL, show_default=False),
]
DecisionDrawsOption = Annotated[
    int,
    typer.Option("--draws", min=0, max=10_000_000, help="Uncertainty draws: every cost parameter drawn from its "
                 "range and the whole decision re-run in each; the confidence is the share of draws that give "
                 "the verdict, and the memo shows the spread. 0: no draws (faster); the confidence is then the "
                 "rule score.", rich_help_panel=ANALYSIS_PANEL),
]
RandomSeedOption = Annotated[
    int,
    typer.Option("--random-seed", min=0, help="Seed of the uncertainty draws: the same seed gives the same "
                 "figures.", rich_help_panel=ANALYSIS_PANEL),
]


def uncertainty_draws(uncertainty: bool, draws: int | None) -> int:
    """Return how many draws the flags ask for: 0 (off), ``--draws N``, or 10,000 for a bare ``--uncertainty``."""
    if draws is not None:
        return draws
    return DEFAULT_DRAWS if uncertainty else 0
