"""The measured workload as files: an answers file and an assumptions file, each line sourced.

The answers file is the format ``advise --answers`` reads (YAML, question id:
answer); each answer carries a comment saying how it was measured, from which
file and over which window, and the header lists what could not be measured.
The assumptions file holds the 24-hour ``traffic_profile`` the cost model's
GPU fleet reads from ``--assumptions``. Strings are written as YAML
double-quoted scalars, escaped where they must be, so a model name with ``#``,
``:`` or a control character survives.
"""

from __future__ import annotations

import stat
from pathlib import Path

from tune_or_prompt.errors import UserError
from tune_or_prompt.workload.model import MeasuredWorkload

FORMAT_WORDS = {"requests": "request log", "buckets": "bucketed usage", "litellm": "LiteLLM spend log",
                "bedrock": "Bedrock invocation log", "langfuse": "Langfuse observations"}


def _one_line(text: str) -> str:
    """Return ``text`` fit for a YAML comment: one line, control characters shown as ``?``."""
    return " ".join("".join(c if c.isprintable() else "?" for c in part) for part in text.split())


def _header(m: MeasuredWorkload, what: str) -> list[str]:
    skipped = f", {m.bad.total:,} skipped" if m.bad.total else ""
    lines = [
        f"# {what} measured by tune-or-prompt from {m.file_names} ({FORMAT_WORDS[m.log_format]}, "
        f"{m.rows:,} rows{skipped}),",
        f"# {m.window}; hours and days {_zone_words(m.time_zone)}.",
        f"# columns read: {m.columns_used}.",
    ]
    return [_one_line(line) for line in lines]


def _zone_words(zone: str) -> str:
    return zone if zone == "as written in the log" else f"in {zone}"


def answers_text(m: MeasuredWorkload) -> str:
    """Return the answers file of ``m``: one measured answer a line, each with how it was measured."""
    lines = _header(m, "Workload")
    lines += [f"# note: {_one_line(note)}" for note in m.notes]
    for key, value in m.answers().items():
        shown = quoted(value) if isinstance(value, str) else _number(value)
        lines.append(f"{key}: {shown}  # {_one_line(m.source(key))}")
    return "\n".join(lines) + "\n"


def quoted(text: str) -> str:
    """Return ``text`` as a YAML double-quoted scalar: printable characters as they are, the rest escaped."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif c.isprintable():
            out.append(c)
        else:
            code = ord(c)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def assumptions_text(m: MeasuredWorkload) -> str:
    """Return the assumptions file holding the measured 24-hour ``traffic_profile``.

    Raises:
        UserError: the log gives no hourly profile (e.g. daily buckets).

    """
    values = m.assumption_values()
    if "traffic_profile" not in values:
        why = next((n for n in m.notes if n.startswith("no 24-hour profile")), "no 24-hour profile")
        raise UserError(f"--assumptions-out: {why}")
    profile = ", ".join(f"{v:g}" for v in values["traffic_profile"])
    lines = _header(m, "24-hour traffic profile")
    lines.append(f"# {_one_line(m.how('traffic_profile'))}; hour 0 = midnight.")
    lines.append(f"traffic_profile: [{profile}]")
    return "\n".join(lines) + "\n"


def check_target(path: Path, option: str) -> None:
    """Refuse to write ``path`` unless it is new or a regular file, in a directory that exists.

    Raises:
        UserError: the directory is missing, or the path is a symlink, a
            directory, a device or any other non-regular file.

    """
    if not path.parent.is_dir():
        raise UserError(f"{option} {path}: directory {path.parent} does not exist")
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:  # a name too long, a folder that cannot be searched
        raise UserError(f"{option} {path}: cannot write it: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
        raise UserError(f"{option} {path}: exists and is not a regular file; it is left as it is")


def summary_lines(m: MeasuredWorkload) -> list[str]:
    """Return the measured figures in a few lines for standard error."""
    def spread(key: str) -> str:
        p50, p95 = getattr(m, f"{key}_p50"), getattr(m, f"{key}_p95")
        return f" (P50 {p50:,.0f}, P95 {p95:,.0f})" if p50 is not None and p95 is not None else ""

    growth = f"{m.growth_pct_per_month:+.2f} %/month"
    if m.growth_ci_pct is not None:
        growth += f" (95% interval {m.growth_ci_pct[0]:+.2f} to {m.growth_ci_pct[1]:+.2f})"
    lines = [
        f"tune-or-prompt: measured {m.file_names} ({FORMAT_WORDS[m.log_format]}): {m.requests:,.0f} requests, "
        f"{m.window}",
        f"  columns               {m.columns_used}",
        f"  queries_per_month     {m.queries_per_month:,.0f} ({m.queries_per_day:,.1f} a day)",
        f"  input_tokens          {m.input_tokens:,.1f} mean{spread('input_tokens')}",
        f"  output_tokens         {m.output_tokens:,.1f} mean{spread('output_tokens')}",
        f"  growth_pct_per_month  {growth}",
    ]
    if m.api_model is not None:
        lines.append(f"  api_model             {m.api_model} ({m.model_split()})")
    if m.peak_hour is not None and m.peak_to_average is not None:
        lines.append(f"  peak hour             {m.peak_hour:02d}:00, {m.peak_to_average:.2f}x the average hour "
                     f"({m.time_zone})")
    lines.append(f"  days without traffic  {m.missing_days} of {m.days} ({m.missing_share:.0%})")
    lines += [f"  note: {note}" for note in m.notes]
    return lines
