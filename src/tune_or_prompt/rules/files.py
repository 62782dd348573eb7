"""Which files are rule packs: the built-in ones, a ``--rules`` file or folder, and their tests files.

A folder's packs are its ``*.yaml``, ``*.yml`` and ``*.json`` files by name,
except ``NAME.tests.yaml`` (or ``.yml``, ``.json``): that holds the test cases
of ``NAME.yaml`` beside it (``rules test``) and is no pack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from tune_or_prompt.errors import Problem, UserError
from tune_or_prompt.resources import builtin_dir
from tune_or_prompt.yamlfile import YamlDocument, load_yaml, validation_problems

M = TypeVar("M", bound=BaseModel)

PACK_SUFFIXES = (".yaml", ".yml", ".json")
TESTS_MARK = ".tests"


def discover(paths: Sequence[Path], builtin: bool) -> tuple[list[tuple[Path, bool]], list[Problem]]:
    """Return the pack files in load order, and a problem per path that is not a pack."""
    files: list[tuple[Path, bool]] = []
    if builtin:
        files += [(p, True) for p in builtin_pack_files()]
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = pack_files(path)
            if not found:
                problems.append(
                    Problem(f"{path}: no rule packs (*.yaml, *.yml, *.json) in this folder")
                )
            files += [(p, False) for p in found]
        elif path.is_file():
            files.append((path, False))
        else:
            problems.append(Problem(f"{path}: no such rule pack file or folder"))
    return files, problems


def pack_files(folder: Path) -> list[Path]:
    """Return the pack files of a folder, by name (tests files left out)."""
    return sorted(
        p for p in folder.iterdir()
        if p.suffix in PACK_SUFFIXES and p.is_file() and not is_tests_file(p)
    )


def is_tests_file(path: Path) -> bool:
    """Return whether ``path`` is a pack's tests file (``NAME.tests.yaml``), not a pack."""
    return path.suffix in PACK_SUFFIXES and Path(path.stem).suffix == TESTS_MARK


def tests_file_of(pack: Path) -> Path | None:
    """Return the tests file beside a pack (``NAME.tests.yaml``, ``.yml`` or ``.json``), if any."""
    for suffix in PACK_SUFFIXES:
        candidate = pack.with_name(f"{pack.stem}{TESTS_MARK}{suffix}")
        if candidate.is_file():
            return candidate
    return None


def builtin_pack_files() -> list[Path]:
    """Return the built-in pack files, in load order."""
    return pack_files(builtin_dir("rules"))


def read_model(
    path: Path,
    what: str,
    model: type[M],
    not_a_mapping: str,
    problems: list[Problem],
    load: Callable[[Path, str], YamlDocument] = load_yaml,
) -> tuple[YamlDocument, M] | None:
    """Parse a YAML mapping file (a pack or a tests file) with ``load`` and validate it with ``model``.

    Every problem goes to ``problems``, positioned; ``None`` when there is one.
    """
    try:
        doc = load(path, what)
    except UserError as exc:
        problems.extend(exc.problems or [Problem(exc.message)])
        return None
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), not_a_mapping))
        return None
    try:
        parsed = model.model_validate(doc.data)
    except ValidationError as exc:
        for problem in validation_problems(doc, exc, model):
            problem.message = problem.message.replace("Value error, ", "")
            problems.append(problem)
        return None
    return doc, parsed
