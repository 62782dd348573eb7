"""The draws' progress bar: shown on a terminal for long runs, silent otherwise."""

from __future__ import annotations

import io

from tune_or_prompt.cli.progress import PROGRESS_FROM, draws_progress
from tune_or_prompt.progress import advance, reporting_to
from tune_or_prompt.tco import Assumptions, Workload
from tune_or_prompt.tco.draws import CHUNK_DRAWS
from tune_or_prompt.tco.ranges import baseline_from_priced
from tune_or_prompt.tco.report import priced_tco
from tune_or_prompt.tco.uncertainty import run_uncertainty


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_run_on_a_terminal_shows_a_bar_and_clears_it() -> None:
    screen = Terminal()
    with draws_progress(1_000_000, screen):
        advance("draws", 16_384, 1_000_000)
        advance("draws", 16_385, 1_000_000)  # the same whole percentage: not redrawn
        advance("draws", 500_000, 1_000_000)
        advance("draws", 1_000_000, 1_000_000)
    assert screen.getvalue() == (
        "\rdraws [..............................] 16,384 of 1,000,000 (1%)"
        "\rdraws [###############...............] 500,000 of 1,000,000 (50%)"
        "\rdraws [##############################] 1,000,000 of 1,000,000 (100%)"
        "\r\x1b[K"
    )
    advance("draws", 1, 2)  # after the block nothing listens
    assert screen.getvalue().endswith("\r\x1b[K")


def test_no_bar_in_a_pipe_or_a_file_or_for_a_short_run() -> None:
    for stream, draws in ((io.StringIO(), 1_000_000), (Terminal(), PROGRESS_FROM - 1)):
        with draws_progress(draws, stream):
            advance("draws", draws // 2, draws)
        assert stream.getvalue() == ""


def test_the_draws_report_each_chunk_in_order() -> None:
    report, priced = priced_tco(Workload(), Assumptions())
    base = baseline_from_priced(priced, report.assumptions)
    seen: list[tuple[str, int, int]] = []
    with reporting_to(lambda what, done, total: seen.append((what, done, total))):
        run_uncertainty(base, 2 * CHUNK_DRAWS + 7, seed=1)
    total = 2 * CHUNK_DRAWS + 7
    assert seen == [("draws", CHUNK_DRAWS, total), ("draws", 2 * CHUNK_DRAWS, total), ("draws", total, total)]
