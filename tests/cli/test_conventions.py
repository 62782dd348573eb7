"""Root conventions: --version, shell completion, and prices answering from the cached index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from tune_or_prompt.cli import COMMANDS

PROGRAM = Path(sys.executable).with_name("tune-or-prompt")


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PROGRAM), *args], env={**os.environ, **(env or {})},
                          capture_output=True, text=True, timeout=120)


def test_version(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("--version")
    assert (code, out) == (0, f"tune-or-prompt {version('tune-or-prompt')}\n")


def test_help_lists_every_command_and_the_root_options(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("--help")
    assert code == 0
    for name in COMMANDS:
        assert f"  {name} " in out
    for option in ("--version", "--install-completion", "--show-completion"):
        assert option in out


def _complete(line: str) -> list[str]:
    words = line.split(" ")
    result = _run(env={"_TUNE_OR_PROMPT_COMPLETE": "complete_bash", "COMP_WORDS": line,
                       "COMP_CWORD": str(len(words) - 1)})
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_bash_completion_of_commands_options_and_choices() -> None:
    assert _complete("tune-or-prompt adv") == ["advise"]
    assert _complete("tune-or-prompt advise --no-i") == ["--no-input"]
    assert _complete("tune-or-prompt prices --format ") == ["table", "json"]
    assert _complete("tune-or-prompt rules ch") == ["check"]


def test_install_completion_writes_the_script_and_sources_it(tmp_path: Path) -> None:
    # Typed in bash, as a user would: typer finds the shell among the program's parents.
    result = subprocess.run(["bash", "-c", f"'{PROGRAM}' --install-completion"], capture_output=True, text=True,
                            env={**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("bash completion installed in ")
    script = tmp_path / ".bash_completions" / "tune-or-prompt.sh"
    assert "_TUNE_OR_PROMPT_COMPLETE=complete_bash" in script.read_text()
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()


def test_show_completion_prints_the_script() -> None:
    result = _run("--show-completion", "zsh", env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert result.returncode == 0, result.stderr
    assert "#compdef tune-or-prompt" in result.stdout


def test_prices_summary_counts_every_model(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("prices", "--format", "json")
    assert code == 0
    summary = json.loads(out)
    assert summary["source"].startswith("genai-prices ")
    assert summary["models"] == sum(p["models"] for p in summary["providers"])
    openai = next(p for p in summary["providers"] if p["provider"] == "openai")
    low, high = openai["input_usd_per_mtok"]
    assert low <= 0.15 <= high  # gpt-4o-mini is among them
    code, everything, _ = run_cli("prices", "--all", "--format", "json")
    assert len(json.loads(everything)) == summary["models"]
    code, table, _ = run_cli("prices")
    assert f"API price catalogue: {summary['models']:,} models from {len(summary['providers'])} providers" in table
    assert "tune-or-prompt prices --all" in table


def test_prices_with_a_warm_index_imports_neither_genai_prices_nor_the_cost_model(tmp_path: Path) -> None:
    env = {**os.environ, "TUNE_OR_PROMPT_CACHE_DIR": str(tmp_path)}
    probe = ("import sys\nfrom tune_or_prompt.cli import main\ntry:\n    main(['prices'])\n"
             "except SystemExit:\n    pass\n"
             "print('LOADED', 'genai_prices' in sys.modules, 'tune_or_prompt.tco' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120)
            for _ in range(2)]
    assert runs[0].stdout.splitlines()[-1] == "LOADED True False"  # the first run builds the index
    assert runs[1].stdout.splitlines()[-1] == "LOADED False False"
