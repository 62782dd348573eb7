"""Imports point downwards: no cycle between modules or packages, and the light commands stay light.

The import graph is read with :mod:`ast` from ``src/``: every ``import`` and
``from ... import`` of a project module, at the top of a module or inside a
function (a deferred import is still a dependency), except those under
``if TYPE_CHECKING:`` (never executed). A package is ``tune_or_prompt.X``;
a top-level module counts as its own package.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src"
ROOT = "tune_or_prompt"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for sub in node.body:
                hidden.update(id(n) for n in ast.walk(sub))
    return hidden


def _imports(path: Path, modules: set[str]) -> Iterator[str]:
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(), str(path))
    hidden = _type_checking_nodes(tree)
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # ``from package import module`` imports the module; ``from module import name`` the module.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] != ROOT:
                continue
            while target not in modules and "." in target:
                target = target.rpartition(".")[0]
            if target != name:
                yield target


def import_graph() -> dict[str, set[str]]:
    """Return project module -> the project modules it imports (at any depth of its code)."""
    paths = sorted(SRC.rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    graph = {_module_name(p): set(_imports(p, modules)) for p in paths}
    # Importing a.b.c runs a/__init__ and a/b/__init__ first.
    for name in list(graph):
        parts = name.split(".")
        for i in range(1, len(parts)):
            parent = ".".join(parts[:i])
            if parent in graph and parent != name:
                graph[name].add(parent)
    return graph


def package_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one cycle of ``graph`` as a path that ends where it starts, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_cycle_between_modules() -> None:
    graph = import_graph()
    # A package's __init__ importing its own submodules is how a package offers its API; the
    # submodules importing the package's __init__ back is the only edge dropped from this check.
    own = {m: {t for t in ts if not (m.startswith(t + ".") and t != ROOT)} for m, ts in graph.items()}
    cycle = find_cycle(own)
    assert cycle is None, " -> ".join(cycle or [])


def test_no_cycle_between_packages() -> None:
    graph: dict[str, set[str]] = {}
    for module, targets in import_graph().items():
        source = package_of(module)
        graph.setdefault(source, set()).update(package_of(t) for t in targets if package_of(t) != source)
    graph.pop(ROOT, None)
    for targets in graph.values():
        targets.discard(ROOT)
    cycle = find_cycle(graph)
    assert cycle is None, " -> ".join(cycle or [])


def test_the_graph_sees_imports() -> None:
    # The walk must find the edges it checks, or the tests above would pass on nothing.
    graph = import_graph()
    assert "tune_or_prompt.rules.loader" in graph["tune_or_prompt.rules"]
    assert "tune_or_prompt.tco.report" in graph["tune_or_prompt.pipeline"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def _loaded(code: str, env: dict[str, str] | None = None) -> set[str]:
    """Return the modules a fresh interpreter has loaded after running ``code``."""
    script = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)), file=sys.__stderr__)"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env={**os.environ, **(env or {})}, check=False)
    return set(run.stderr.split())


HEAVY = ("numpy", "duckdb", "jinja2")


def _heavy(loaded: set[str]) -> list[str]:
    return sorted(m for m in loaded if m.split(".")[0] in HEAVY or m.startswith("tune_or_prompt.tco"))


def test_help_loads_no_heavy_library() -> None:
    loaded = _loaded("import sys\nsys.argv = ['tune-or-prompt', '--help']\nfrom tune_or_prompt.cli import main\n"
                     "try:\n    main()\nexcept SystemExit:\n    pass")
    assert "tune_or_prompt.cli.tco_cmd" in loaded  # help lists every command, so it built them all
    assert _heavy(loaded) == []
    assert not any(m.split(".")[0] == "pydantic" for m in loaded)


@pytest.mark.parametrize("typed", ["tune-or-prompt ", "tune-or-prompt tco --disc", "tune-or-prompt advise --"])
def test_completion_loads_no_heavy_library(typed: str) -> None:
    env = {"_TUNE_OR_PROMPT_COMPLETE": "complete_bash", "COMP_WORDS": typed, "COMP_CWORD": str(len(typed.split()))}
    loaded = _loaded("import sys\nsys.argv = ['tune-or-prompt']\nfrom tune_or_prompt.cli import main\n"
                     "try:\n    main()\nexcept SystemExit:\n    pass", env)
    assert "tune_or_prompt.cli" in loaded
    assert _heavy(loaded) == []


def test_rules_load_no_cost_model() -> None:
    loaded = _loaded("import tune_or_prompt.rules")
    assert "tune_or_prompt.rules.loader" in loaded
    assert sorted(m for m in loaded if m.startswith(("tune_or_prompt.tco", "tune_or_prompt.pipeline"))) == []
    assert "numpy" not in loaded


def test_price_summary_builds_no_price_model() -> None:
    # The summary reads the cached index as plain figures; a ModelPrice is built only to show models.
    loaded = _loaded("import sys\nsys.argv = ['tune-or-prompt', 'prices']\nfrom tune_or_prompt.cli import main\n"
                     "try:\n    main()\nexcept SystemExit:\n    pass")
    assert "tune_or_prompt.cli.prices_cmd" in loaded
    assert "tune_or_prompt.pricing.model_price" not in loaded
    assert "tune_or_prompt.pricing.litellm" not in loaded


@pytest.mark.parametrize("command", [["rules", "list"], ["rules", "lint"], ["questions"]])
def test_listing_rules_parses_no_yaml_and_builds_no_decision(command: list[str], tmp_path: Path) -> None:
    # The second run reads the built-in packs from the cache the first one wrote, and nothing
    # that only lists or checks rules needs the decision models.
    code = (f"import sys\nsys.argv = ['tune-or-prompt', *{command!r}]\nfrom tune_or_prompt.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass")
    env = {"TUNE_OR_PROMPT_CACHE_DIR": str(tmp_path)}
    assert "ruamel.yaml" in _loaded(code, env)
    loaded = _loaded(code, env)
    assert "tune_or_prompt.rules.loader" in loaded
    assert "ruamel.yaml" not in loaded
    assert "tune_or_prompt.decision" not in loaded
