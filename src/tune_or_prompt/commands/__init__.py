"""The core function behind each command: keyword-only, no typer, returning what the command shows.

A command in :mod:`tune_or_prompt.cli` declares its options and forwards
them here; these functions wire the pipeline's stages for one command and
raise :class:`~tune_or_prompt.errors.UserError` on bad input. They are the
library's entry points for a script that wants what a command computes. Each
module imports the heavy stages it needs only when called, so this package
stays cheap to import.
"""

from __future__ import annotations


def flag_name(field: str) -> str:
    """Return the command-line flag of a parameter or answer: ``ft_epochs`` -> ``--ft-epochs``."""
    return "--" + field.replace("_", "-")
