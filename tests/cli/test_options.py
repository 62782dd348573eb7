"""Options declared with ``Annotated`` keep their names and help on every Python the project supports."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Annotated, Any

import typer

from tune_or_prompt.cli.options import with_assumption_flags


def _command(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Where to write.")] = None,
    *,
    assumption_flags: dict[str, Any],
) -> None:
    """A command with an optional annotated option."""


def test_an_option_defaulting_to_none_keeps_its_metadata() -> None:
    # Python 3.10's get_type_hints wraps a parameter defaulting to None in Optional[...],
    # which hid "-o" and the help of every such option from typer there (batch -o failed).
    wrapped = with_assumption_flags(_command)
    hint = wrapped.__annotations__["output"]
    assert typing.get_origin(hint) is Annotated
    (option,) = typing.get_args(hint)[1:]
    assert option.param_decls == ("-o",) and option.default == "--output" and option.help == "Where to write."


def test_batch_takes_dash_o(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src, out = tmp_path / "p.csv", tmp_path / "out.csv"
    src.write_text("workload\nA\n")
    code, _, err = run_cli("batch", str(src), "-o", str(out))
    assert code == 0, err
    assert out.read_text().startswith("row,workload,verdict,")
