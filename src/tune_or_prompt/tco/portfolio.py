"""Headline figures of many workloads of mixed horizon, fine-tuning mode and privacy, in one call.

``batch`` needs, per workload, only what its output row and the rules read:
both horizon totals, the break-even month and the break-even volume.
:func:`~.vectorized.simulate` prices scenarios that share the model's
structure, and a portfolio mixes horizons and privacy settings (a library
caller may mix modes too), so :func:`figures` groups the workloads by
(horizon, mode, privacy), prices each group with
:func:`~.vectorized.simulate`, runs one break-even volume search over all the
groups together (:mod:`.vectorized_breakeven`), and returns every figure in
the caller's order. The totals and months are the scalar model's to the bit,
so rounded they are the cents and months ``decide`` reports.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from tune_or_prompt.tco.inputs import Inputs
from tune_or_prompt.tco.report import Headline
from tune_or_prompt.tco.vectorized import FloatArray, InputArrays, IntArray, numeric_columns, simulate
from tune_or_prompt.tco.vectorized_breakeven import break_even_queries

CHUNK_ROWS = 4096
"""Workloads priced together. The volume search makes some 50 passes over its
scenarios, each a few dozen numpy calls whose fixed cost is paid per pass, so
it costs less per workload on larger groups: about 14.5 us at 4,096 against
18 at 2,048 and 13.5 at 8,192 (``figures`` on a generated portfolio)."""


@dataclass(frozen=True)
class Figures:
    """The headline figures of many workloads, one array entry per workload (unrounded USD).

    Attributes:
        pe_total: Prompt engineering's horizon total.
        ft_total: Fine-tuning's horizon total.
        break_even_month: 1-based month, or 0 for "never within the horizon".
        break_even_queries: Month-1 volume where the totals are equal, NaN for none.

    """

    pe_total: FloatArray
    ft_total: FloatArray
    break_even_month: IntArray
    break_even_queries: FloatArray

    def headlines(self) -> list[Headline]:
        """Return each workload's :func:`~.report.headline`, element for element the same."""
        pe, ft = rounded(self.pe_total, 2), rounded(self.ft_total, 2)
        savings = rounded(ft - pe, 2)
        cheaper = np.where(np.abs(savings) < 0.005, "tie",
                           np.where(savings > 0, "prompt_engineering", "fine_tuning"))
        lo, hi = np.minimum(pe, ft), np.maximum(pe, ft)
        has_ratio = lo > 0
        with np.errstate(over="ignore"):  # an infinite ratio is refused with the row's facts
            ratio = rounded(hi / np.where(has_ratio, lo, 1.0), 2)
        has_volume = ~np.isnan(self.break_even_queries)
        volume = rounded(np.where(has_volume, self.break_even_queries, 0.0), 1)
        return [
            Headline(p, f, s, c, r if has_r else None, m or None, v if has_v else None)
            for p, f, s, c, r, has_r, m, v, has_v in zip(
                pe.tolist(), ft.tolist(), savings.tolist(), cheaper.tolist(), ratio.tolist(), has_ratio.tolist(),
                self.break_even_month.tolist(), volume.tolist(), has_volume.tolist(), strict=True,
            )
        ]


def rounded(x: FloatArray, digits: int) -> FloatArray:
    """Return ``round(v, digits) + 0.0`` of every element ``v``, bit for bit, mostly without Python's ``round``.

    Python rounds the exact binary value of ``v`` to ``digits`` decimals, half
    to even, and returns the double nearest to that decimal ``k / 10**digits``.
    Here ``k`` is ``rint(v * 10**digits)``, and the IEEE division ``k /
    10**digits`` is that nearest double. The product's own rounding could
    only change ``k`` if it fell within an ulp of a half-way point; those
    elements, and any too large for ``k`` to be exact, go to Python's ``round``.
    Half the cost of the headline figures was ``round``.
    """
    scale = 10.0**digits
    with np.errstate(over="ignore", invalid="ignore"):  # huge and non-finite values go to round()
        y = x * scale
        out: FloatArray = np.rint(y) / scale + 0.0
        clear = (np.abs(y - np.floor(y) - 0.5) > 2 * np.abs(np.spacing(y))) & (np.abs(y) < 2.0**52)
    for i in np.flatnonzero(~clear):
        out[i] = round(float(x[i]), digits) + 0.0
    return out


@dataclass(frozen=True)
class Workloads:
    """Per-workload figures set over shared resolved inputs (one array entry per workload).

    Batch resolves inputs once per price setting and varies only these, as
    ``dataclasses.replace`` would (and as the break-even search varies volume).
    """

    queries_per_month: FloatArray
    input_tokens: FloatArray
    output_tokens: FloatArray
    growth: FloatArray
    months: NDArray[np.int64]

    def __getitem__(self, rows: slice) -> Workloads:
        """Return the workloads of ``rows``."""
        return Workloads(self.queries_per_month[rows], self.input_tokens[rows], self.output_tokens[rows],
                         self.growth[rows], self.months[rows])


def figures(inputs: Sequence[Inputs], workloads: Workloads | None = None) -> Figures:
    """Return the headline figures of every workload, in order.

    Args:
        inputs: Resolved inputs, one per workload (the same object may repeat).
        workloads: If given, these per-workload figures replace the inputs' own.

    """
    chunks = []
    for start in range(0, len(inputs), CHUNK_ROWS):
        rows = slice(start, start + CHUNK_ROWS)
        chunks.append(_figures(inputs[rows], None if workloads is None else workloads[rows]))
    if len(chunks) == 1:
        return chunks[0]
    return Figures(*(np.concatenate([getattr(c, f.name) for c in chunks]) for f in dataclasses.fields(Figures)))


def _figures(inputs: Sequence[Inputs], workloads: Workloads | None) -> Figures:
    """:func:`figures` for one chunk: group, price each group, search all groups together, restore the order."""
    columns: dict[str, Any] = numeric_columns(inputs)
    if workloads is None:
        months = [i.months for i in inputs]
    else:
        columns.update(queries_per_month=workloads.queries_per_month, input_tokens=workloads.input_tokens,
                       output_tokens=workloads.output_tokens, growth=workloads.growth)
        months = workloads.months.tolist()
    groups: dict[tuple[int, bool, str], int] = {}
    code = np.array([groups.setdefault((m, i.on_premise, i.ft_mode), len(groups))
                     for m, i in zip(months, inputs, strict=True)], dtype=np.int64)
    order = np.argsort(code, kind="stable")  # the rows of each group together, groups in first-seen order
    columns = {name: values[order] for name, values in columns.items()}
    ends = np.cumsum(np.bincount(code, minlength=len(groups))).tolist()
    n = len(inputs)
    pe, ft, month = np.empty(n), np.empty(n), np.empty(n, dtype=np.int64)
    parts: list[InputArrays] = []
    start = 0
    for (horizon, on_premise, ft_mode), end in zip(groups, ends, strict=True):
        part = InputArrays(months=horizon, on_premise=on_premise, ft_mode=ft_mode,
                           **{name: values[start:end] for name, values in columns.items()})
        outcomes = simulate(part)
        pe[start:end], ft[start:end] = outcomes.prompt_engineering_usd, outcomes.fine_tuning_usd
        month[start:end] = outcomes.break_even_month
        parts.append(part)
        start = end
    volume = break_even_queries(parts)
    restore = np.empty(n, dtype=np.int64)
    restore[order] = np.arange(n)
    return Figures(pe[restore], ft[restore], month[restore], volume[restore])
