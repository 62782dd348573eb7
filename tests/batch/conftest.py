from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest

ASSETS = Path(__file__).parent.parent / "assets" / "batch"


def read_rows(path: Path) -> list[dict[str, str]]:
    """Read a result file (CSV or JSONL) as a list of dicts."""
    if path.suffix == ".csv":
        with path.open(newline="") as f:
            return list(csv.DictReader(f))
    return [json.loads(line) for line in path.read_text().splitlines()]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Write a varied portfolio: volumes over five orders of magnitude, growth, on-premise rows."""
    rnd = random.Random(seed)
    cols = ["workload", "queries_per_month", "input_tokens", "output_tokens", "growth_pct_per_month",
            "horizon_months", "api_model", "privacy", "accuracy_target_pct", "requirements_change",
            "latency_critical", "production_data_months"]
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for i in range(rows):
            w.writerow([f"w{i}", round(10 ** rnd.uniform(3, 8)), rnd.choice([300, 2000, 4000]),
                        rnd.choice([100, 500]), rnd.choice([0, 0, 2]), rnd.choice([12, 36, 48]),
                        rnd.choice(["gpt-4o-mini", "gpt-4o"]), rnd.choice(["cloud_ok"] * 3 + ["on_premise"]),
                        rnd.choice([85, 90, 97]), rnd.choice(["weekly", "rarely"]),
                        rnd.choice(["true", "false", ""]), rnd.choice([0, 12])])


@pytest.fixture
def assets() -> Path:
    return ASSETS
