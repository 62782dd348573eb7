"""Wall time of `tune-or-prompt advise` on the built-in example, in one run.

Medians of repeated runs of:
* `python -c pass` (the interpreter: the floor under every command);
* `advise --defaults --format md` to standard output (no chart), to a file
  (with its chart SVG), and `-o memo.html` (the default memo: the spread of
  10,000 draws, the tornado, the what-if thresholds; HTML adds the chart and
  the what-if grid);
* the same with `--draws 0 --no-sensitivity` (no numpy analyses);
* `decide` (its confidence from 10,000 decided draws) and `decide --draws 0`.

Targets (issue 12): Markdown memo < 0.4 s, HTML memo < 0.7 s, `decide` < 0.3 s.
Each memo is written to a temporary file; one warm-up run fills the price index
and the compiled-template cache first, as any second run of the tool would find.
With ``--baseline REV`` the same commands also run on the code of another
commit (from ``git archive REV``, on this interpreter and its packages), taking
turns with this checkout's, and each line shows the change.
Run: python benchmarks/bench_advise.py [--repeats 9] [--baseline REV]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import checkout, wall, walls


def paired(cmd: list[str], env: dict[str, str], old_cmd: list[str], old_env: dict[str, str],
           repeats: int) -> list[float]:
    """Medians of a command and the baseline's, taking turns; NaN for the baseline where it lacks the command."""
    try:
        return walls([(cmd, env), (old_cmd, old_env)], repeats)
    except subprocess.CalledProcessError:
        return [wall(cmd, repeats, env), math.nan]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--baseline", help="also time the code of this commit, in the same run")
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("TUNE_OR_PROMPT_CACHE_DIR", tempfile.mkdtemp(prefix="top-bench-"))
    out = Path(tempfile.mkdtemp(prefix="top-memo-"))
    exe = shutil.which("tune-or-prompt")
    lean = ["--draws", "0", "--no-sensitivity"]

    def commands(cli: list[str], tag: str) -> list[tuple[str, list[str]]]:
        return [
            ("advise --defaults --format md (stdout)", [*cli, "advise", "--defaults", "--format", "md"]),
            ("advise --defaults -o memo.md (+ chart SVG)",
             [*cli, "advise", "--defaults", "-o", str(out / f"{tag}m.md")]),
            ("advise --defaults --format html", [*cli, "advise", "--defaults", "-o", str(out / f"{tag}m.html")]),
            ("advise md (stdout), --draws 0 --no-sensitivity",
             [*cli, "advise", "--defaults", *lean, "--format", "md"]),
            ("advise html, --draws 0 --no-sensitivity",
             [*cli, "advise", "--defaults", *lean, "-o", str(out / f"{tag}l.html")]),
            ("decide (10,000 decided draws)", [*cli, "decide"]),
            ("decide --draws 0", [*cli, "decide", "--draws", "0"]),
        ]

    base = wall([sys.executable, "-c", "pass"], args.repeats, env)
    # With a baseline both run as "python -m tune_or_prompt", so only the code differs.
    cli = [exe] if exe and not args.baseline else [sys.executable, "-m", "tune_or_prompt"]
    runs = commands(cli, "")
    before: list[float] = []
    if args.baseline:
        # Old and new take turns, each with its own caches (the compiled templates differ).
        old_env = {**env, "PYTHONPATH": str(checkout(args.baseline, "src", "rules", "templates") / "src"),
                   "TUNE_OR_PROMPT_CACHE_DIR": tempfile.mkdtemp(prefix="top-bench-old-")}
        old_runs = commands([sys.executable, "-m", "tune_or_prompt"], "old-")
        pairs = [paired(cmd, env, old_cmd, old_env, args.repeats)
                 for (_, cmd), (_, old_cmd) in zip(runs, old_runs, strict=True)]
        results = [(name, now) for (name, _), (now, _) in zip(runs, pairs, strict=True)]
        before = [then for _, then in pairs]
    else:
        results = [(name, wall(cmd, args.repeats, env)) for name, cmd in runs]
    width = max(len(n) for n, _ in results)
    head = f"{'command'.ljust(width)}  {'median':>9}  vs python"
    print(head + (f"  {args.baseline[:10]:>10}  change" if before else ""))
    print(f"{'python -c pass'.ljust(width)}  {base * 1e3:7.0f} ms  {1:6.1f}x")
    for i, (name, seconds) in enumerate(results):
        line = f"{name.ljust(width)}  {seconds * 1e3:7.0f} ms  {seconds / base:6.1f}x"
        if before:
            line += (f"  {'(no such command)':>17}" if math.isnan(before[i]) else
                     f"  {before[i] * 1e3:7.0f} ms  {(seconds / before[i] - 1) * 100:+5.0f}%")
        print(line)
    md, html, decide = results[0][1], results[2][1], results[5][1]
    print(f"\ntargets (issue 12): Markdown < 0.4 s ({'met' if md < 0.4 else 'MISSED'}); "
          f"HTML < 0.7 s ({'met' if html < 0.7 else 'MISSED'}); decide < 0.3 s ({'met' if decide < 0.3 else 'MISSED'})")
    print(f"HTML memo size: {(out / 'm.html').stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
