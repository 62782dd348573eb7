"""The progress bar: drawn on a terminal during a long read, never anywhere else."""

from __future__ import annotations

import io

import duckdb

from tune_or_prompt.workload.progress import bar, progress

# About a second of work on one thread.
SLOW = "SELECT count(*) FROM range(400000000) t(x) WHERE x % 7 = 3"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def connection() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET threads = 1")
    con.execute("SET enable_progress_bar = true")
    con.execute("SET enable_progress_bar_print = false")
    return con


def test_the_bar_line() -> None:
    assert bar(50, 3.2) == "tune-or-prompt: reading the logs [###############...............]  50% 3 s"
    assert bar(150, 0).count("#") == 30 and bar(-1, 0).count("#") == 0


def test_a_terminal_sees_the_bar_then_a_clean_line() -> None:
    screen, con = Terminal(), connection()
    with progress(con, screen, delay=0.1):
        con.execute(SLOW).fetchall()
    drawn = screen.getvalue()
    assert "\rtune-or-prompt: reading the logs [" in drawn
    assert drawn.endswith("\r\033[K")  # the line is wiped once the read ends


def test_nothing_is_drawn_when_not_a_terminal_nor_before_the_delay() -> None:
    pipe, con = io.StringIO(), connection()
    with progress(con, pipe, delay=0.1):
        con.execute(SLOW).fetchall()
    assert pipe.getvalue() == ""
    screen = Terminal()
    with progress(con, screen, delay=60):
        con.execute("SELECT 1").fetchall()
    assert screen.getvalue() == ""
