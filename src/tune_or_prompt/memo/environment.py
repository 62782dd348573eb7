"""The Jinja environment the memo renders in: search path, escaping, sandbox, filters.

Templates are found first in the house's ``--templates`` directory, then among
the built-ins, which also stay reachable as ``default/<name>`` so a house
template can ``{% extends "default/memo.html.j2" %}`` and replace one block
(the pdoc pattern). The environment is built by a function, never kept in a
mutable global, so two renders with different directories cannot interfere.

* Undefined names are errors (:class:`jinja2.StrictUndefined`): a missing
  figure must never print as a blank.
* HTML templates autoescape; Markdown templates escape user strings with the
  ``md`` filter instead.
* A house directory brings untrusted templates, so the environment becomes a
  :class:`~.sandbox.BoundedSandbox`: a template cannot reach Python
  internals, leave its folder through a link, or spend more than a budget of
  time and memory. The built-ins alone are trusted and render unsandboxed.
* Every printed value has its control characters escaped, so a workload
  name cannot move the terminal's cursor when the memo is shown.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from tune_or_prompt import words
from tune_or_prompt.cache import ensure_cache_dir
from tune_or_prompt.errors import Location, UserError, clip
from tune_or_prompt.files import read_text
from tune_or_prompt.memo import filters
from tune_or_prompt.memo.sandbox import BoundedSandbox, render_bounded
from tune_or_prompt.printable import visible
from tune_or_prompt.resources import builtin_dir

DEFAULT_PREFIX = "default"


def make_environment(user_dir: Path | None = None) -> jinja2.Environment:
    """Return a template environment searching ``user_dir`` first, then the built-ins.

    Raises:
        UserError: ``user_dir`` is not a folder.

    """
    builtin = str(builtin_dir("templates"))
    if user_dir is not None and not user_dir.is_dir():
        raise UserError(f"--templates {user_dir}: no such folder")
    search = [builtin] if user_dir is None else [str(user_dir), builtin]
    loader = jinja2.ChoiceLoader([
        ContainedLoader(search),
        jinja2.PrefixLoader({DEFAULT_PREFIX: ContainedLoader(builtin)}),
    ])
    cls = jinja2.Environment if user_dir is None else BoundedSandbox
    env = cls(
        loader=loader,
        bytecode_cache=_bytecode_cache() if user_dir is None else None,
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2", "svg.j2"),
                                            default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_visible,
    )
    env.filters.update(FILTERS)
    if isinstance(env, BoundedSandbox):
        env.bound_filters()
    return env


def _visible(value: Any) -> Any:
    """Escape control characters in every text a template prints (a workload name, a pack's reason)."""
    if isinstance(value, str):
        shown = visible(value)
        return value if shown is value else type(value)(shown)  # Markup stays Markup
    return value


class ContainedLoader(jinja2.FileSystemLoader):
    """A file-system loader that never leaves its folders, and reads templates as user files.

    A template may be a symbolic link, but after every link is resolved it
    must still lie inside the folder it was found in: a house folder holding
    ``up -> /`` must not let ``{% include "up/etc/hostname" %}`` put the
    host's files into a memo. A template must be a regular file within the
    size cap, and text that is not UTF-8 is reported with its line.
    """

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """Return the template's text, its file name and an up-to-date check."""
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = os.path.join(folder, *pieces)
            if os.path.isfile(filename):
                break
        else:
            raise jinja2.TemplateNotFound(template)
        real = os.path.realpath(filename)
        root = os.path.realpath(folder)
        if os.path.commonpath([real, root]) != root:
            raise UserError(f"{filename}: a template may not lead outside its folder {folder} "
                            f"(it resolves to {real})")
        text = read_text(Path(filename), "memo template")
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return text, os.path.normpath(filename), uptodate


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled built-in templates, kept between runs.

    Compiling the memo templates takes longer than rendering them; Jinja keys
    each cached entry on the template's source checksum, so an edited template
    recompiles. House templates are not cached: they render sandboxed.
    """
    folder = ensure_cache_dir("templates")
    return jinja2.FileSystemBytecodeCache(str(folder)) if folder is not None else None


FILTERS: dict[str, Callable[..., Any]] = {
    "usd": filters.usd,
    "num": filters.num,
    "pct": filters.pct,
    "value": filters.value,
    "qty": filters.qty,
    "fact": filters.fact,
    "md": filters.md,
    "label": filters.label,
    "codeblock": filters.codeblock,
    "inline_code": filters.inline_code,
    "count": words.count,
    "plural": words.plural,
    "lowerfirst": words.lower_first,
    "upperfirst": words.upper_first,
}


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render template ``name``; in a house environment, template errors become UserErrors.

    Errors in the built-ins alone are bugs and propagate unchanged, traceback
    and all; errors met while a house directory is in use are reported as
    ``file:line: message`` because the house can fix them: syntax errors,
    runtime errors of every kind (``1/0``, a macro calling itself, a
    template extending itself) and the sandbox's bounds
    (:mod:`~tune_or_prompt.memo.sandbox`).
    """
    house = isinstance(env, SandboxedEnvironment)
    if not house:
        return env.get_template(name).render(context)
    try:
        return render_bounded(env.get_template(name), context)
    except UserError:
        raise
    except jinja2.TemplateNotFound as exc:
        raise UserError(f"memo template {exc.name!r} not found in the --templates directory "
                        "or the built-ins") from exc
    except jinja2.TemplateSyntaxError as exc:
        _fail(exc, exc.filename or exc.name or name, exc.lineno, exc.message or str(exc))
    except (Exception, RecursionError) as exc:
        # Runtime errors: Jinja rewrites the traceback so template frames carry
        # the template's file name and line; the innermost one is the culprit.
        filename, line = _template_frame(exc, env)
        message = "it calls itself without end" if isinstance(exc, RecursionError) else str(exc)
        _fail(exc, filename or name, line, message)


def _fail(exc: BaseException, filename: str, line: int | None, message: str) -> NoReturn:
    location = Location(filename, line)
    raise UserError(f"{location}: broken memo template: {clip(message)} ({type(exc).__name__})") from None


def _template_frame(exc: BaseException, env: jinja2.Environment) -> tuple[str | None, int | None]:
    """Return the innermost traceback frame that lies in a template file."""
    roots = [Path(p).resolve() for p in _search_path(env)]
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.suffix == ".j2" or any(_inside(path, root) for root in roots):
            found = (frame.filename, frame.lineno)
    return found


def _search_path(env: jinja2.Environment) -> list[str]:
    loader = env.loader
    if isinstance(loader, jinja2.ChoiceLoader):
        for sub in loader.loaders:
            if isinstance(sub, jinja2.FileSystemLoader):
                return list(sub.searchpath)
    return []


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError):
        return False
    return True


