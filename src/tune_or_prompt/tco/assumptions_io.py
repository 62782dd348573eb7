"""Build :class:`Assumptions` from an assumptions file and explicit values.

Precedence, lowest first: the model's defaults, the ``--assumptions`` YAML
file, then values given one by one (command-line flags). A bad value names the
parameter; a bad file names its line and column.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from tune_or_prompt.errors import UserError
from tune_or_prompt.tco.assumptions import Assumptions, Workload
from tune_or_prompt.words import count
from tune_or_prompt.yamlfile import describe_error, load_mapping, suggest, validation_problems

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
        raise UserError(f"{path}: {count(len(problems), 'error')} in assumptions file", problems) from None
    return dict(doc.data)


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
            hint = suggest(str(first["loc"][-1]), model.model_fields)
            msg = f"unknown {what} {first['loc'][-1]!r}" + (f"; {hint}" if hint else "")
        more = len(exc.errors()) - 1
        raise UserError(msg + (f" (and {more} more)" if more else "")) from None
