"""The progress line and the end-of-run summary of a batch (both for stderr)."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TextIO

from tune_or_prompt.words import count


@dataclass
class Summary:
    """Counts over the result rows.

    Attributes:
        rows: Workloads read.
        failed: Rows with an error.
        verdicts: Rows per verdict.
        savings_usd: Sum of ``savings_with_prompting_usd`` over the rows that ran
            (fine-tuning's totals minus prompting's; negative: fine-tuning cheaper).
        seconds: Wall time of the run.
        engine: The rules engine that ran every row (its name and version).
        packs: The rule packs in load order.
        draws: Uncertainty draws per row behind each confidence (0: no confidence, the rule score only).

    """

    rows: int = 0
    failed: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    savings_usd: float = 0.0
    seconds: float = 0.0
    engine: str = ""
    draws: int = 0
    packs: tuple[str, ...] = ()

    def add(self, row: dict[str, Any]) -> None:
        """Count one result row."""
        self.rows += 1
        if row["error"]:
            self.failed += 1
            return
        self.verdicts[row["verdict"]] += 1
        self.savings_usd += row["savings_with_prompting_usd"]

    def lines(self) -> list[str]:
        """Return the summary as a few plain lines."""
        ran = self.rows - self.failed
        rate = f" in {self.seconds:.1f} s ({self.rows / self.seconds:,.0f} rows/s)" if self.seconds > 0 else ""
        out = [f"{count(self.rows, 'workload')}{rate}: {ran:,} decided, {self.failed:,} failed."]
        for verdict, n in self.verdicts.most_common():
            out.append(f"  {verdict}: {n:,}")
        out.append(
            "  total savings with prompting (fine-tuning minus prompting, summed): "
            + (f"-${-self.savings_usd:,.2f}" if self.savings_usd < 0 else f"${self.savings_usd:,.2f}")
        )
        if self.failed:
            out.append(f"  {count(self.failed, 'row')} failed: see the error column.")
        if self.engine:
            out.append(f"Engine: {self.engine}; packs: {', '.join(self.packs) or 'none'}.")
            out.append(f"Confidence: the share of each row's {count(self.draws, 'draw')} that give its verdict."
                       if self.draws else
                       "Confidence: none without draws (--draws N: the share of N draws that give the verdict); "
                       "rule_score: how one-sided the rules' vote was.")
        return out


class Progress:
    """A one-line progress display, redrawn at most a few times a second."""

    def __init__(self, stream: TextIO, interval: float = 0.2) -> None:
        """Draw on ``stream`` (a terminal)."""
        self.stream = stream
        self.interval = interval
        self.start = time.perf_counter()
        self._last = 0.0
        self._drawn = False

    def update(self, rows: int, fraction: float) -> None:
        """Show ``rows`` done and ``fraction`` of the file read."""
        now = time.perf_counter()
        if now - self._last < self.interval:
            return
        self._last = now
        width = 30
        filled = int(width * fraction)
        rate = rows / max(now - self.start, 1e-9)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {fraction:4.0%}  {rows:,} rows  {rate:,.0f} rows/s")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Clear the line."""
        if self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
