"""Derive ``serving_capacity.json`` from ``hardware.json`` by the roofline.

Run ``python -m tune_or_prompt.pricing.derive_capacity > serving_capacity.json``.

The shipped file is the output of this module; ``tests/pricing`` holds the two
equal, so an edit to a GPU's or a model's figures must be followed by a run
of this module.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from tune_or_prompt.pricing.roofline import ASSUMPTIONS_TEXT, CROSS_CHECK, GpuSpec, ModelSpec, serving_entry

_HERE = Path(__file__).parent


def derived() -> dict[str, Any]:
    """Return the content of ``serving_capacity.json`` derived from ``hardware.json``."""
    raw = json.loads((_HERE / "hardware.json").read_text(encoding="utf-8"))
    entries = []
    for m in raw["open_models"]:
        model = ModelSpec(m["params_b"], m["layers"], m["kv_heads"], m["head_dim"])
        for g in raw["gpus"]:
            gpu = GpuSpec(g["memory_gb"], g["bandwidth_gb_s"], g["bf16_tflops"], g["max_gpus_per_replica"])
            entries.append(serving_entry(g["id"], g["spec_source"], gpu, m["size"], m["source"], model))
    return {
        "_about": "Derived by tune_or_prompt.pricing.derive_capacity from hardware.json; do not edit by hand.",
        "source": f"tune-or-prompt estimate from the roofline: {ASSUMPTIONS_TEXT}; {CROSS_CHECK}",
        "as_of": "2026-12-01",
        "serving": entries,
    }


def main() -> None:
    """Print the derived file to standard output."""
    json.dump(derived(), sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
