"""The defaults of the uncertainty draws, in a module light enough for the command line to read.

The commands show them in their help; the analyses (:mod:`tune_or_prompt.tco`)
use them. Kept apart so that ``--help`` need not import the cost model.
"""

from __future__ import annotations

DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 0  # a fixed default: a memo regenerated from the same inputs shows the same figures
