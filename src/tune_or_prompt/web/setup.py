"""What ``serve`` loads once at start: the rule packs, the questions, prices, templates and start answers.

The browser never names a file: rule packs and templates come only from the
folders given on the command line, read here before the first request.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tune_or_prompt.errors import UserError

if TYPE_CHECKING:
    from tune_or_prompt.pricing import Catalogue
    from tune_or_prompt.questionnaire import Questionnaire
    from tune_or_prompt.rules import RuleSet
    from tune_or_prompt.tco import Assumptions

# Uncertainty draws of the live preview: enough for a stable confidence, few
# enough that a preview takes tens of milliseconds. The memo uses advise's count.
PREVIEW_DRAWS = 100


@dataclass(frozen=True)
class ServeSetup:
    """Everything a request may use, loaded before the server starts.

    Attributes:
        questionnaire: The built-in questions plus the house packs' questions.
        ruleset: The rule packs in effect.
        catalogue: API prices.
        assumptions: The cost assumptions (the defaults).
        rules: The ``--rules`` paths, as given (the memo's command repeats them).
        no_builtin_rules: ``--no-builtin-rules`` was given.
        templates: The ``--templates`` folder, if any.
        start_values: The answers of ``--answers FILE`` (the form starts from them).
        save_to: Where finishing records the answers (``--save-answers``), if anywhere.
        token: The secret every request must carry (None: loopback only, no token).
        preview_draws: Uncertainty draws of a preview.

    """

    questionnaire: Questionnaire
    ruleset: RuleSet
    catalogue: Catalogue
    assumptions: Assumptions
    rules: tuple[Path, ...] = ()
    no_builtin_rules: bool = False
    templates: Path | None = None
    start_values: dict[str, Any] = field(default_factory=dict)
    save_to: Path | None = None
    token: str | None = None
    preview_draws: int = PREVIEW_DRAWS


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address or ``localhost`` (no token needed there)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def load_setup(
    *,
    rules: list[Path],
    no_builtin_rules: bool = False,
    templates: Path | None = None,
    answers: Path | None = None,
    save_to: Path | None = None,
    host: str = "127.0.0.1",
    token: str | None = None,
) -> ServeSetup:
    """Load the packs, questions, prices and start answers; make a token unless ``host`` is loopback.

    Raises:
        UserError: a bad rule pack, template folder or answers file, or a
            ``--save-answers`` folder that does not exist.

    """
    from tune_or_prompt.answers_io import load_answers_file, split_assumptions
    from tune_or_prompt.memo import make_environment
    from tune_or_prompt.pricing import load_catalogue
    from tune_or_prompt.questionnaire import Questionnaire
    from tune_or_prompt.rules import load_packs
    from tune_or_prompt.tco.assumptions_io import build_assumptions

    if templates is not None:
        make_environment(templates)  # a missing folder fails now, not at the first memo
    if save_to is not None and not save_to.parent.is_dir():
        raise UserError(f"--save-answers {save_to}: directory {save_to.parent} does not exist")
    ruleset = load_packs(rules, builtin=not no_builtin_rules)
    # The file's cost assumptions (the paths compared, the start month) price every memo the form makes.
    start, costs = split_assumptions(load_answers_file(answers, ruleset) if answers is not None else {})
    if not is_loopback(host) and token is None:
        token = secrets.token_urlsafe(24)
    return ServeSetup(
        questionnaire=Questionnaire.build(ruleset),
        ruleset=ruleset,
        catalogue=load_catalogue([]),
        assumptions=build_assumptions(costs, {}),
        rules=tuple(rules),
        no_builtin_rules=no_builtin_rules,
        templates=templates,
        start_values=start,
        save_to=save_to,
        token=token,
    )
