"""Build :class:`Assumptions` from an assumptions file and explicit values.

Precedence, lowest first: the model's defaults, the ``--assumptions`` YAML
file, the few an answers file may set, then values given one by one
(command-line flags). A bad value names the parameter; a bad file names its
line and column, and a value found wrong only when the workload is priced (a
candidate no catalogue lists) names the file it came from.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ValidationError

from tune_or_prompt.errors import UserError
from tune_or_prompt.tco.assumptions import RENAMED, Assumptions, Workload
from tune_or_prompt.words import count
from tune_or_prompt.yamlfile import describe_error, load_mapping, load_yaml, suggest, validation_problems

M = TypeVar("M", bound=BaseModel)


def load_assumptions_file(path: Path) -> dict[str, Any]:
    """Return the parameter values of an assumptions file, validated.

    Raises:
        UserError: unreadable, not YAML, not a mapping, an unknown parameter or a bad value.

    """
    doc = load_mapping(path, "assumptions file", "parameter: value")
    try:
        Assumptions.model_validate(doc.data)
    except ValidationError as exc:
        problems = validation_problems(doc, exc, Assumptions)
        for problem, err in zip(problems, exc.errors(), strict=True):
            old = str(err["loc"][-1]) if err["type"] == "extra_forbidden" else ""
            if old in RENAMED:
                problem.help = f"{old} is now {RENAMED[old]}"
        raise UserError(f"{path}: {count(len(problems), 'error')} in assumptions file", problems) from None
    return dict(doc.data)


def load_traffic_profile(path: Path) -> list[float]:
    """Read a 24-hour traffic profile: a YAML or JSON list of 24 weights, or a mapping with ``traffic_profile``.

    Raises:
        UserError: unreadable, not a list of 24 finite non-negative numbers with a
            positive sum (with ``file:line:column`` of the offending item).

    """
    doc = load_yaml(path, "traffic profile")
    data, loc = doc.data, cast(tuple[str, ...], ())
    if isinstance(data, dict) and "traffic_profile" in data:
        data, loc = data["traffic_profile"], ("traffic_profile",)
    if not isinstance(data, list):
        raise UserError(f"{path}: a traffic profile is a list of 24 hourly weights (hour 0 = midnight)",
                        [doc.problem(loc, "expected a list of 24 numbers")])
    problems = []
    for i, w in enumerate(data):
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not math.isfinite(w) or w < 0:
            problems.append(doc.problem((*loc, i), f"hour {i}: a weight is a finite number, not negative (got {w!r})"))
    if problems:
        raise UserError(f"{path}: {len(problems)} error(s) in traffic profile", problems)
    if len(data) != 24:
        raise UserError(f"{path}: a traffic profile has 24 hourly weights, not {len(data)}",
                        [doc.problem(loc, f"expected 24 weights, found {len(data)}")])
    if sum(data) <= 0:
        raise UserError(f"{path}: a traffic profile needs at least one hour with traffic",
                        [doc.problem(loc, "every weight is 0")])
    return [float(w) for w in data]


def build_assumptions(
    file_values: Mapping[str, Any] | None = None, explicit: Mapping[str, Any] | None = None
) -> Assumptions:
    """Merge defaults < file < explicit values and validate.

    Raises:
        UserError: a value out of range or of the wrong type, naming the parameter.

    """
    merged = dict(file_values or {})
    merged.update({k: v for k, v in (explicit or {}).items() if v is not None})
    return validate_values(Assumptions, merged, "assumption")


def files_setting(
    files: list[tuple[Path | None, Mapping[str, Any]]], flags: Mapping[str, Any]
) -> dict[str, Path]:
    """Return, for each parameter a file sets and no flag overrides, the file its value comes from.

    ``files`` lists each file with the values it gives, lowest precedence first.
    """
    out: dict[str, Path] = {}
    for path, values in files:
        if path is not None:
            out.update({k: path for k in values if flags.get(k) is None})
    return out


@contextmanager
def naming_files(files: Mapping[str, Path]) -> Iterator[None]:
    """Point an error about a parameter (``name: ...``) at its line in the file that set it (``files_setting``).

    Some values are checked only when the workload is priced (the candidates
    name catalogue models); the error then says which file and line to fix.
    """
    try:
        yield
    except UserError as exc:
        name = exc.message.split(":", 1)[0]
        if name not in files or exc.problems:
            raise
        path = files[name]
        try:
            problem = load_mapping(path, "file", "key: value").problem((name,), exc.message)
        except UserError:  # changed since it was read: the file's name alone
            raise dataclasses.replace(exc, message=f"{path}: {exc.message}") from None
        raise dataclasses.replace(exc, message="", problems=[problem]) from None


def build_workload(values: Mapping[str, Any]) -> Workload:
    """Validate workload values (None means "use the default").

    Raises:
        UserError: a value out of range or of the wrong type, naming the parameter.

    """
    return validate_values(Workload, values, "workload")


def validate_values(model: type[M], values: Mapping[str, Any], what: str) -> M:
    """Validate ``values`` (None meaning "use the default") against ``model``.

    Raises:
        UserError: naming the first bad value, and how many more there are.

    """
    try:
        return model.model_validate({k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        msg = describe_error(first)
        if first["type"] == "extra_forbidden":
            old = str(first["loc"][-1])
            hint = f"{old} is now {RENAMED[old]}" if model is Assumptions and old in RENAMED else suggest(
                old, model.model_fields)
            msg = f"unknown {what} {old!r}" + (f"; {hint}" if hint else "")
        more = len(exc.errors()) - 1
        raise UserError(msg + (f" (and {more} more)" if more else "")) from None
