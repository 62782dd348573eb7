"""``batch``: decide every workload of a portfolio file, one result row per workload, in order."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from tune_or_prompt.errors import UserError
from tune_or_prompt.files import STDIN

if TYPE_CHECKING:
    from tune_or_prompt.batch import Summary


def decide_portfolio(
    *,
    file: Path,
    rules: Sequence[Path],
    builtin_rules: bool,
    assumptions_file: Path | None,
    prices: Sequence[Path],
    assumption_flags: Mapping[str, Any],
    output: Path | None,
    jobs: int,
    engine: Literal["reference", "durable_rules"],
    draws: int,
    random_seed: int,
    progress: Callable[[int, float], None] | None,
    say: Callable[[str], None],
) -> Summary:
    """Decide every row of ``file`` and write the results (standard output when ``output`` is None).

    Every flag and the assumptions file are checked before any row runs;
    ``jobs`` beyond the CPU cores this process may use is lowered to them (and
    ``say`` tells why).

    Raises:
        UserError: a bad flag, assumptions file, price file or portfolio.

    """
    from tune_or_prompt.batch import BatchConfig, run_batch
    from tune_or_prompt.batch.parallel import usable_cores
    from tune_or_prompt.tco.assumptions_io import build_assumptions, load_assumptions_file

    if any(path is STDIN for path in prices):
        raise UserError("--prices -: batch reads its price files in every worker; give a file, not standard input")
    values = dict(load_assumptions_file(assumptions_file)) if assumptions_file else {}
    values.update(assumption_flags)
    build_assumptions(values)  # a bad flag fails here, before anything runs
    config = BatchConfig(rules=tuple(rules), builtin=builtin_rules, assumptions=values, prices=tuple(prices),
                         engine=engine, draws=draws, random_seed=random_seed)
    cores = usable_cores()
    if jobs > cores:
        say(f"tune-or-prompt: --jobs {jobs}: using {cores}, the CPU cores this process may use "
            "(more workers would only take turns on them)")
        jobs = cores
    return run_batch(file, config=config, output=output, jobs=jobs, progress=progress)
