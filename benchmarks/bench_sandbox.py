"""What the house-template bounds cost: rendering a memo in each environment, CPU time.

Renders the built-in example's Markdown and HTML memos (one Advice, built
once) through:

* the built-ins' own environment (trusted, unsandboxed: what `advise` uses
  without --templates);
* Jinja's plain SandboxedEnvironment with the same loader and filters (what a
  house folder used before the bounds);
* the bounded sandbox (memo/sandbox.py: intercepted operators, calls and
  filters, a range budget, a CPU-time timer and an output cap), with a house
  folder whose template extends the built-in one and replaces one block.

Every environment renders the same context, the Advice and its view as
plain data (memo/data.py); the last column is what building that context
costs, once per memo. Reports the median process CPU time of ``--repeats``
renders (CPU time, not wall time: the development machines are shared).
Run: python benchmarks/bench_sandbox.py [--repeats 30]
"""

from __future__ import annotations

import argparse
import functools
import statistics
import tempfile
import time
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from tune_or_prompt.answers import Answers
from tune_or_prompt.memo.environment import make_environment, render_template
from tune_or_prompt.memo.render import template_context
from tune_or_prompt.memo.view import build_view
from tune_or_prompt.pipeline import build_advice
from tune_or_prompt.pricing import load_catalogue
from tune_or_prompt.rules import load_packs
from tune_or_prompt.tco import Assumptions

HOUSE = '{% extends "default/memo.{fmt}.j2" %}\n{% block footer %}ACME{% endblock %}\n'


def cpu_median(fn: object, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        fn()  # type: ignore[operator]
        times.append(time.process_time() - start)
    return statistics.median(times)


def plain_sandbox(house: Path) -> jinja2.Environment:
    """The house environment as it was before the bounds: Jinja's sandbox, same loader and filters."""
    bounded = make_environment(house)
    env = SandboxedEnvironment(loader=bounded.loader, undefined=jinja2.StrictUndefined,
                               autoescape=bounded.autoescape, trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True)
    env.filters.update(make_environment(None).filters)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    ruleset = load_packs([])
    advice = build_advice(Answers(), {}, assumptions=Assumptions(), catalogue=load_catalogue(), ruleset=ruleset,
                          command="tune-or-prompt advise --defaults", whatif_grid=True, uncertainty_draws=10_000)
    house = Path(tempfile.mkdtemp(prefix="top-house-"))
    header = f"{'memo':<6} {'built-ins (trusted)':>20} {'plain sandbox':>15} {'bounded sandbox':>16}"
    print(f"{header} {'bounded/plain':>14} {'plain data':>11}")
    for fmt in ("md", "html"):
        (house / f"memo.{fmt}.j2").write_text(HOUSE.replace("{fmt}", fmt))
        view = build_view(advice, chart_svg="<svg/>" if fmt == "html" else None)
        context = template_context(advice, view)
        building = cpu_median(functools.partial(template_context, advice, view), args.repeats)
        name = f"memo.{fmt}.j2"
        trusted, plain, bounded = make_environment(None), plain_sandbox(house), make_environment(house)
        figures = [cpu_median(functools.partial(env.get_template(name).render, context), args.repeats)
                   for env in (trusted, plain)]
        # The bounded sandbox renders through render_template: the timer, the output cap, the loop budget.
        figures.append(cpu_median(functools.partial(render_template, bounded, name, context), args.repeats))
        print(f"{fmt:<6} {figures[0] * 1e3:>17.1f} ms {figures[1] * 1e3:>12.1f} ms {figures[2] * 1e3:>13.1f} ms "
              f"{figures[2] / figures[1]:>13.2f}x {building * 1e3:>8.1f} ms")

if __name__ == "__main__":
    main()
