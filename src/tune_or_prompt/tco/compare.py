"""The decision layer above the cost model: which path the headline compares and which one is recommended.

Every consumer reads its choices from here: the report (and with it
``decide``, the memo, the draws, the what-if grid and the sensitivity sweeps,
which start from the report's priced context) and batch (:mod:`~.portfolio`,
which makes the same choice row by row with :func:`headline_prompting`). The
draws and sweeps hold the prompting model the report chose; they do not
choose it again per draw.

* The headline compares the best prompting path with the best fine-tuning
  path. The best prompting path is the cheapest (present value) of those that
  can meet the accuracy target (every available one when a wrong answer has a
  cost, since the errors category then prices accuracy); when none can, the
  most accurate.
* The recommended path is the cheapest of every available path (prompting,
  fine-tuning, prompt then fine-tune) that can meet the target, within the
  monthly budget where one is given and some path fits it; when none can meet
  the target, the most accurate.
* The decomposition splits the saving of the recommended path against the
  current setup (prompting the named model) into the model switch (prompting
  the recommended path's model against prompting the current one) and the
  adaptation (the recommended path against prompting its model), so a saving
  that needs no fine-tuning is never credited to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tune_or_prompt.tco.distributions import percentiles
from tune_or_prompt.tco.fleet import FloatArray
from tune_or_prompt.tco.quality import Accuracy


@dataclass(frozen=True)
class PathResult:
    """One path priced over the horizon (or why it is not available).

    Attributes:
        id: ``<adaptation>:<model>@<hosting>``.
        adaptation: ``prompt``, ``fine_tune`` or ``prompt_then_fine_tune``.
        model: The model prompted or fine-tuned.
        hosting: ``api``, ``serverless``, ``dedicated`` or ``owned``.
        label: How the memo names it.
        accuracy: Its expected accuracy.
        reason: Why it is not available, when not.
        monthly: Nominal USD of each month (None when not available).
        value: Present value (the nominal total at a 0 discount rate).
        current: Whether it is the current setup.
        option: The fine-tuning option id it stands for.
        source: Where its prices come from.

    """

    id: str
    adaptation: str
    model: str
    hosting: str
    label: str
    accuracy: Accuracy
    reason: str = ""
    monthly: FloatArray | None = None
    value: float = 0.0
    current: bool = False
    option: str | None = None
    source: str = ""

    @property
    def available(self) -> bool:
        """Whether it was priced."""
        return self.monthly is not None

    @property
    def total(self) -> float:
        """Nominal total over the horizon."""
        return float(self.monthly.sum()) if self.monthly is not None else 0.0

    def monthly_percentile(self, q: float) -> float:
        """Return the ``q``-th percentile of its monthly costs (a typical month at 50, a heavy one at 90)."""
        return percentiles(self.monthly, (q,))[0] if self.monthly is not None else 0.0


def eligible(accuracy: Accuracy, target_pct: float, errors_priced: bool) -> bool:
    """Whether a path may be chosen: it can meet the target, or errors are priced (they weigh accuracy instead)."""
    return errors_priced or accuracy.can_meet(target_pct)


def headline_prompting(accuracies: Sequence[Accuracy], values: FloatArray, target_pct: FloatArray,
                       errors_priced: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """Return, per scenario (column), the index of the prompting path the headline compares (rows: paths in order).

    It is the cheapest (``values``: present values, paths x scenarios) of the paths that can meet the scenario's
    accuracy target (every path where errors are priced); where none can, the cheapest of the most accurate.
    Ties go to the earlier path, as Python's ``min`` would. ``decide`` calls it with one scenario, batch with
    one per row: one choice.
    """
    pct = np.array([a.pct for a in accuracies])[:, None]
    reach = np.array([a.pct if a.measured else a.high_pct for a in accuracies])[:, None]
    ok: npt.NDArray[np.bool_] = (reach >= target_pct[None, :] - 1e-9) | np.asarray(errors_priced)[None, :]
    closest = pct >= pct.max() - 1e-9
    some: npt.NDArray[np.bool_] = np.any(ok, axis=0, keepdims=True)
    return cheapest_allowed(values, np.where(some, ok, closest))


def cheapest_allowed(values: FloatArray, allowed: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """Return, per scenario (column), the row of the lowest of ``values`` among the ``allowed`` rows.

    Ties go to the earlier row. ``allowed`` broadcasts against ``values`` (rows x scenarios).
    """
    found: npt.NDArray[np.int64] = np.argmin(np.where(allowed, values, np.inf), axis=0)
    return found


def fine_tuning_allowed(measured: Sequence[float | None], target_pct: FloatArray,
                        errors_priced: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Return which fine-tuning options (rows) the headline may compare in each scenario (columns).

    ``measured`` is each option's measured accuracy (``accuracy_by_path``), None where it is assumed. An
    option measured below the scenario's target is left out unless errors are priced (the errors category
    weighs it); an assumed one stays (every option shares the same assumed range). Where every option is
    measured below the target, the most accurate stay.
    """
    known = np.array([np.nan if m is None else m for m in measured], dtype=np.float64)[:, None]
    ok: npt.NDArray[np.bool_] = (np.isnan(known) | (known >= target_pct[None, :] - 1e-9)
                                 | np.asarray(errors_priced)[None, :])
    if np.all(ok):
        return ok
    best = np.nanmax(known) if not np.all(np.isnan(known)) else np.nan
    closest = known >= best - 1e-9
    found: npt.NDArray[np.bool_] = np.where(np.any(ok, axis=0, keepdims=True), ok, closest)
    return found


