"""``rules init NAME``: a commented starter pack and its tests file, passing out of the box.

The starter shows each part of a pack once (a house question, a rule, a
blocking gate, an override left commented out) and its tests show each kind
of expectation, so a house edits a working example instead of starting from
the schema. Neither file ever replaces an existing one.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from tune_or_prompt.errors import UserError, clip
from tune_or_prompt.rules.schema import ID_HELP, ID_PATTERN

PACK = """\
# {name}: a house rule pack for tune-or-prompt.
#
#   tune-or-prompt rules lint {name}.yaml          static checks
#   tune-or-prompt rules test {name}.yaml          runs the cases in {name}.tests.yaml
#   tune-or-prompt rules explain --rules {name}.yaml --answers FILE
#   tune-or-prompt advise --rules {name}.yaml      use it
#
# Every key is in `tune-or-prompt rules schema`; `tune-or-prompt rules list
# --rules {name}.yaml` shows the rules in effect, the built-in ones included.
pack: {name}
description: House rules of our team (say in a sentence what this pack encodes).

# Extra questions. Each answer becomes a fact the rules can read; the ids are
# shared by every pack in effect, so keep them unique.
questions:
  - id: handles_personal_data
    prompt: Does the workload process personal data?
    type: bool                   # bool | int | float | str | choice
    default: false
  - id: security_review_passed
    prompt: Has security reviewed the data a model would be trained on?
    type: bool                   # no default: unanswered, the gate below is "unknown"

# Rules: a condition over the facts, the path it argues for, a strength and a
# reason. Facts: every question id (`tune-or-prompt questions` lists the
# built-in ones), monthly_tokens, daily_tokens and the computed costs
# (tco_cheaper, tco_cost_ratio, break_even_month, ...).
rules:
  - id: {name}-personal-data-in-house
    when:                        # all / any / not over comparisons:
      all:                       # eq ne lt lte gt gte in not_in exists
        - handles_personal_data: {{eq: true}}
        - monthly_tokens: {{gt: 1000000}}
    verdict: fine_tuning         # or prompt_engineering
    strength: strong             # required decides; strong, moderate, weak weigh 3, 2, 1
    because: >-
      Personal data must stay on machines we run; at {{monthly_tokens}} tokens a month
      a model we host ourselves is worth its upkeep.

# Validation steps. met_when makes a step a gate; a blocking gate that is not
# met turns a fine-tuning verdict into "prompt engineering first".
steps:
  - id: {name}-security-review
    path: fine_tuning
    title: Security review of the training data
    detail: Security signs off on the data the model would be trained on.
    met_when: {{security_review_passed: {{eq: true}}}}
    blocking: true

# Overrides replace or disable a rule or step of an earlier pack, by id:
# overrides:
#   - id: budget-below-5k
#     disable: true
"""

TESTS = """\
# Test cases of {name}.yaml: answers (the rest take their defaults) and what the
# decision must be. expect takes: verdict, fired, not_fired, gates
# ({{gate id: met | unmet | unknown}}) and confidence_at_least.
#
#   tune-or-prompt rules test {name}.yaml                            every case
#   tune-or-prompt rules test {name}.yaml -k gate                    cases named *gate*
#   tune-or-prompt rules test {name}.yaml --format junit -o rules.xml   for CI
#
# Each case runs through the whole pipeline, costs included, as
# `tune-or-prompt decide --answers` would.
tests:
  - name: the article's example handles no personal data
    answers: {{}}
    expect:
      verdict: prompt_engineering
      not_fired: [{name}-personal-data-in-house]

  - name: personal data at volume argues for fine-tuning
    answers: {{handles_personal_data: true}}
    expect:
      fired: [{name}-personal-data-in-house]
      gates: {{{name}-security-review: unknown}}

  - name: personal data at a small volume is not enough
    # 300 queries x 2,500 tokens = 750,000 tokens a month, under the 1M of the rule.
    answers: {{handles_personal_data: true, queries_per_month: 300}}
    expect:
      not_fired: [{name}-personal-data-in-house]

  - name: a passed security review meets the gate
    answers: {{handles_personal_data: true, security_review_passed: true}}
    expect:
      gates: {{{name}-security-review: met}}
"""


def starter_texts(name: str) -> tuple[str, str]:
    """Return the starter pack's text and its tests file's text for pack ``name``.

    Raises:
        UserError: ``name`` is not a valid pack name.

    """
    if not re.match(ID_PATTERN, name):
        raise UserError(f"pack name {name!r}: use {ID_HELP}, starting with a letter or a digit")
    return PACK.format(name=name), TESTS.format(name=name)


NAME_IN_TEMP = 64  # characters of a file's name kept in its temporary file's name


def create_new(path: Path, text: str) -> None:
    """Write ``text`` to a new file ``path`` in one step; never replace anything already there.

    The text goes to a temporary file beside it, which is then hard-linked to
    ``path``: the link fails if ``path`` exists (a file, a symlink, anything),
    and a reader never sees half a file.

    Raises:
        UserError: ``path`` exists or cannot be written.

    """
    # The temporary name stays short whatever the pack's name: a name that
    # fits the file system must not fail for its temporary file's sake.
    tmp = path.parent / f".{path.name[:NAME_IN_TEMP]}.{secrets.token_hex(6)}.tmp"
    try:
        with open(tmp, "x", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.link(tmp, path)
    except FileExistsError:
        raise UserError(f"{path} already exists; rules init never replaces a file") from None
    except OSError as exc:
        raise UserError(f"cannot write {clip(str(path))}: {exc.strerror or exc}") from None
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:  # never created (a read-only or vanished folder): nothing to clean up
            pass


def _name_max(folder: Path) -> int:
    """Return the longest file name, in bytes, ``folder``'s file system holds (255 where it cannot say)."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def init_pack(name: str, folder: Path) -> tuple[Path, Path]:
    """Write ``NAME.yaml`` and ``NAME.tests.yaml`` into ``folder``; return their paths.

    Raises:
        UserError: a bad name, a missing folder, or either file already there
            (then neither is written).

    """
    pack_text, tests_text = starter_texts(name)
    try:
        if not folder.is_dir():
            raise UserError(f"{folder}: no such folder")
        longest = _name_max(folder) - len(".tests.yaml")
        if len(name.encode()) > longest:
            raise UserError(
                f"pack name of {len(name)} characters: this folder's file names hold at most {longest} "
                "before '.tests.yaml' (nothing was written)"
            )
        pack, tests = folder / f"{name}.yaml", folder / f"{name}.tests.yaml"
        for path in (pack, tests):
            if os.path.lexists(path):
                raise UserError(f"{path} already exists; rules init never replaces a file (nothing was written)")
    except OSError as exc:  # a folder that cannot be searched, a path too long for the system
        raise UserError(f"cannot write into {clip(str(folder))}: {exc.strerror or exc}") from None
    create_new(pack, pack_text)
    try:
        create_new(tests, tests_text)
    except UserError:
        pack.unlink(missing_ok=True)
        raise
    return pack, tests
