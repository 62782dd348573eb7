"""The sandbox house templates render in: Jinja's own, with a budget for time and size.

Jinja's :class:`~jinja2.sandbox.SandboxedEnvironment` keeps a template away
from Python's internals, but not from spending without limit:
``{{ 9 ** (9 ** 9) }}`` computes for minutes, ``{{ 'a' * 10 ** 9 }}`` takes
gigabytes, and two nested ``range`` loops run for hours. This sandbox bounds
each kind of cost where it arises:

* **One operation's size.** ``*``, ``**``, ``+`` and ``%`` are intercepted
  (:meth:`BoundedSandbox.call_binop`), as are calls of methods that grow a
  string or a container (``center``, ``replace``, ``join``, ``extend``...),
  the filters that do (``center``, ``indent``, ``format``...) and
  ``str.format``: a result may hold at most :data:`~.bounds.MAX_ITEMS` characters or
  items, an integer at most :data:`~.bounds.MAX_INT_BITS` bits, a format spec a width
  of :data:`~tune_or_prompt.checks.MAX_FORMAT_WIDTH`. What a call or a
  filter returns is checked too, and a namespace attribute may not grow past
  the same size.
* **What a value holds.** Every list, tuple and dict a template builds (a
  literal, an operator's or a call's result, a namespace attribute) may
  *weigh* at most :data:`~.bounds.MAX_ITEMS` (:mod:`.weight`: about its printed
  length, each element counted as often as it appears), so
  ``[[0] * 100000] * 100000`` is refused when it is built, before ``sum``,
  ``join``, ``~``, ``tojson`` or a comparison could spend minutes inside C
  code, where the CPU timer cannot stop them. The operations that can make
  a result much larger than their inputs are predicted before they run:
  ``join`` (a long separator), ``format`` and ``%`` (many fields),
  ``tojson`` (a large indent), ``pprint``, ``batch`` (a large fill),
  ``sum`` over lists (quadratic copying). Filters that return iterators
  (``map``, ``select``...) return lists, built within the bound. Text built
  by a macro, a ``{% set %}`` block or a ``{% filter %}`` block may be at
  most :data:`MAX_OUTPUT` characters, checked before it is joined.
  ``str.translate``, ``str.maketrans`` and ``int.to_bytes`` are not
  available.
* **Loops.** All ``range()`` calls of one render may yield at most
  :data:`MAX_RANGE_ITEMS` numbers.
* **Time.** A render may use :data:`CPU_SECONDS` of CPU time (a timer signal,
  in the main thread; elsewhere the other bounds still hold).
* **Output.** The memo may be at most :data:`MAX_OUTPUT` characters.

Passing any bound is a :class:`~jinja2.exceptions.SecurityError`, which the
memo reports as a broken template with its ``file:line``. The built-in
templates render well within every bound.
"""

from __future__ import annotations

import signal
import string
import threading
import types
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace

from tune_or_prompt.checks import check_format_spec
from tune_or_prompt.memo.bounds import (
    MAX_ITEMS,
    UNAVAILABLE,
    bounded_filter,
    check_fields,
    check_size,
    method_growth,
    predict_binop,
    too_big,
    weight_of,
)

MAX_RANGE_ITEMS = 1_000_000
MAX_OUTPUT = 16 * 1024 * 1024
CPU_SECONDS = 5.0


class _Budget:
    """What one render has spent of the loop budget."""

    def __init__(self) -> None:
        self.range_items = 0


