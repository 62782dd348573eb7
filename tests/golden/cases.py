"""The golden cases: the built-in example and 20 seeded random workloads, each run through four commands.

Every case is a command line; :func:`run` executes it in-process and returns
its standard output with the one line that changes by itself (the memo's
"generated on" date) made constant. ``regenerate.py`` writes the outputs under
``outputs/``; ``test_golden.py`` holds the program to them byte for byte.
"""

from __future__ import annotations

import contextlib
import csv
import io
import random
import re
from pathlib import Path

HERE = Path(__file__).parent
OUTPUTS = HERE / "outputs"
INPUTS = HERE / "inputs"
# The price catalogue's version the outputs were written with: another version (Python 3.10 installs an
# older genai-prices, which lacks newer models) prices other figures, so they compare only under this one.
CATALOGUE_FILE = OUTPUTS / "CATALOGUE"


def catalogue_version() -> str:
    """Return the installed genai-prices version, which sets every API price the outputs hold."""
    from tune_or_prompt.pricing.genai import genai_prices_version

    return genai_prices_version()

# Draws per decision for the random workloads (the example runs the default 10,000).
RANDOM_DRAWS = "300"
# Models on sale at the pinned clock below (claude-3-5-haiku was shut down on 2026-02-19).
_MODELS = ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "claude-haiku-4-5"]
# The day the default start month is read from, so a shutdown falls in the same month whenever this runs.
CLOCK = (2026, 12, 7)


def _workloads() -> list[tuple[dict[str, object], dict[str, str]]]:
    """Return (answers, assumption flags) of the 20 random workloads, always the same ones."""
    rnd = random.Random(21)
    found = []
    for _ in range(20):
        answers: dict[str, object] = {
            "queries_per_month": round(10 ** rnd.uniform(3, 8)),
            "input_tokens": rnd.choice([300, 1200, 2000, 4000]),
            "output_tokens": rnd.choice([100, 300, 500]),
            "growth_pct_per_month": rnd.choice([0, 0, 2, 5]),
            "horizon_months": rnd.choice([12, 24, 36, 48]),
            "api_model": rnd.choice(_MODELS),
            "privacy": rnd.choice(["cloud_ok"] * 3 + ["on_premise"]),
            "accuracy_target_pct": rnd.choice([85, 90, 97]),
            "requirements_change": rnd.choice(["weekly", "monthly", "rarely"]),
            "latency_critical": rnd.choice([True, False]),
            "production_data_months": rnd.choice([0, 6, 12]),
        }
        flags: dict[str, str] = {}
        if rnd.random() < 0.5:
            flags["--discount-rate-pct"] = str(rnd.choice([3, 8, 12]))
        if rnd.random() < 0.4:
            flags["--api-price-trend-pct-per-year"] = str(rnd.choice([-50, -20, 10]))
        if rnd.random() < 0.3:
            flags["--gpu-price-trend-pct-per-year"] = str(rnd.choice([-30, 10]))
        if rnd.random() < 0.3:
            flags["--model-size"] = rnd.choice(["3b", "14b", "70b"])
        if rnd.random() < 0.2:
            flags["--gpu-pricing"] = rnd.choice(["hyperscaler", "reserved_1y", "spot"])
        found.append((answers, flags))
    return found


def _yaml(answers: dict[str, object]) -> str:
    lines = []
    for key, value in answers.items():
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        lines.append(f"{key}: {text}")
    return "\n".join(lines) + "\n"


def write_inputs() -> None:
    """Write the answers files and the batch portfolio under ``inputs/``."""
    INPUTS.mkdir(exist_ok=True)
    rows = []
    for i, (answers, _) in enumerate(_workloads()):
        (INPUTS / f"w{i:02d}.yaml").write_text(_yaml(answers))
        rows.append({"workload": f"w{i:02d}", **{k: str(v).lower() if isinstance(v, bool) else str(v)
                                                 for k, v in answers.items()}})
    with (INPUTS / "portfolio.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([{"workload": "example"}, *rows])


def cases() -> dict[str, list[str]]:
    """Return every case: output file name -> command line."""
    found: dict[str, list[str]] = {
        "example.tco.json": ["tco", "--format", "json"],
        "example.decide.json": ["decide", "--format", "json"],
        "example.advise.md": ["advise", "--defaults", "--no-input", "--format", "md"],
        "example.advise.json": ["advise", "--defaults", "--no-input", "--format", "json"],
        "example.advise.html": ["advise", "--defaults", "--no-input", "--format", "html"],
        "example-discount8.advise.html": ["advise", "--defaults", "--no-input", "--format", "html",
                                          "--discount-rate-pct", "8"],
    }
    tco_keys = ("queries_per_month", "input_tokens", "output_tokens", "growth_pct_per_month", "api_model",
                "privacy")
    for i, (answers, flags) in enumerate(_workloads()):
        name = f"w{i:02d}"
        file = str(INPUTS / f"{name}.yaml")
        extra = [item for pair in flags.items() for item in pair]
        workload = [item for key in tco_keys for item in ("--" + key.replace("_", "-"), str(answers[key]))]
        workload += ["--months", str(answers["horizon_months"])]
        found[f"{name}.tco.json"] = ["tco", "--format", "json", *workload, *extra]
        found[f"{name}.decide.json"] = ["decide", "--format", "json", "--answers", file,
                                        "--draws", RANDOM_DRAWS, *extra]
        found[f"{name}.advise.md"] = ["advise", "--answers", file, "--defaults", "--no-input", "--format", "md",
                                      "--draws", RANDOM_DRAWS, *extra]
    portfolio = str(INPUTS / "portfolio.csv")
    found["portfolio.batch.csv"] = ["batch", portfolio]
    found["portfolio-discount8.batch.csv"] = ["batch", portfolio, "--discount-rate-pct", "8",
                                              "--api-price-trend-pct-per-year", "-20"]
    return found


_GENERATED = re.compile(r"(generated on )\d{4}-\d{2}-\d{2}")
_GENERATED_JSON = re.compile(r'("generated_on": ")\d{4}-\d{2}-\d{2}')


def run(args: list[str]) -> str:
    """Run one command line in-process; return its standard output, the generation date made constant."""
    from datetime import date

    from tune_or_prompt import advice
    from tune_or_prompt.cli import main
    from tune_or_prompt.pricing import lifecycle

    class _Pinned(date):
        """The memo's generation date is the pinned clock's too (the HTML memo prints it twice)."""

        @classmethod
        def today(cls) -> date:
            return date(*CLOCK)

    out, err = io.StringIO(), io.StringIO()
    code = 0
    clock, lifecycle.today = lifecycle.today, lambda: date(*CLOCK)
    calendar, advice.date = advice.date, _Pinned
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        finally:
            lifecycle.today = clock
            advice.date = calendar
    if code:
        raise RuntimeError(f"{' '.join(args)}: exit {code}: {err.getvalue()}")
    text = _GENERATED.sub(r"\g<1>YYYY-MM-DD", out.getvalue())
    text = _GENERATED_JSON.sub(r"\g<1>YYYY-MM-DD", text).replace(str(INPUTS), "INPUTS")
    return _same_engine(text)


def _same_engine(text: str) -> str:
    """Name the rules engine the same whichever runs: both fire the same rules (the differential test holds them)."""
    from markupsafe import escape

    from tune_or_prompt.rules import default_engine

    name = default_engine().name
    for form in {name, name.replace("_", "\\_"), str(escape(name))}:  # as text, in Markdown, in HTML
        text = text.replace(form, "RULES-ENGINE")
    return text
