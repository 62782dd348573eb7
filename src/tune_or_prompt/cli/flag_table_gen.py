"""Write :mod:`tune_or_prompt.cli.flag_table` from the cost model's parameters.

The command line offers one flag per field of
:class:`~tune_or_prompt.tco.assumptions.Assumptions`. Reading the model to
build them would make every ``--help`` and every Tab of shell completion
import pydantic and the cost model, so the flags' descriptions are kept as a
small generated table instead; ``tests/cli/test_flag_table.py`` holds it equal
to the model. After changing a parameter, regenerate it from the project root:

    python -m tune_or_prompt.cli.flag_table_gen
"""

from __future__ import annotations

import json
import textwrap
import types
import typing
from pathlib import Path
from typing import Any, get_args, get_origin

TABLE = Path(__file__).with_name("flag_table.py")

_HEADER = '''"""The cost parameters' command-line flags: (field, kind, choices, help), one row per parameter.

Generated from :class:`~tune_or_prompt.tco.assumptions.Assumptions` by
``python -m tune_or_prompt.cli.flag_table_gen``; do not edit by hand
(``tests/cli/test_flag_table.py`` fails when it differs from the model).
``kind`` is float, int, str, choice (one of ``choices``) or file.
"""

from __future__ import annotations

FLAGS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
'''


# Parameters only an assumptions file can set (a mapping has no flag form).
FILE_ONLY = ("accuracy_by_path",)


def rows() -> list[tuple[str, str, tuple[str, ...], str]]:
    """Return the table's rows as the model defines them today."""
    from tune_or_prompt.tco.assumptions import Assumptions, field_meta

    found: list[tuple[str, str, tuple[str, ...], str]] = []
    for name, info in Assumptions.model_fields.items():
        if name in FILE_ONLY:
            continue
        if name == "traffic_profile":  # a list: read from a file (YAML or JSON), with positions in errors
            found.append((name, "file", (), "YAML or JSON file of 24 hourly traffic weights (hour 0 = midnight); "
                          "default: the built-in daytime profile."))
            continue
        ann: Any = info.annotation
        if get_origin(ann) in (typing.Union, types.UnionType):
            ann = next(a for a in get_args(ann) if a is not type(None))
        if get_origin(ann) is typing.Literal:
            kind, choices = "choice", tuple(str(c) for c in get_args(ann))
        else:
            kind, choices = ann.__name__, ()
        meta = field_meta(name)
        parts = [info.description or ""]
        if meta.get("unit"):
            parts.append(f"[{meta['unit']}]")
        parts.append(f"Default: {info.default if info.default is not None else 'from the catalogue'}.")
        found.append((name, kind, choices, " ".join(p for p in parts if p)))
    return found


def render() -> str:
    """Return the source of the table module."""
    lines = [_HEADER]
    for name, kind, choices, text in rows():
        options = ", ".join(json.dumps(c) for c in choices) + ("," if len(choices) == 1 else "")
        lines.append(f"    ({json.dumps(name)}, {json.dumps(kind)}, ({options})")
        chunks = textwrap.wrap(text, 100, drop_whitespace=False, break_on_hyphens=False)
        lines.extend(f",\n     {json.dumps(c)}" if i == 0 else f"\n     {json.dumps(c)}" for i, c in enumerate(chunks))
        lines.append("),\n")
    lines.append(")\n")
    return "".join(lines)


def main() -> None:
    """Rewrite the table module."""
    TABLE.write_text(render())
    print(f"wrote {TABLE}")


if __name__ == "__main__":
    main()
