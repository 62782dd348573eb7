"""Rewrite the golden outputs from the program as it is now.

Run after a deliberate change of the figures or the memo, from the project root:

    python -m tests.golden.regenerate

then read ``git diff tests/golden/outputs`` before committing: every changed
line must be one the change meant to change.
"""

from __future__ import annotations

import gzip

from tests.golden.cases import CATALOGUE_FILE, OUTPUTS, cases, catalogue_version, run, write_inputs


def main() -> None:
    """Write every case's output as ``outputs/NAME.gz`` (gzip without a timestamp, so unchanged files stay equal)."""
    write_inputs()
    OUTPUTS.mkdir(exist_ok=True)
    for name, args in cases().items():
        data = run(args).encode()
        (OUTPUTS / f"{name}.gz").write_bytes(gzip.compress(data, mtime=0))
        print(f"{name}: {len(data):,} bytes")
    CATALOGUE_FILE.write_text(catalogue_version() + "\n")


if __name__ == "__main__":
    main()
