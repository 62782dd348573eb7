"""What a user downloads: the answers file, and the memo exactly as ``advise --answers`` writes it.

A download is the file ``tune-or-prompt advise --answers
tune-or-prompt-answers.yaml --format FMT`` writes to standard output when run
in the folder holding the downloaded answers file, on the same day, with the
``--rules`` and ``--templates`` the server was started with: the answers go
through that file's text and reader, and the memo carries that command.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from tune_or_prompt.web.setup import ServeSetup

ANSWERS_NAME = "tune-or-prompt-answers.yaml"
MemoFormat = Literal["md", "html", "json", "madr"]
# Download name and media type of each memo format.
MEMO_FILES: dict[str, tuple[str, str]] = {
    "md": ("tune-or-prompt-memo.md", "text/markdown; charset=utf-8"),
    "html": ("tune-or-prompt-memo.html", "text/html; charset=utf-8"),
    "json": ("tune-or-prompt-memo.json", "application/json"),
    "madr": ("tune-or-prompt-decision.md", "text/markdown; charset=utf-8"),
}


def advise_command(setup: ServeSetup, fmt: MemoFormat) -> str:
    """Return the ``advise`` command that writes the same memo from the downloaded answers file."""
    from tune_or_prompt.printable import shell_join

    parts = ["tune-or-prompt", "advise", "--answers", ANSWERS_NAME]
    for path in setup.rules:
        parts += ["--rules", str(path)]
    if setup.no_builtin_rules:
        parts.append("--no-builtin-rules")
    if setup.templates is not None:
        parts += ["--templates", str(setup.templates)]
    parts += ["--format", fmt]
    return shell_join(parts)


def answers_file(setup: ServeSetup, values: Mapping[str, Any]) -> str:
    """Return the answers file of ``values``: each answer under its question, as the terminal saves it."""
    from tune_or_prompt.questionnaire import answers_text

    # Questions left empty on purpose are optional ones: nothing is still to be asked.
    pending = sum(1 for s in setup.questionnaire.missing(values) if not s.optional)
    return answers_text(setup.questionnaire, values, command=advise_command(setup, "md"), pending=pending)


def memo_text(setup: ServeSetup, values: Mapping[str, Any], fmt: MemoFormat) -> str:
    """Return the memo of ``values`` in ``fmt``, as ``advise --answers`` writes it to standard output.

    Raises:
        UserError: an answer is missing or refused, or a house template fails.

    """
    from tune_or_prompt.advice import YOUR_ANSWER
    from tune_or_prompt.answers_io import answers_from_values, parse_answers
    from tune_or_prompt.memo import render
    from tune_or_prompt.pipeline import build_advice
    from tune_or_prompt.questionnaire import gather
    from tune_or_prompt.tco.analyses import DEFAULT_DRAWS

    given = parse_answers(answers_file(setup, values), ANSWERS_NAME, setup.ruleset)
    gathered = gather(setup.questionnaire, given, interactive=False,
                      why_not_interactive="the form left them empty")
    built, house = answers_from_values(gathered.values, setup.ruleset)
    advice = build_advice(
        built, house, assumptions=setup.assumptions, catalogue=setup.catalogue, ruleset=setup.ruleset,
        command=advise_command(setup, fmt), whatif_grid=fmt == "html", uncertainty_draws=DEFAULT_DRAWS,
        random_seed=0, sensitivity=True,
        answered={k: YOUR_ANSWER for k in gathered.values if k not in gathered.defaulted},
    )
    return render(advice, fmt, templates=setup.templates)


def save_answers_file(setup: ServeSetup, values: Mapping[str, Any]) -> Path | None:
    """Record the answers in ``--save-answers`` (atomically), if the server was given one; return it."""
    from tune_or_prompt.outfile import atomic_write

    if setup.save_to is None:
        return None
    atomic_write(setup.save_to, answers_file(setup, values))
    return setup.save_to
