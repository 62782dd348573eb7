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
  :class:`~jinja2.sandbox.SandboxedEnvironment`: a template cannot reach
  Python internals. The built-ins alone are trusted and render unsandboxed.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from tune_or_prompt import words
from tune_or_prompt.cache import ensure_cache_dir
from tune_or_prompt.errors import Location, UserError
from tune_or_prompt.memo import filters
from tune_or_prompt.resources import builtin_dir

DEFAULT_PREFIX = "default"


def make_environment(user_dir: Path | None = None) -> jinja2.Environment:
    """Return a template environment searching ``user_dir`` first, then the built-ins."""
    builtin = str(builtin_dir("templates"))
    search = [builtin] if user_dir is None else [str(user_dir), builtin]
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(search),
        jinja2.PrefixLoader({DEFAULT_PREFIX: jinja2.FileSystemLoader(builtin)}),
    ])
    cls = jinja2.Environment if user_dir is None else SandboxedEnvironment
    env = cls(
        loader=loader,
        bytecode_cache=_bytecode_cache() if user_dir is None else None,
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2", "svg.j2"),
                                            default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


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
    "count": words.count,
    "plural": words.plural,
    "lowerfirst": words.lower_first,
    "upperfirst": words.upper_first,
}


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render template ``name``; in a house environment, template errors become UserErrors.

    Errors in the built-ins alone are bugs and propagate unchanged, traceback
    and all; errors met while a house directory is in use are reported as
    ``file:line: message`` because the house can fix them.
    """
    house = isinstance(env, SandboxedEnvironment)
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as exc:
        if not house:
            raise
        raise UserError(f"memo template {exc.name!r} not found in the --templates directory "
                        "or the built-ins") from exc
    except jinja2.TemplateSyntaxError as exc:
        if not house:
            raise
        _fail(exc, exc.filename or exc.name or name, exc.lineno, exc.message or str(exc))
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError) as exc:
        # Runtime errors: Jinja rewrites the traceback so template frames carry
        # the template's file name and line; the innermost one is the culprit.
        if not house:
            raise
        filename, line = _template_frame(exc, env)
        _fail(exc, filename or name, line, str(exc))


def _fail(exc: Exception, filename: str, line: int | None, message: str) -> NoReturn:
    location = Location(filename, line)
    raise UserError(f"{location}: broken memo template: {message} ({type(exc).__name__})") from exc


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


