"""The memo's Inputs table says where each answer came from, and on premise no API model appears.

An answer the user typed, put in a file or gave with ``--set`` is "your
answer"; one measured from usage logs cites the log, as its Assumptions row
does; only a default cites the question's own source (the article's worked
example, for most). On premise, where prompting runs on an open model, the
API-model question does not apply: it is neither an input nor an assumption,
and the distilled examples are written by that open model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

LOGS = Path(__file__).parent.parent / "assets" / "logs" / "litellm_spendlogs.csv"
FAST = ("--draws", "0", "--no-sensitivity")
RunCli = Callable[..., tuple[int, str, str]]


def inputs(memo: str) -> dict[str, str]:
    """The Inputs table's Source cell by answer name, with a cited number replaced by its source's text."""
    table = memo.split("## Inputs", 1)[1].split("\n\n", 2)[1]
    sources = memo.split("## Sources", 1)[1]
    out = {}
    for line in table.splitlines()[2:]:
        name = re.search(r"\(`(\w+)`\)", line)
        assert name is not None, line
        cell = line.rstrip(" |").rsplit("| ", 1)[1]
        number = re.fullmatch(r"\[(\d+)\]", cell)
        if number:
            cell = next(s for s in sources.splitlines() if s.startswith(f"{number.group(1)}. "))
        out[name.group(1)] = cell
    return out


def test_answers_the_user_gave_are_not_cited_to_the_article(run_cli: RunCli, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("workload: triage\nqueries_per_month: 7000\n")
    code, memo, err = run_cli("advise", "--answers", str(answers), "--set", "input_tokens=900", "--defaults", *FAST)
    assert code == 0, err
    rows = inputs(memo)
    assert rows["workload"] == rows["queries_per_month"] == rows["input_tokens"] == "your answer"
    assert "Total Cost of Ownership Analysis" in rows["output_tokens"]  # a default: the article's example
    assert "Total Cost of Ownership Analysis" in rows["horizon_months"]


def test_answers_measured_from_logs_cite_the_log(run_cli: RunCli) -> None:
    code, memo, err = run_cli("advise", "--from-logs", str(LOGS), "--set", "input_tokens=900", "--defaults", *FAST)
    assert code == 0, err
    rows = inputs(memo)
    for name in ("queries_per_month", "output_tokens", "growth_pct_per_month", "api_model"):
        assert "measured from litellm\\_spendlogs.csv, 2024-06-03 09:15 to 2024-06-05 14:45" in rows[name], name
    assert rows["input_tokens"] == "your answer"  # --set wins over the log
    assert "Total Cost of Ownership Analysis" in rows["workload"]


def test_on_premise_names_no_api_model(run_cli: RunCli) -> None:
    code, memo, err = run_cli("advise", "--set", "privacy=on_premise", "--defaults", "--no-input",
                              "--pe-open-model-size", "70b", *FAST)
    assert code == 0, err
    assert "api_model" not in inputs(memo)
    assert "| `api_model`" not in memo.split("## Assumptions", 1)[1]
    # The open model prompting runs on (pe_open_model_size 70b) writes the distilled examples.
    assert "Its training data is distilled: Llama-3.3-70B-Instruct writes the examples" in memo
    assert "gpt-4o-mini writes" not in memo


def test_in_the_cloud_the_api_model_is_an_input(run_cli: RunCli) -> None:
    code, memo, err = run_cli("advise", "--defaults", "--no-input", *FAST)
    assert code == 0, err
    assert re.match(r"\d+\. ", inputs(memo)["api_model"])  # a default, cited to its source
    assert "| `api_model`" in memo.split("## Assumptions", 1)[1]
