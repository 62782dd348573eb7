"""Bad input of every kind fails cleanly: nothing breaks, nothing is lost, nothing hangs.

One table, :data:`CASES`, holds an input per row, by family: answers, packs,
templates, price files, batch files and flags (the output and signal families,
which need a process of their own, follow it). Every bad-input row checks:

* the exit code;
* exactly one ``tune-or-prompt: error:`` line, naming ``file:line`` (and a
  column where there is one) when the fault is in a file;
* no traceback;
* nothing on standard output, and every file of the run's folder as it was:
  an output file that existed before (``out.md``, ``out.csv``) is
  byte-identical afterwards, and no temporary file is left.

A row that once hung runs in a child process with a timeout, so a
regression fails the test instead of hanging the suite. To keep a newly found
bad input fixed, add a row (a fixture under ``tests/assets/robustness/``
where the input is a file).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tune_or_prompt.cli import main
from tune_or_prompt.errors import UserError
from tune_or_prompt.outfile import OutputFile

ASSETS = Path(__file__).parent / "assets" / "robustness"
EARLIER = b"an earlier result that must survive\n"
TIMEOUT = 120  # seconds for a child process; every case takes a few
QUICK = ("--no-input", "--defaults", "--draws", "0", "--no-sensitivity")


@dataclass(frozen=True)
class Case:
    """One input and what must come of it.

    Attributes:
        id: ``<family>-<what>``; the issue's item number where there is one.
        args: The command line; ``{assets}`` and ``{tmp}`` are filled in.
        exit: The exit code.
        error: A pattern the one error line must match (None: no error line).
        where: A pattern for the position the error line must start with.
        stdout: A pattern standard output must match (a run that succeeds).
        stderr: A pattern standard error must match besides the error line.
        setup: Builds generated inputs in the run's folder.
        child: Run in a child process with a timeout (inputs that once hung).
        timeout: The child's timeout in seconds, where the old slowness must fail the test.
        max_stderr: At most this many characters on standard error.

    """

    id: str
    args: tuple[str, ...]
    exit: int = 2
    error: str | None = None
    where: str | None = None
    stdout: str | None = None
    stderr: str | None = None
    setup: Callable[[Path], None] | None = field(default=None, compare=False)
    child: bool = False
    timeout: float = TIMEOUT
    max_stderr: int | None = None


# -- generated inputs (too large or too odd to keep as files) ----------------------------

def _deep_flow(tmp: Path) -> None:
    (tmp / "deep.yaml").write_text("workload: " + "[" * 10_000 + "]" * 10_000 + "\n")


def _deep_block(tmp: Path) -> None:
    (tmp / "deep.yaml").write_text("".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "x: 1\n")


def _comments(tmp: Path) -> None:
    (tmp / "big.yaml").write_text("# a comment line\n" * 20_000)  # 340 KB


def _long_workload(tmp: Path) -> None:
    (tmp / "long.yaml").write_text("workload: " + "x" * 200_000 + "\n")


def _fifo(name: str) -> Callable[[Path], None]:
    return lambda tmp: os.mkfifo(tmp / name)


def _many_questions(tmp: Path) -> None:
    questions = [{"id": f"q{i}", "prompt": "?", "type": "choice"} for i in range(300)]  # choices missing
    (tmp / "many.yaml").write_text(json.dumps({"pack": "many", "questions": questions}))


def _deep_pack(tmp: Path) -> None:
    when: dict[str, object] = {"monthly_tokens": {"gt": 1}}
    for _ in range(300):
        when = {"all": [when]}
    rule = {"id": "deep", "when": when, "verdict": "fine_tuning", "strength": "weak", "because": "x"}
    (tmp / "deep.json").write_text(json.dumps({"pack": "deep", "rules": [rule]}))


def _many_prices(tmp: Path) -> None:
    models = {f"m{i}": {"input_cost_per_token": 1e-7, "output_cost_per_token": 2e-7} for i in range(50_000)}
    models["m49999"]["output_cost_per_token"] = -1
    (tmp / "many.json").write_text(json.dumps(models, indent=2))


def _deep_prices(tmp: Path) -> None:
    (tmp / "deep.json").write_text("[" * 100_000 + "]" * 100_000)


def _deep_json_line(tmp: Path) -> None:
    (tmp / "deep.jsonl").write_text('{"workload": ' + "[" * 100_000 + "]" * 100_000 + '}\n{"workload": "ok"}\n')


def _bad_byte_late(tmp: Path) -> None:
    rows = [b"workload,queries_per_month"] + [b"w%d,%d" % (i, 1000 + i) for i in range(10_000)]
    (tmp / "late.csv").write_bytes(b"\n".join([*rows, b"caf\xe9,5", b"after,6"]) + b"\n")


def _escaping_template(tmp: Path) -> None:
    (tmp / "secret.txt").write_text("a credential\n")
    (tmp / "tpl").mkdir()
    (tmp / "tpl" / "up").symlink_to(tmp)
    (tmp / "tpl" / "memo.md.j2").write_text('{% include "up/secret.txt" %}\n')


def _log(tmp: Path) -> None:
    (tmp / "log.csv").write_bytes((ASSETS.parent / "logs" / "litellm_spendlogs.csv").read_bytes())


def _hard_link(tmp: Path) -> None:
    _log(tmp)
    os.link(tmp / "log.csv", tmp / "same-log.csv")


def _answers(tmp: Path) -> None:
    (tmp / "a.yaml").write_text("queries_per_month: 250000\n")


def _house_pack(tmp: Path) -> None:
    from tune_or_prompt.rules.starter import init_pack

    init_pack("house", tmp)


def _secret(tmp: Path) -> None:
    (tmp / "secret.txt").write_text('{"workload": "a credential nobody may print"}\n')


def _house_folder(tmp: Path) -> None:
    (tmp / "house").mkdir()
    (tmp / "house" / "memo.md.j2").write_text('{% extends "default/memo.md.j2" %}\n')


A = "{assets}"
LONG = "m" * 300


def _house(case_id: str, folder: str, error: str, line: int | str, *, child: bool = False) -> Case:
    """A house template folder of the assets that must fail with ``error`` at ``memo.md.j2:line``."""
    return Case(case_id, ("advise", *QUICK, "--templates", f"{A}/templates/{folder}", "-o", "out.md"),
                error=error, where=rf"{folder}/memo\.md\.j2:{line}", child=child)


CASES = [
    # -- answers ---------------------------------------------------------------------
    Case("answers-boolean-is-not-a-number-15", ("decide", "--answers", f"{A}/answers/bool_number.yaml"),
         error="expected a number, not true or false", where=r"bool_number\.yaml:1:1"),
    Case("answers-volume-beyond-range-14", ("advise", "--answers", f"{A}/answers/huge_volume.yaml", *QUICK,
                                            "-o", "out.md"),
         error="less than or equal to 1000000000000", where=r"huge_volume\.yaml:2:1"),
    Case("answers-exponent-numbers-reach-durable-rules-5", ("decide", "--answers",
                                                            f"{A}/answers/exponent_numbers.yaml"),
         exit=0, stdout="Verdict: PROMPT ENGINEERING"),
    Case("answers-control-characters-4", ("advise", "--answers", f"{A}/answers/control_chars.yaml", *QUICK,
                                          "-o", "out.md"),
         error=r"control character \\x1b is not allowed", where=r"control_chars\.yaml:1:1"),
    Case("answers-not-utf8", ("decide", "--answers", f"{A}/answers/not_utf8.yaml"),
         error=r"byte 0xe9 is not UTF-8", where=r"not_utf8\.yaml:1:14"),
    Case("answers-alias-bomb-8", ("advise", "--answers", f"{A}/answers/alias_bomb.yaml", *QUICK, "-o", "out.md"),
         error="more than 100,000 values", where=r"alias_bomb\.yaml:\d+:\d+", child=True),
    Case("answers-dev-zero-9", ("decide", "--answers", "/dev/zero"), error="not a regular file", child=True),
    Case("answers-fifo-9", ("advise", "--answers", "fifo.yaml", *QUICK, "-o", "out.md"),
         error="not a regular file", setup=_fifo("fifo.yaml"), child=True),
    Case("answers-over-size-cap-9", ("decide", "--answers", "big.yaml"), error="larger than 256 KB",
         setup=_comments),
    Case("answers-deep-flow-17", ("decide", "--answers", "deep.yaml"), error="nested more than 64 levels deep",
         where=r"deep\.yaml:1:\d+", setup=_deep_flow, child=True),
    Case("answers-deep-block-17", ("decide", "--answers", "deep.yaml"), error="nested too deeply",
         setup=_deep_block, child=True),
    Case("answers-long-line-quoted-short-24", ("decide", "--answers", "long.yaml"),
         error="at most 200 characters", where=r"long\.yaml:1:1", setup=_long_workload, max_stderr=2_000),
    Case("answers-start-month-not-a-month", ("decide", "--answers", f"{A}/answers/bad_start_month.yaml"),
         error=r"start_month: String should match pattern", where=r"bad_start_month\.yaml:2:1"),
    Case("answers-candidate-no-path", ("advise", "--answers", f"{A}/answers/unknown_candidate.yaml", *QUICK,
                                       "-o", "out.md"),
         error="candidates: nosuch-model names no prompting path", where=r"unknown_candidate\.yaml:2:1"),
    Case("answers-added-candidate-unknown", ("decide", "--answers", f"{A}/answers/unknown_added_candidate.yaml"),
         error="candidates: 'nosuch-model' is not a model", where=r"unknown_added_candidate\.yaml:1:1"),
    Case("answers-candidates-not-text", ("decide", "--answers", f"{A}/answers/candidates_as_list.yaml"),
         error="candidates: Input should be a valid string", where=r"candidates_as_list\.yaml:1:1"),
    Case("assumptions-candidate-unknown", ("tco", "--assumptions", f"{A}/assumptions/unknown_candidate.yaml"),
         error="candidates: nosuch-model names no prompting path",
         where=r"unknown_candidate\.yaml:2:1"),
    # -- packs -----------------------------------------------------------------------
    Case("packs-empty-all-6", ("rules", "check", f"{A}/packs/empty_all.yaml"), error="empty condition",
         where=r"empty_all\.yaml:4:\d+"),
    Case("packs-empty-any-6", ("decide", "--rules", f"{A}/packs/empty_any.yaml"), error="empty condition",
         where=r"empty_any\.yaml:4:\d+"),
    Case("packs-empty-not-6", ("rules", "check", f"{A}/packs/empty_not.yaml"), error="empty condition",
         where=r"empty_not\.yaml:5:\d+"),
    Case("packs-infinite-threshold-7", ("rules", "check", f"{A}/packs/inf_threshold.yaml"),
         error="finite number", where=r"inf_threshold\.yaml:4:\d+"),
    Case("packs-overflowing-threshold-7", ("rules", "check", f"{A}/packs/overflow_threshold.yaml"),
         error="finite number", where=r"overflow_threshold\.yaml:4:\d+"),
    Case("packs-nan-default-7", ("rules", "check", f"{A}/packs/nan_default.yaml"), error="finite number",
         where=r"nan_default\.yaml:6:\d+"),
    Case("packs-nan-minimum-7", ("rules", "check", f"{A}/packs/nan_min.yaml"), error="finite number",
         where=r"nan_min\.yaml:6:\d+"),
    Case("packs-nan-strength-7", ("rules", "check", f"{A}/packs/nan_strength.yaml"), error="finite number",
         where=r"nan_strength\.yaml:6:\d+"),
    Case("packs-boolean-strength-15", ("rules", "check", f"{A}/packs/bool_strength.yaml"),
         error="moderate: expected a number, not true or false", where=r"bool_strength\.yaml:6:\d+"),
    Case("packs-wide-format-spec-13", ("rules", "check", f"{A}/packs/wide_format.yaml"),
         error="a width of at most 1,000", where=r"wide_format\.yaml:7:\d+"),
    Case("packs-control-characters-4", ("rules", "check", f"{A}/packs/control_chars.yaml"),
         error=r"control character \\x07", where=r"control_chars\.yaml:7:\d+"),
    Case("packs-alias-bomb-8", ("rules", "check", f"{A}/packs/alias_bomb.yaml"), error="more than 100,000 values",
         where=r"alias_bomb\.yaml:\d+:\d+", child=True),
    Case("packs-nested-300-deep-17", ("rules", "check", "deep.json"), error="nested more than 64 levels deep",
         where=r"deep\.json:1:\d+", setup=_deep_pack),
    Case("packs-300-errors-summarised-24", ("rules", "check", "many.yaml"), error="choices is required",
         where=r"many\.yaml:1:\d+", stderr=r"\.\.\. and 280 more problems", setup=_many_questions,
         max_stderr=8_000),
    Case("packs-small-threshold-fires-5", ("decide", "--answers", f"{A}/answers/exponent_numbers.yaml",
                                           "--rules", f"{A}/packs/small_threshold.yaml"),
         exit=0, stdout="some-data-collected"),
    # -- templates -------------------------------------------------------------------
    Case("templates-link-out-of-folder-2", ("advise", *QUICK, "--templates", "tpl", "-o", "out.md"),
         error="may not lead outside its folder", where=r"tpl/up/secret\.txt", setup=_escaping_template),
    Case("templates-folder-missing-23", ("advise", *QUICK, "--templates", "nowhere", "-o", "out.md"),
         error="--templates nowhere: no such folder"),
    _house("templates-power-13", "power", "9 \\*\\* 387420489 would be about", 1, child=True),
    _house("templates-repeat-13", "repeat", "repeating a string or list", 1, child=True),
    _house("templates-nested-range-13", "nested_range", "range\\(\\) of more than 1,000,000", 1, child=True),
    _house("templates-nested-string-loops-13", "nested_string_loops", "more than 5 s of CPU time", 1, child=True),
    _house("templates-big-range-19", "big_range", "range\\(\\) of more than 1,000,000", 1),
    _house("templates-divide-by-zero-19", "divide_by_zero", "division by zero", 3),
    _house("templates-recursive-macro-19", "recursive_macro", "calls itself without end", 1),
    _house("templates-extends-itself-19", "extends_itself", "calls itself without end", 1),
    _house("templates-not-utf8-19", "not_utf8", "byte 0xe9 is not UTF-8", "3:4"),
    _house("templates-center-13", "center", "center to 1,000,000,000 characters", 1),
    _house("templates-format-spec-13", "format_spec", "a width of at most 1,000", 1),
    _house("templates-percent-format-13", "percent_format", "a width of at most 1,000", 1),
    _house("templates-doubling-namespace-13", "doubling_namespace", "text joined with ~ holds more than", 1,
           child=True),
    _house("templates-doubling-list-13", "doubling_list", "list.extend\\(\\)", 1, child=True),
    # Templates get plain data: no model method to unpickle with or to read a file through (issue 18).
    Case("templates-pickle-payload-runs-nothing-18", ("advise", *QUICK, "--templates",
                                                      f"{A}/templates/pickle_payload", "-o", "out.md"),
         error="'tune_or_prompt.memo.data.Record object' has no attribute 'parse_raw'",
         where=r"pickle_payload/memo\.md\.j2:1"),
    Case("templates-parse-file-payload-reads-nothing-18", ("advise", *QUICK, "--templates",
                                                           f"{A}/templates/parse_file_payload", "-o", "out.md"),
         error="'tune_or_prompt.memo.data.Record object' has no attribute 'parse_file'",
         where=r"parse_file_payload/memo\.md\.j2:1", setup=_secret),
    # Values that weigh too much are refused when built or before a filter builds them (issue 18).
    _house("templates-sum-of-repeated-lists-18", "sum_of_repeated_lists", r"operator \* holds more than 1,000,000",
           1, child=True),
    _house("templates-doubling-literal-18", "doubling_literal", "a literal holds more than 1,000,000", 1,
           child=True),
    _house("templates-join-separator-18", "join_separator", "join with this separator", 1, child=True),
    _house("templates-map-center-join-18", "map_center_join", "filter map holds more than", 1, child=True),
    _house("templates-format-fields-18", "format_fields", "format with 1,000 fields", 1, child=True),
    _house("templates-str-format-fields-18", "str_format_fields", r"str\.format\(\) with 1,000 fields", 1,
           child=True),
    _house("templates-percent-fields-18", "percent_fields", "a % format with 1,000 fields", 1, child=True),
    _house("templates-tojson-indent-18", "tojson_indent", "tojson with an indent of 100000000", 1, child=True),
    _house("templates-set-block-loop-18", "set_block_loop", "a macro or block of more than 16,777,216", 1,
           child=True),
    _house("templates-macro-loop-18", "macro_loop", "a macro or block of more than 16,777,216", 1, child=True),
    _house("templates-batch-fill-18", "batch_fill", "batches of 1,000,000,000", 1, child=True),
    _house("templates-translate-18", "translate", "attribute 'translate' of 'str' object is unsafe", 1),
    _house("templates-to-bytes-18", "to_bytes", "attribute 'to_bytes' of 'int' object is unsafe", 1),
    _house("templates-bytes-repeat-18", "bytes_repeat", "repeating a string or list", 1, child=True),
    _house("templates-pprint-large-18", "pprint_large", "pprint of a value this large", 1, child=True),
    _house("templates-sum-quadratic-18", "sum_quadratic", "sum over 200,000 lists or strings", 1, child=True),
    Case("templates-house-block-renders", ("advise", *QUICK, "--templates", f"{A}/templates/house_block"),
         exit=0, stdout=r"^# Customer-support chatbot \(house\)"),
    # -- price files -----------------------------------------------------------------
    Case("prices-not-utf8-18", ("tco", "--prices", f"{A}/prices/not_utf8.json"), error="byte 0xe9 is not UTF-8",
         where=r"not_utf8\.json:2:\d+"),
    Case("prices-price-beyond-cap-14", ("tco", "--prices", f"{A}/prices/huge_price.json", "--api-model",
                                        "my-model"),
         error="above the 1 USD a token", where=r"huge_price\.json:2:3"),
    Case("prices-boolean-price-15", ("tco", "--prices", f"{A}/prices/bool_price.json"),
         error="must be a number, got True", where=r"bool_price\.json:2:3"),
    Case("prices-control-characters-4", ("prices", "--prices", f"{A}/prices/control_name.json"),
         error=r"control character \\x1b", where=r"control_name\.json:2:3"),
    Case("prices-nested-100k-deep-17", ("tco", "--prices", "deep.json"), error="nested too deeply",
         setup=_deep_prices),
    Case("prices-50k-models-one-pass-10", ("tco", "--prices", "many.json"), error="must not be negative",
         where=r"many\.json:\d{6}:3", setup=_many_prices, child=True, timeout=40),  # was 107 s
    Case("prices-dev-zero-9", ("tco", "--prices", "/dev/zero"), error="not a regular file", child=True),
    # -- batch files -----------------------------------------------------------------
    Case("batch-one-bad-row-fails-alone-16", ("batch", f"{A}/batch/big_row.csv"), exit=1,
         stdout=r"1,big,,,,,,,,,,,row 1 \(line 2\): column queries_per_month: .*\n2,ok,prompt_engineering,"),
    Case("batch-house-numbers-fail-alone-16", ("batch", f"{A}/batch/house_numbers.csv", "--rules",
                                               f"{A}/packs/house_numbers.yaml"), exit=1,
         stdout=r"huge-int,.*team_size: expected a finite number(.|\n)*nan,.*ratio: expected a finite number"
                r"(.|\n)*inf,.*ratio: expected a finite number(.|\n)*\n4,ok,prompt_engineering"),
    Case("batch-deep-json-line-fails-alone-16", ("batch", "deep.jsonl"), exit=1,
         stdout=r'"error": "row 1 \(line 1\): not valid JSON: nested too deeply"(.|\n)*"workload": "ok"',
         setup=_deep_json_line),
    Case("batch-bad-byte-late-nothing-written-22", ("batch", "late.csv"), error="not UTF-8 text",
         where=r"late\.csv:10002:4", setup=_bad_byte_late),
    Case("batch-bad-byte-late-to-file-22", ("batch", "late.csv", "-o", "out.csv"), error="not UTF-8 text",
         where=r"late\.csv:10002:4", setup=_bad_byte_late),
    Case("batch-open-quote-23", ("batch", f"{A}/batch/open_quote.csv", "-o", "out.csv"),
         error="unexpected end of data", where=r"open_quote\.csv:3"),
    Case("batch-duplicate-json-key-23", ("batch", f"{A}/batch/duplicate_key.jsonl"), exit=1,
         stdout=r"key 'workload' appears twice(.|\n)*\"workload\": \"ok\", \"verdict\": \"prompt_engineering\""),
    Case("batch-boolean-cell-15", ("batch", f"{A}/batch/bool_number.jsonl"), exit=1,
         stdout="expected a number, not true or false"),
    Case("batch-durable-rules-exponents-5", ("batch", f"{A}/batch/small_numbers.csv", "--engine",
                                             "durable_rules"), exit=0, stdout=r"1,tiny,prompt_engineering_first,"),
    Case("batch-jobs-capped-11", ("batch", f"{A}/batch/small_numbers.csv", "--jobs", "1000"), exit=0,
         stderr=r"--jobs 1000: using \d+, the CPU cores"),
    Case("batch-fifo-portfolio-9", ("batch", "fifo.csv"), error="not a regular file", setup=_fifo("fifo.csv"),
         child=True),
    # -- outputs that would replace an input, or each other ---------------------------
    Case("outputs-log-is-the-output-18", ("workload", "log.csv", "-o", "log.csv"),
         error=r"--output log\.csv is also read by this run \(FILE log\.csv\)", setup=_log),
    Case("outputs-log-by-another-name-18", ("workload", "log.csv", "-o", "./x/../log.csv"),
         error=r"--output x/\.\./log\.csv is also read by this run", setup=_log),
    Case("outputs-log-by-hard-link-18", ("workload", "same-log.csv", "-o", "log.csv"),
         error=r"--output log\.csv is also read by this run \(FILE same-log\.csv\)", setup=_hard_link),
    Case("outputs-answers-are-the-memo-18", ("advise", "--answers", "a.yaml", *QUICK, "--format", "md",
                                            "-o", "a.yaml"),
         error=r"--output a\.yaml is also read by this run \(--answers a\.yaml\)", setup=_answers),
    Case("outputs-pack-tests-are-the-report-18", ("rules", "test", "house.yaml", "-o", "house.tests.yaml"),
         error=r"--output house\.tests\.yaml is also read by this run", setup=_house_pack),
    Case("outputs-pack-folder-tests-are-the-report-18", ("rules", "test", ".", "-o", "house.tests.yaml"),
         error=r"--output house\.tests\.yaml is also read by this run", setup=_house_pack),
    Case("outputs-memo-over-a-house-template-18", ("advise", *QUICK, "--templates", "house", "--format", "md",
                                                   "-o", "house/memo.md.j2"),
         error=r"--output house/memo\.md\.j2 is also read by this run \(--templates house/memo\.md\.j2\)",
         setup=_house_folder),
    Case("outputs-two-on-one-file-18", ("workload", "log.csv", "-o", "same.yaml", "--assumptions-out", "same.yaml"),
         error=r"--assumptions-out same\.yaml and --output same\.yaml are the same file|"
               r"--output same\.yaml and --assumptions-out same\.yaml are the same file", setup=_log),
    Case("outputs-saved-answers-are-the-chart-18", ("advise", *QUICK, "-o", "m.md", "--save-answers",
                                                   "m.chart.svg"),
         error=r"m\.chart\.svg .*are the same file"),
    Case("outputs-300-character-answers-name-18", ("workload", "log.csv", "-o", f"{LONG}.yaml"),
         error="File name too long", setup=_log),
    Case("outputs-300-character-memo-name-18", ("advise", *QUICK, "-o", f"{LONG}.md"), error="File name too long"),
    Case("outputs-fifo-without-reader-18", ("advise", *QUICK, "-o", "f.md"),
         error=r"cannot write f\.md: no process opened the FIFO for reading within 10 s",
         setup=_fifo("f.md"), child=True, timeout=60),
    # -- flags -----------------------------------------------------------------------
    Case("flags-volume-beyond-range-14", ("tco", "--queries-per-month", "1e308"),
         error="queries_per_month: Input should be less than or equal to 1000000000000"),
    Case("flags-tokens-beyond-range-14", ("tco", "--input-tokens", "1e308"),
         error="input_tokens: Input should be less than or equal to 10000000"),
    Case("flags-seed-infra-beyond-range-14", ("tco", "--profile", "seed", "--ft-monthly-infra", "1e308",
                                              "--format", "json"),
         error="ft_monthly_infra: Input should be less than or equal to 1000000000000"),
    # Every cost parameter has a ceiling, so no figure can overflow: 1e308 is refused where it comes in.
    Case("flags-extreme-parameter-is-refused-14", ("tco", "--engineer-rate-usd-per-hour", "1e308", "--format",
                                                   "json"),
         error="engineer_rate_usd_per_hour: Input should be less than or equal to 10000"),
    Case("flags-extreme-parameter-in-a-memo-14", ("advise", *QUICK, "--peak-to-average-ratio", "1e308",
                                                  "-o", "out.md"),
         error="peak_to_average_ratio: Input should be less than or equal to"),
    Case("flags-set-boolean-15", ("advise", *QUICK, "--set", "queries_per_month=true", "-o", "out.md"),
         error="enter a number"),
]


def _files(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: a regular file's bytes, or what kind of entry it is."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        name = str(path.relative_to(folder))
        found[name] = path.read_bytes() if stat.S_ISREG(mode) else stat.filemode(mode)[0]
    return found


def _run(case: Case, tmp: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    args = [a.format(assets=ASSETS, tmp=tmp) for a in case.args]
    if case.child:
        done = subprocess.run([sys.executable, "-m", "tune_or_prompt", *args], cwd=tmp, capture_output=True,
                              text=True, timeout=case.timeout, stdin=subprocess.DEVNULL)
        return done.returncode, done.stdout, done.stderr
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _marked(case: Case) -> Case | object:
    """A row that runs the durable_rules engine is marked as needing it."""
    return pytest.param(case, marks=pytest.mark.durable_rules) if "durable_rules" in case.args else case


@pytest.mark.parametrize("case", [_marked(c) for c in CASES], ids=[c.id for c in CASES])
def test_bad_input_fails_cleanly(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    if case.setup is not None:
        case.setup(tmp_path)
    for name in ("out.md", "out.csv"):
        (tmp_path / name).write_bytes(EARLIER)
    before = _files(tmp_path)

    code, out, err = _run(case, tmp_path, capsys)

    assert "Traceback" not in err, err
    assert code == case.exit, err[-3000:]
    errors = [line for line in err.splitlines() if line.startswith("tune-or-prompt: error:")]
    if case.error is None:
        assert errors == [], err
    else:
        assert len(errors) == 1, err
        assert re.search(case.error, errors[0]), errors[0]
        if case.where is not None:
            assert re.match(rf"tune-or-prompt: error: \S*{case.where}", errors[0]), errors[0]
    if case.stderr is not None:
        assert re.search(case.stderr, err), err
    if case.max_stderr is not None:
        assert len(err) <= case.max_stderr, f"{len(err)} characters on stderr"
    if case.stdout is not None:
        assert re.search(case.stdout, out, re.MULTILINE), out[:3000]
    if case.exit == 2:
        assert out == ""  # nothing half-written to standard output
        assert _files(tmp_path) == before  # every file as it was; no temporary file left


# -- outputs ----------------------------------------------------------------------------

def _advise(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tune_or_prompt", "advise", *QUICK, *args], cwd=tmp,
                          capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
def test_device_output_is_written_through_not_replaced_1(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a copy of /dev/null
    done = _advise(tmp_path, "--format", "md", "-o", str(null))
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(null.lstat().st_mode)  # still the device, not a regular file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no null.chart.svg beside it


def test_symlink_output_is_written_through_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real.md"
    real.write_text("earlier\n")
    link = tmp_path / "link.md"
    link.symlink_to(real.name)
    with pytest.raises(SystemExit) as stop:
        main(["advise", *QUICK, "-o", str(link)])
    assert stop.value.code == 0
    assert link.is_symlink() and os.readlink(link) == "real.md"
    assert real.read_text().startswith("# Customer-support chatbot")


def test_fifo_output_is_written_directly_1(tmp_path: Path) -> None:
    fifo = tmp_path / "memo.md"
    os.mkfifo(fifo)
    child = subprocess.Popen([sys.executable, "-m", "tune_or_prompt", "advise", *QUICK, "-o", str(fifo)],
                             cwd=tmp_path, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    with open(fifo, "rb") as reader:  # opening blocks until the child opens it to write
        memo = reader.read()
    assert child.wait(timeout=TIMEOUT) == 0, child.stderr.read() if child.stderr else ""
    assert memo.startswith(b"# Customer-support chatbot")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.md"]


@pytest.mark.parametrize("into", ["pipe", "appended file"])
def test_dev_stdout_is_written_where_it_leads_1(tmp_path: Path, into: str) -> None:
    log = tmp_path / "log.md"
    log.write_bytes(b"earlier lines\n")
    with open(log, "ab") as appended:
        done = subprocess.run(
            [sys.executable, "-m", "tune_or_prompt", "advise", *QUICK, "--format", "md", "-o", "/dev/stdout"],
            cwd=tmp_path, stdout=subprocess.PIPE if into == "pipe" else appended, stderr=subprocess.PIPE,
            timeout=TIMEOUT, stdin=subprocess.DEVNULL,
        )
    assert done.returncode == 0, done.stderr
    written = done.stdout if into == "pipe" else log.read_bytes().removeprefix(b"earlier lines\n")
    assert written.startswith(b"# Customer-support chatbot")
    assert log.read_bytes().startswith(b"earlier lines\n")  # `>>` keeps what was there
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.md"]
    assert not Path("/dev/stdout.chart.svg").exists()  # no chart file beside a descriptor's name


def test_read_only_output_is_refused_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "memo.md"
    target.write_bytes(EARLIER)
    target.chmod(0o444)
    if os.geteuid() == 0:
        # Root may write any file, so os.access says yes to root. Ask it what it
        # tells any other user of a mode-444 file, which is the check OutputFile makes.
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if mode == os.W_OK else real_access(p, mode))
    with pytest.raises(UserError, match="the file is read-only"):
        OutputFile(target)
    assert target.read_bytes() == EARLIER


@pytest.mark.parametrize("kind", ["a directory", "a socket"])
def test_other_special_files_are_refused_1(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "target"
    if kind == "a directory":
        target.mkdir()
    else:
        import socket

        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
        server.close()
    with pytest.raises(UserError, match=f"it is {kind}"):
        OutputFile(target)


def test_a_long_output_name_is_written_20(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / ("m" * 245 + ".html")  # 250 characters: no room left for a temporary file's suffix
    with pytest.raises(SystemExit) as stop:
        main(["advise", *QUICK, "-o", str(out)])
    assert stop.value.code == 0, capsys.readouterr().err
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_a_255_character_memo_name_gets_a_shorter_chart_name_18(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / ("m" * 252 + ".md")  # the longest name; "<stem>.chart.svg" would be 262 bytes
    with pytest.raises(SystemExit) as stop:
        main(["advise", *QUICK, "-o", str(out)])
    assert stop.value.code == 0, capsys.readouterr().err
    chart = "m" * 236 + "-" + hashlib.sha256(b"m" * 252).hexdigest()[:8] + ".chart.svg"  # 255 bytes
    assert len(chart) == 255
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, chart])
    assert f" months]({chart})" in out.read_text()  # the memo links the chart by its name


@pytest.mark.parametrize("failing", ["memo", "chart"])
def test_a_full_disk_keeps_the_old_memo_and_chart_a_pair_18(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], failing: str) -> None:
    memo, chart = tmp_path / "memo.md", tmp_path / "memo.chart.svg"
    memo.write_bytes(b"old memo\n")
    chart.write_bytes(b"old chart\n")
    real_fsync = os.fsync

    def full(fd: int) -> None:  # the disk fills while this file is written
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".tmp") and f".memo.{'md' if failing == 'memo' else 'chart'}" \
                in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr("tune_or_prompt.outfile.os.fsync", full)
    with pytest.raises(SystemExit) as stop:
        main(["advise", *QUICK, "-o", str(memo)])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert err.splitlines() == [f"tune-or-prompt: error: cannot write {memo if failing == 'memo' else chart}: "
                                "No space left on device"]
    assert (memo.read_bytes(), chart.read_bytes()) == (b"old memo\n", b"old chart\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.chart.svg", "memo.md"]


def test_read_only_file_system_is_one_error_line_20(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "memo.html"
    out.write_bytes(EARLIER)

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(30, "Read-only file system")

    # The final rename and the cleanup of the temporary file both fail, as on a read-only mount.
    monkeypatch.setattr("tune_or_prompt.outfile.os.replace", read_only)
    monkeypatch.setattr(Path, "unlink", read_only)
    with pytest.raises(SystemExit) as stop:
        main(["advise", *QUICK, "-o", str(out)])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert err.splitlines()[0].startswith("tune-or-prompt: error: cannot write ")
    assert "Read-only file system" in err and "Traceback" not in err
    assert out.read_bytes() == EARLIER


COMMANDS = {
    "advise": ["advise", *QUICK],
    "tco": ["tco"],
    "tco-json": ["tco", "--format", "json"],
    "batch": ["batch", str(ASSETS / "batch" / "small_numbers.csv")],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("stdout", ["full disk", "closed"])
def test_failing_standard_output_is_one_error_line_20(tmp_path: Path, command: str, stdout: str) -> None:
    script = "import sys; from tune_or_prompt.cli import main; main(sys.argv[1:])"
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-c", script, *COMMANDS[command]], cwd=tmp_path, stderr=subprocess.PIPE, text=True,
            stdout=full if stdout == "full disk" else None, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
            # A closed descriptor 1, as after `>&-`.
            preexec_fn=(lambda: os.close(1)) if stdout == "closed" else None,
        )
    lines = done.stderr.splitlines()
    assert done.returncode == 2, done.stderr
    assert [ln for ln in lines if ln.startswith("tune-or-prompt: error:")] == lines[-1:]
    reason = "No space left on device" if stdout == "full disk" else "standard output is closed"
    assert lines[-1] == f"tune-or-prompt: error: cannot write to standard output: {reason}"


def test_closed_pipe_ends_quietly_with_the_conventional_status_20(tmp_path: Path) -> None:
    rows = ["workload,queries_per_month"] + [f"w{i},{1000 + i}" for i in range(3000)]  # ~250 KB of results
    (tmp_path / "p.csv").write_text("\n".join(rows) + "\n")
    child = subprocess.Popen([sys.executable, "-m", "tune_or_prompt", "batch", "p.csv"], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.readline().startswith(b"row,workload")
    child.stdout.close()  # what `| head -1` does
    code = child.wait(timeout=TIMEOUT)
    err = child.stderr.read().decode()
    assert code == 128 + signal.SIGPIPE, err  # 141, as a shell reports a program ended by a closed pipe
    assert "Traceback" not in err and "error" not in err


def test_regenerate_command_shows_control_characters_escaped_4(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "memo\x1b[2J.md"
    with pytest.raises(SystemExit) as stop:
        main(["advise", *QUICK, "-o", str(out)])
    err = capsys.readouterr().err
    assert stop.value.code == 0
    assert "\x1b" not in err
    assert f"-o $'{tmp_path}/memo\\x1b[2J.md'" in err  # bash's $'...' form: copy it and it still runs
    assert "\x1b" not in out.read_text()


# -- damaged price-index cache ------------------------------------------------------------

@pytest.mark.parametrize("damage", ["null", "[]", '"a string"', '{"version": "%s", "models": {"a/b": "x"}, '
                                    '"refs": {}}', '{"version": "%s", "models": null, "refs": []}', "{not json"])
def test_a_damaged_price_index_is_rebuilt_21(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str], damage: str) -> None:
    from tune_or_prompt.pricing.genai import genai_prices_version

    monkeypatch.setenv("TUNE_OR_PROMPT_CACHE_DIR", str(tmp_path))
    index = tmp_path / f"genai-prices-{genai_prices_version()}.json"
    index.write_text(damage.replace("%s", genai_prices_version()))
    with pytest.raises(SystemExit) as stop:
        main(["prices", "gpt-4o-mini"])
    assert stop.value.code == 0, capsys.readouterr().err
    assert "gpt-4o-mini" in capsys.readouterr().out
    assert json.loads(index.read_text())["version"] == genai_prices_version()  # rebuilt whole


# -- signals ------------------------------------------------------------------------------

def _default_sigint() -> None:
    """Give the child Ctrl-C's default disposition, which a shell's background job (``pytest &``) has ignored.

    A program started with SIGINT ignored keeps ignoring it, as it should;
    these tests are about a program a user can interrupt.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize(("name", "code", "jobs", "delay"), [
    ("SIGINT", 130, "1", 0.5), ("SIGTERM", 143, "1", 0.5), ("SIGINT", 130, "2", 0.5), ("SIGTERM", 143, "2", 0.5),
    ("SIGTERM", 143, "1", 0.0),  # the moment the temporary file appears
])
def test_a_signal_during_batch_keeps_the_earlier_output_3(tmp_path: Path, name: str, code: int, jobs: str,
                                                          delay: float) -> None:
    rows = ["workload,queries_per_month"] + [f"w{i},{1000 + i}" for i in range(40_000)]
    (tmp_path / "p.csv").write_text("\n".join(rows) + "\n")
    out = tmp_path / "out.csv"
    out.write_bytes(EARLIER)
    child = subprocess.Popen([sys.executable, "-m", "tune_or_prompt", "batch", "p.csv", "-o", "out.csv",
                              "--jobs", jobs], cwd=tmp_path, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                             preexec_fn=_default_sigint)
    deadline = time.monotonic() + TIMEOUT
    while not list(tmp_path.glob(".out.csv.*.tmp")):  # the run is writing its result
        assert child.poll() is None and time.monotonic() < deadline, "batch ended before it could be stopped"
        time.sleep(0.02)
    time.sleep(delay)
    assert child.poll() is None, "batch ended before it could be stopped"
    child.send_signal(getattr(signal, name))
    assert child.wait(timeout=TIMEOUT) == code
    err = child.stderr.read().decode() if child.stderr else ""
    assert "Traceback" not in err, err
    assert err.strip().endswith("tune-or-prompt: interrupted" if name == "SIGINT" else "tune-or-prompt: terminated")
    assert out.read_bytes() == EARLIER
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "p.csv"]  # no temporary file left