def recommended(results: Sequence[PathResult], target_pct: float, errors_priced: bool,
                budget_usd: float | None) -> tuple[PathResult, bool, bool]:
    """Return the recommended path, whether it can meet the target, and whether it is within the budget."""
    available = [r for r in results if r.available]
    ok = [r for r in available if eligible(r.accuracy, target_pct, errors_priced)]
    meets = bool(ok)
    if not ok:
        best = max(r.accuracy.pct for r in available)
        ok = [r for r in available if r.accuracy.pct >= best - 1e-9]
    fits = [r for r in ok if budget_usd is not None and within_budget(r, budget_usd)]
    pool = fits or ok
    return min(pool, key=lambda r: r.value), meets, bool(fits)


def within_budget(r: PathResult, budget_usd: float) -> bool:
    """Whether a path's heavy month (P90 of its monthly costs) stays within the monthly budget."""
    return r.monthly_percentile(90) <= budget_usd + 1e-9


_SAME_HOSTING = {"api": "api", "serverless": "serverless", "dedicated": "dedicated", "owned": "owned"}


@dataclass(frozen=True)
class Decomposition:
    """The saving of the recommended path against the current setup, split in two (USD, present values).

    Attributes:
        current: The current setup's path id.
        recommended: The recommended path's id.
        via: The prompting path on the recommended model that splits the saving (None: no such path).
        model_switch_usd: Prompting the current model minus prompting the recommended path's model.
        adaptation_usd: Prompting the recommended path's model minus the recommended path.

    """

    current: str
    recommended: str
    via: str | None
    model_switch_usd: float
    adaptation_usd: float

    @property
    def saving_usd(self) -> float:
        """The whole saving: the two parts added."""
        return self.model_switch_usd + self.adaptation_usd


def decompose(results: Sequence[PathResult], chosen: PathResult) -> Decomposition:
    """Split ``chosen``'s saving against the current setup into the model switch and the adaptation."""
    current = next(r for r in results if r.current)
    if chosen.adaptation == "prompt":
        return Decomposition(current.id, chosen.id, chosen.id, current.value - chosen.value, 0.0)
    same_model = [r for r in results if r.available and r.adaptation == "prompt" and r.model == chosen.model]
    same = [r for r in same_model if r.hosting == _SAME_HOSTING.get(chosen.hosting)] or same_model
    if not same:
        return Decomposition(current.id, chosen.id, None, 0.0, current.value - chosen.value)
    via = min(same, key=lambda r: r.value)
    return Decomposition(current.id, chosen.id, via.id, current.value - via.value, via.value - chosen.value)
