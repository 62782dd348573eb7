"""File options several commands share, kept light: ``prices`` imports them without the cost model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tune_or_prompt.files import stdin_path, stdin_paths

AssumptionsFile = Annotated[
    Path | None,
    typer.Option("--assumptions", help="YAML file of cost parameters (flags win over it); - reads standard input.",
                 dir_okay=False, callback=stdin_path),
]
PricesFile = Annotated[
    list[Path] | None,
    typer.Option("--prices", help="Price sheet in LiteLLM's model_prices JSON format "
                 "(USD per token); adds or overrides API models. Repeatable; - reads standard input.",
                 dir_okay=False, callback=stdin_paths),
]
