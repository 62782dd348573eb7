"""Standard input, read only when asked: `-` for --answers, --assumptions and --prices, once a run, within the cap."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

TIMEOUT = 120


def _run(tmp: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "tune_or_prompt", *args], cwd=tmp, input=stdin,
                          capture_output=True, timeout=TIMEOUT)


def test_answers_from_standard_input_decide_as_the_same_file(tmp_path: Path) -> None:
    answers = b"queries_per_month: 6000000\naccuracy_target_pct: 97\n"
    (tmp_path / "answers.yaml").write_bytes(answers)
    piped = _run(tmp_path, "decide", "--answers", "-", "--draws", "0", "--format", "json", stdin=answers)
    filed = _run(tmp_path, "decide", "--answers", "answers.yaml", "--draws", "0", "--format", "json")
    assert piped.returncode == filed.returncode == 0, piped.stderr
    assert json.loads(piped.stdout) == json.loads(filed.stdout)
    assert json.loads(piped.stdout)["verdict"] == "prompt_engineering_first"


def test_assumptions_from_standard_input(tmp_path: Path) -> None:
    done = _run(tmp_path, "tco", "--assumptions", "-", "--format", "json",
                stdin=b"engineer_rate_usd_per_hour: 100\n")
    assert done.returncode == 0, done.stderr
    rows = {r["name"]: r for r in json.loads(done.stdout)["assumptions"]}
    assert rows["engineer_rate_usd_per_hour"]["value"] == 100


def test_bad_yaml_on_standard_input_is_named_stdin_with_its_position(tmp_path: Path) -> None:
    done = _run(tmp_path, "decide", "--answers", "-", stdin=b"queries_per_month: [1,\n")
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().startswith("tune-or-prompt: error: <stdin>:2:1: invalid YAML")
    assert b"Traceback" not in done.stderr


def test_standard_input_is_read_within_the_files_cap(tmp_path: Path) -> None:
    done = _run(tmp_path, "decide", "--answers", "-", stdin=b"#" * 300_000)
    assert done.returncode == 2
    assert b"<stdin>: cannot read answers file: larger than 256 KB" in done.stderr


def test_standard_input_is_read_once(tmp_path: Path) -> None:
    done = _run(tmp_path, "decide", "--answers", "-", "--assumptions", "-", "--draws", "0",
                stdin=b"queries_per_month: 1\n")
    assert done.returncode == 2
    assert b"standard input was already read as the answers file" in done.stderr


def test_batch_takes_no_price_file_from_standard_input(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("workload,queries_per_month\na,1000\n")
    done = _run(tmp_path, "batch", "p.csv", "--prices", "-", "-o", "out.csv", stdin=b"{}")
    assert done.returncode == 2 and not (tmp_path / "out.csv").exists()
    assert b"--prices -: batch reads its price files in every worker" in done.stderr


def test_the_regenerate_command_names_standard_input_as_it_was_given(tmp_path: Path) -> None:
    done = _run(tmp_path, "advise", "--answers", "-", "--defaults", "--draws", "0", "--no-sensitivity",
                "-o", "memo.md", stdin=b"queries_per_month: 200000\n")
    assert done.returncode == 0, done.stderr
    assert b"regenerate with: tune-or-prompt advise --answers - --defaults" in done.stderr


def test_a_file_called_stdin_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "<stdin>").write_text("queries_per_month: 6000000\naccuracy_target_pct: 97\n")
    done = _run(tmp_path, "decide", "--answers", "<stdin>", "--draws", "0", "--format", "json",
                stdin=b"queries_per_month: 1\n")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "prompt_engineering_first"
