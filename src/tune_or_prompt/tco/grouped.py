"""Every fine-tuning option priced under each scenario's own prompting path: one model run per path chosen.

Many scenarios at once (the uncertainty draws and sensitivity sweeps of
:mod:`.reprice`, batch rows and what-if sweeps of :mod:`.portfolio`, the
memo's what-if grid of :mod:`.grid`) each prompt on the path the headline
chose for them (:func:`~.compare.headline_prompting`). Fine-tuning's figures
depend on that path (the build months prompt on it), so
:func:`price_by_prompting` prices the options once per path chosen, over the
scenarios that chose it, and scatters the figures back in scenario order.

What stays with each caller: how an option's values are built for a group of
scenarios (the caller's ``option_values``), which option each scenario
compares (:mod:`.compare`) and how the figures are rounded (:mod:`.headline`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tune_or_prompt.tco.breakeven import Settled, option_volumes
from tune_or_prompt.tco.fleet import FloatArray
from tune_or_prompt.tco.model import Scenarios
from tune_or_prompt.tco.options import Option
from tune_or_prompt.tco.outcomes import IntArray, concat
from tune_or_prompt.tco.pricing_run import price_many
from tune_or_prompt.tco.resolve import Context

# option_values(path, rows): each option's values (in option order) for scenarios ``rows`` prompting on ``path``.
OptionValues = Callable[[int, IntArray], Sequence[Mapping[str, Any]]]


@dataclass(frozen=True)
class Group:
    """The scenarios that prompt on one path, every option priced for them.

    Attributes:
        path: The prompting context's index.
        rows: Which scenarios, ascending.
        scenarios: Each option's model inputs for those scenarios, in option order.

    """

    path: int
    rows: IntArray
    scenarios: list[Scenarios]


@dataclass(frozen=True)
class ByPrompting:
    """Every option's figures in every scenario, each priced under the scenario's prompting path.

    Attributes:
        pe_value: Prompting's present value, one per scenario.
        ft_value: Each option's fine-tuning present value (options, scenarios).
        break_even_month: Each option's break-even month (options, scenarios), 0 for never.
        groups: The scenarios of each path chosen, with their model inputs (paths in ascending order).

    """

    pe_value: FloatArray
    ft_value: FloatArray
    break_even_month: IntArray
    groups: list[Group]

    def volumes(self, options: Sequence[int], settled: Settled | None = None) -> FloatArray:
        """Return the break-even volumes of ``options`` (indices; options, scenarios), NaN where none.

        The groups whose prompting has the same structure are searched
        together, and within them the options of the same serving
        (:func:`~.breakeven.option_volumes`): a few searches whatever the number of paths
        chosen. ``settled``: as :func:`~.breakeven.break_even_queries`.
        """
        out = np.full((len(options), len(self.pe_value)), np.nan)
        by_structure: dict[bool, list[Group]] = {}
        for g in self.groups:
            by_structure.setdefault(g.scenarios[0].pe_on_fleet, []).append(g)
        for parts in by_structure.values():
            order = np.concatenate([g.rows for g in parts])
            out[:, order] = option_volumes([concat([g.scenarios[o] for g in parts]) for o in options], settled)
        return out


def price_by_prompting(contexts: Sequence[Context], chosen: IntArray, options: list[Option],
                       option_values: OptionValues) -> ByPrompting:
    """Price ``options`` in every scenario under its prompting context ``contexts[chosen[i]]``.

    The scenarios that chose one context are priced together, with the
    values ``option_values`` builds for them (see :data:`OptionValues`);
    every option is priced, in ``options``' order.
    """
    n = len(chosen)
    pe_value = np.empty(n)
    ft_value = np.empty((len(options), n))
    months = np.empty((len(options), n), dtype=np.int64)
    groups: list[Group] = []
    for b in np.unique(chosen).tolist():
        rows = np.flatnonzero(chosen == b)
        run = price_many(contexts[b], options, size=len(rows), per_option=option_values(b, rows))
        pe_value[rows] = run[0][1].pe_value
        ft_value[:, rows] = np.stack([out.ft_value for _, out in run])
        months[:, rows] = np.stack([out.break_even_month for _, out in run])
        groups.append(Group(b, rows, [s for s, _ in run]))
    return ByPrompting(pe_value, ft_value, months, groups)


def take(values: dict[str, Any], rows: IntArray, size: int) -> dict[str, Any]:
    """Return the entries ``rows`` of each per-scenario array of ``values`` (a number stays a number).

    All ``size`` rows: ``values`` itself, uncopied.
    """
    if len(rows) == size:
        return values
    return {k: _rows(v, rows) for k, v in values.items()}


def _rows(v: Any, rows: IntArray) -> Any:
    a = np.asarray(v)
    return a[rows] if a.ndim else v


__all__ = ["ByPrompting", "Group", "OptionValues", "price_by_prompting", "take"]
