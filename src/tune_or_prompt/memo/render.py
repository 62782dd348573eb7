"""Render an Advice as a Markdown, HTML or JSON memo (or a MADR decision record), and write it safely.

One entry point per job: :func:`render` returns the memo as text (a library
user's call), :func:`write_memo` renders and writes it the way the ``advise``
command needs: to stdout, or atomically to a file, with the Markdown memo's
chart as an SVG file beside it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import quote

from tune_or_prompt.advice import Advice
from tune_or_prompt.checks import require_finite
from tune_or_prompt.memo.environment import make_environment, render_template
from tune_or_prompt.memo.view import MemoView, build_view
from tune_or_prompt.outfile import OutputFile, short_name, write_together, writes_in_place
from tune_or_prompt.printable import json_visible

Format = Literal["md", "html", "json", "madr"]
FORMATS: tuple[str, ...] = get_args(Format)


def render(advice: Advice, fmt: Format, *, templates: Path | None = None,
           chart_href: str | None = None) -> str:
    """Return the memo of ``advice`` in ``fmt``.

    Args:
        advice: What the memo reports.
        fmt: ``md``, ``html`` (one self-contained file with the chart inline),
            ``json`` (the whole Advice, for scripts) or ``madr`` (the decision
            as a Markdown Architecture Decision Record, without the chart).
        templates: A house template directory searched before the built-ins.
        chart_href: Markdown only: the relative link of the chart SVG file;
            ``None`` leaves the chart out with a note saying how to get it.

    Raises:
        UserError: a figure of ``advice`` is not finite (no memo prints ``$inf``),
            or a house template is broken or passes the sandbox's bounds.

    """
    require_finite(advice, "memo")
    if fmt == "json":
        return json_visible(advice.model_dump_json(indent=2)) + "\n"
    if fmt == "html":
        from tune_or_prompt.memo.chart import cumulative_cost_svg

        view = build_view(advice, chart_svg=cumulative_cost_svg(advice.tco))
    elif fmt == "md":
        view = build_view(advice, chart_href=chart_href)
    elif fmt == "madr":
        view = build_view(advice)
    else:
        raise ValueError(f"unknown memo format {fmt!r}; choose one of {', '.join(FORMATS)}")
    env = make_environment(templates)
    name = "madr.md.j2" if fmt == "madr" else f"memo.{fmt}.j2"
    return render_template(env, name, template_context(advice, view))


def template_context(advice: Advice, view: MemoView) -> dict[str, Any]:
    """Return what a memo template sees: the Advice and its view as plain, read-only data.

    Built-in and house templates alike get mappings, lists, strings, numbers
    and dates, never a model: a model's methods would be callable from the
    template (see :mod:`~tune_or_prompt.memo.data`).
    """
    from tune_or_prompt.memo.data import plain

    return {"advice": plain(advice), "memo": plain(view)}


def chart_path(output: Path) -> Path:
    """Where a Markdown memo's chart goes: ``memo.md`` -> ``memo.chart.svg``, same directory.

    A memo name so long that the chart's would pass the file system's limit
    gives a chart name cut short with a digest of the memo's (see
    :func:`~tune_or_prompt.outfile.short_name`).
    """
    return output.with_name(short_name(output.stem, ".chart.svg"))


def write_memo(advice: Advice, fmt: Format, output: Path | None,
               templates: Path | None = None) -> list[Path]:
    """Render the memo and write it to ``output`` (stdout when ``None``); return the files written.

    Everything is rendered before anything is written, and the memo and its
    chart are replaced together (:func:`~tune_or_prompt.outfile.write_together`),
    so a failure at any point (a full disk) leaves the earlier memo and chart
    as they were, still a matching pair. A memo
    written to a device or pipe (``-o /dev/stdout``) has no chart, as on
    standard output: there is no folder to put one beside it.
    """
    if output is None:
        text = render(advice, fmt, templates=templates)
        sys.stdout.write(text)
        return []
    files: list[tuple[OutputFile, str]] = []
    if fmt == "md" and not writes_in_place(output):
        from tune_or_prompt.memo.chart import cumulative_cost_svg

        chart = chart_path(output)
        files.append((OutputFile(chart), cumulative_cost_svg(advice.tco) + "\n"))
        text = render(advice, fmt, templates=templates, chart_href=quote(chart.name))
    else:
        text = render(advice, fmt, templates=templates)
    files.append((OutputFile(output), text))
    write_together(files)
    return [target.path for target, _ in files]
