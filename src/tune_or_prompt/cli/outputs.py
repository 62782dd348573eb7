"""Before any command runs: no output may replace one of its inputs, and no two outputs may share a file.

``workload log.csv -o log.csv`` would replace the log it has just read with
the answers; ``-o same.yaml --assumptions-out same.yaml`` would write both
results to one file, the second over the first. Rather than each command
checking its own options, :func:`guard` wraps every command of the app once:
it sorts the command's parsed parameters into outputs (the options in
:data:`OUTPUTS`, plus files an output brings along, such as a Markdown memo's
chart) and inputs (every other file or folder parameter, plus the files an
input brings along: a rule pack's ``NAME.tests.yaml``, a template folder's
templates), and hands
them to :func:`tune_or_prompt.outfile.check_outputs`, which refuses the run
with exit 2 before anything is read or written.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import typer

from tune_or_prompt.files import STDIN
from tune_or_prompt.outfile import check_outputs

# Parameters that name a file the command writes.
OUTPUTS = frozenset({"output", "assumptions_out", "save_answers", "template"})
# Parameters that name a folder the command writes into, not one it reads (``rules init --dir``).
NOT_INPUTS = frozenset({"folder"})
# An output that may be one input: an interactive run resuming its answers file records to it.
MAY_BE = {"save_answers": "answers"}
# Parameters naming rule packs: a pack brings its tests file, a folder its packs and tests files.
PACKS = frozenset({"rules", "paths"})
# Parameters naming a folder of memo templates: its templates and partials are read.
TEMPLATES = frozenset({"templates"})


def _paths(value: Any) -> Iterator[Path]:
    """Yield the files a parsed parameter names (typer hands file parameters over as ``Path``)."""
    values = value if isinstance(value, (list, tuple)) else [value]
    for v in values:
        if isinstance(v, Path) and v is not STDIN and str(v) != "-":
            yield v


def _pack_files(path: Path) -> Iterator[Path]:
    from tune_or_prompt.rules.files import PACK_SUFFIXES, tests_file_of

    try:
        if path.is_dir():
            yield from (p for p in path.iterdir() if p.suffix in PACK_SUFFIXES)
        elif path.suffix in PACK_SUFFIXES:
            tests = tests_file_of(path)
            if tests is not None:
                yield tests
    except OSError:
        return  # a folder that cannot be listed: the command reports it


def _template_files(folder: Path) -> Iterator[Path]:
    """Yield the house templates a memo may read: the folder's and its ``partials/`` folder's files."""
    for place in (folder, folder / "partials"):
        try:
            yield from (p for p in place.iterdir() if p.suffix in (".j2", ".css"))
        except OSError:
            continue  # no such folder, or one that cannot be listed: the command reports it


def _memo_chart(params: dict[str, Any]) -> Iterator[tuple[str, Path]]:
    """``advise -o memo.md`` also writes ``memo.chart.svg``."""
    output = params.get("output")
    if output is None:
        return
    from tune_or_prompt.commands.advise import memo_format
    from tune_or_prompt.memo.render import chart_path
    from tune_or_prompt.outfile import writes_in_place

    if memo_format(params.get("output_format"), Path(output)) == "md" and not writes_in_place(Path(output)):
        yield "--output's chart", chart_path(Path(output))


# Outputs a command writes beside the ones its options name, by command name.
BROUGHT_ALONG: dict[str, Callable[[dict[str, Any]], Iterator[tuple[str, Path]]]] = {"advise": _memo_chart}


def _option(param: Any) -> str:
    """How the command line names a parameter: its long option, or an argument's name."""
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    return opts[0] if opts else str(param.metavar or param.name.upper())


def check(command: Any, params: dict[str, Any]) -> None:
    """Refuse the run when an output of ``command`` is one of its inputs or another output."""
    names = {p.name: _option(p) for p in command.params}
    outputs: list[tuple[str, Path]] = []
    inputs: list[tuple[str, Path]] = []
    for name, value in params.items():
        if name in NOT_INPUTS or value is None:
            continue
        for path in _paths(value):
            if name in OUTPUTS:
                outputs.append((names.get(name, name), path))
            else:
                inputs.append((names.get(name, name), path))
                if name in PACKS:
                    inputs.extend((names.get(name, name), p) for p in _pack_files(path))
                if name in TEMPLATES:
                    inputs.extend((names.get(name, name), p) for p in _template_files(path))
    brought = BROUGHT_ALONG.get(command.name)
    if brought is not None:
        outputs.extend(brought(params))
    for output, input_ in MAY_BE.items():
        same = params.get(output) is not None and params.get(output) == params.get(input_)
        if same:
            inputs = [(o, p) for o, p in inputs if o != names.get(input_)]
    check_outputs(outputs, inputs)


def guard(command: Any) -> Any:
    """Wrap every command under ``command`` (a click group or command) with :func:`check`; return it."""
    for sub in getattr(command, "commands", {}).values():
        guard(sub)
    callback = getattr(command, "callback", None)
    if callback is not None and not getattr(callback, "_outputs_guarded", False) \
            and any(p.name in OUTPUTS for p in command.params):

        @functools.wraps(callback)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            check(command, kwargs)
            return callback(*args, **kwargs)

        guarded._outputs_guarded = True  # type: ignore[attr-defined]
        command.callback = guarded
    return command


def guarded_command(app: typer.Typer) -> Any:
    """Return the click command of ``app`` with every command guarded."""
    return guard(typer.main.get_command(app))
