"""Golden files: `tco`, `decide`, `advise` and `batch` print what they printed when the files were written.

The cases (:mod:`tests.golden.cases`) are the built-in example and 20 seeded
random workloads with random cost flags. A failure here means an output
changed. When the change is meant (new cost figures, a fixed bug, a memo
wording), regenerate the files from the project root and read the diff:

    python -m tests.golden.regenerate
    git diff --stat tests/golden/outputs
    zdiff <(git show HEAD:tests/golden/outputs/NAME.gz) tests/golden/outputs/NAME.gz
"""

from __future__ import annotations

import difflib
import gzip

import pytest

from tests.golden.cases import CATALOGUE_FILE, INPUTS, OUTPUTS, cases, catalogue_version, run


@pytest.mark.parametrize("name", sorted(cases()))
def test_output_unchanged(name: str) -> None:
    assert INPUTS.is_dir(), "inputs missing: python -m tests.golden.regenerate"
    written_with = CATALOGUE_FILE.read_text().strip()
    if catalogue_version() != written_with:
        pytest.skip(f"the outputs hold genai-prices {written_with}'s prices; {catalogue_version()} is installed")
    expected = gzip.decompress((OUTPUTS / f"{name}.gz").read_bytes()).decode()
    got = run(cases()[name])
    if got != expected:
        diff = difflib.unified_diff(expected.splitlines(), got.splitlines(), "golden", "now", lineterm="", n=1)
        shown = "\n".join(line[:300] for line in list(diff)[:40])
        pytest.fail(f"{name} changed (python -m tests.golden.regenerate if meant):\n{shown}")