class _BoundedNamespace(Namespace):
    """``namespace()`` whose attributes cannot grow past the size bound across loop iterations."""

    def __setitem__(self, name: str, value: Any) -> None:
        super().__setitem__(name, check_size(value, f"namespace attribute {name}"))


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles list, tuple and dict literals and ``~`` so the sandbox weighs them (see the module's docstring)."""

    def _checked(self, visit: Callable[[Any, Frame], None], node: Any, frame: Frame) -> None:
        self.write("environment.checked_literal(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        """Compile a list literal, weighed when built."""
        self._checked(super().visit_List, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        """Compile a dict literal, weighed when built."""
        self._checked(super().visit_Dict, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        """Compile a tuple literal, weighed when built (a tuple being assigned to is left alone)."""
        if node.ctx == "load":
            self._checked(super().visit_Tuple, node, frame)
        else:
            super().visit_Tuple(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        """Compile ``a ~ b``: what the parts weigh is checked before they are turned into text."""
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"{func_name}(environment.checked_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write(")))")


def _bounded_concat(parts: Iterable[str]) -> str:
    """Join a macro's or a block's text, refusing it before it is built when it passes :data:`MAX_OUTPUT`."""
    pieces = list(parts)
    if sum(map(len, pieces)) > MAX_OUTPUT:
        raise too_big(f"a macro or block of more than {MAX_OUTPUT:,} characters")
    return "".join(pieces)


class BoundedSandbox(SandboxedEnvironment):
    """A sandboxed environment with bounds on time and size (see the module's docstring)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedCodeGenerator
    concat = staticmethod(_bounded_concat)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Create the environment; its ``range`` and ``namespace`` are the bounded ones."""
        super().__init__(*args, **kwargs)
        self.budget = _Budget()
        self.globals["range"] = self._range
        self.globals["namespace"] = _BoundedNamespace
        # lipsum(n) writes n paragraphs of filler; a memo has no use for it.
        self.globals.pop("lipsum", None)

    def bound_filters(self) -> None:
        """Wrap every filter (call after adding the memo's own)."""
        self.filters = {name: bounded_filter(name, f) for name, f in self.filters.items()}

    @staticmethod
    def checked_literal(value: Any) -> Any:
        """Return a list, tuple or dict literal's value once it is known to weigh within the bound."""
        weight_of(value, "a literal")
        return value

    @staticmethod
    def checked_concat(parts: tuple[Any, ...]) -> tuple[Any, ...]:
        """Return the parts of ``a ~ b`` once they are known to weigh within the bound."""
        weight_of(parts, "text joined with ~")
        return parts

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Refuse what Jinja's sandbox refuses, and the methods in :data:`UNAVAILABLE`."""
        return attr not in UNAVAILABLE and super().is_safe_attribute(obj, attr, value)

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        self.budget.range_items += len(numbers)
        if self.budget.range_items > MAX_RANGE_ITEMS:
            raise too_big(f"loops over range() of more than {MAX_RANGE_ITEMS:,} numbers in all")
        return numbers

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        """Compute an intercepted operator, refusing a result past the bounds."""
        predict_binop(operator, left, right)
        return check_size(super().call_binop(context, operator, left, right), f"operator {operator}")

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call something from a template, refusing a method call whose result would pass the bounds."""
        if isinstance(__obj, (types.BuiltinMethodType, types.MethodType)):
            owner = getattr(__obj, "__self__", None)
            if method_growth(owner, __obj.__name__, args) > MAX_ITEMS:
                raise too_big(f"{type(owner).__name__}.{__obj.__name__}()")
        return check_size(super().call(__context, __obj, *args, **kwargs), "a call")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Sandbox ``str.format`` as Jinja does, after checking each field's format spec."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template: str = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            fields = 0
            for _, name, spec, _ in string.Formatter().parse(template):
                if name is not None:
                    fields += 1
                if name is not None and spec:
                    if "{" in spec:
                        raise SecurityError("a format spec taken from the arguments is not allowed here")
                    try:
                        check_format_spec(spec)
                    except ValueError as exc:
                        raise SecurityError(str(exc)) from None
            check_fields(fields, len(template), [*args, *kwargs.values()], "str.format()")
            return wrapped(*args, **kwargs)

        return checked


class RenderTimeout(SecurityError):
    """A house template used more CPU time than a render may."""


@contextmanager
def cpu_budget(seconds: float = CPU_SECONDS) -> Iterator[None]:
    """Raise :class:`RenderTimeout` in the block once it has used ``seconds`` of CPU time.

    Only the main thread can take a signal; elsewhere the block runs without
    a time bound (the size and loop bounds still hold).
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise RenderTimeout(f"the template used more than {seconds:g} s of CPU time")

    previous = signal.signal(signal.SIGVTALRM, expired)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def render_bounded(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render ``template`` within the time and output bounds; a template's own errors propagate."""
    env = template.environment
    if isinstance(env, BoundedSandbox):
        env.budget = _Budget()
    parts: list[str] = []
    size = 0
    with cpu_budget():
        for part in template.generate(context):
            size += len(part)
            if size > MAX_OUTPUT:
                raise too_big(f"a memo of more than {MAX_OUTPUT:,} characters")
            parts.append(part)
    return "".join(parts)

