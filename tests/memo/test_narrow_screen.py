"""The HTML memo on a phone (400 px): nothing is cut off; only wide tables scroll, inside their own box.

In a laptop's window (1,100 px) no table scrolls at all.

The memo is loaded in headless Chromium inside a 400 px frame (a desktop
window cannot be narrower than about 500 px), and a script reports every
element that reaches past the frame's edge outside a scrolling box, and every
table box that scrolls. CI requires Chromium (TUNE_OR_PROMPT_REQUIRE_BROWSER).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

PROBE = """
<script>
function probe() {
  const frame = document.getElementById("memo"), doc = frame.contentDocument, win = frame.contentWindow;
  const width = doc.documentElement.clientWidth, cut = [], scrolling = [];
  for (const el of doc.querySelectorAll("table, svg, pre, img, figure, p, h1, h2, li, div")) {
    if (el.getBoundingClientRect().right <= width + 1) continue;
    let box = el.parentElement;
    while (box && !["auto", "scroll"].includes(win.getComputedStyle(box).overflowX)) box = box.parentElement;
    if (!box) cut.push((el.closest("section") || {}).id + " " + el.tagName);
  }
  for (const wrap of doc.querySelectorAll(".table-wrap")) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) scrolling.push((wrap.closest("section") || {}).id);
  }
  const table = doc.querySelector("#options table"), box = table.parentElement;  // the paths compared
  const paths = {rows: table.tBodies[0].rows.length, fits: box.scrollWidth <= box.clientWidth};
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify({width, page: doc.documentElement.scrollWidth, cut, scrolling, paths});
  document.body.appendChild(out);
}
</script>
"""


def _at_width(memo: str, width: int, tmp_path: Path) -> dict[str, Any]:
    page = tmp_path / "frame.html"
    page.write_text(f'<!DOCTYPE html><html><body style="margin:0">{PROBE}<iframe id="memo" onload="probe()" '
                    f'style="width:{width}px;height:3000px;border:0" srcdoc="{html.escape(memo, quote=True)}">'
                    "</iframe></body></html>", encoding="utf-8")
    dom = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=800,3000", "--virtual-time-budget=5000",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found is not None, dom[-2000:]
    return json.loads(html.unescape(found.group(1)))


def _memo(run_cli, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    if CHROMIUM is None:
        if os.environ.get("TUNE_OR_PROMPT_REQUIRE_BROWSER"):
            pytest.fail("headless Chromium is not installed, and TUNE_OR_PROMPT_REQUIRE_BROWSER requires this test")
        pytest.skip("headless Chromium is not installed")
    memo = tmp_path / "memo.html"
    code, _, err = run_cli("advise", "--defaults", "--no-input", "--draws", "500", "-o", str(memo))
    assert code == 0, err
    return memo.read_text(encoding="utf-8")


def test_at_400_px_no_column_is_cut_off(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seen = _at_width(_memo(run_cli, tmp_path), 400, tmp_path)
    assert seen["page"] == seen["width"]  # the page itself never scrolls sideways
    assert seen["cut"] == []
    # The inputs (and the spread) fit; only the wide tables of paths and of ways to fine-tune scroll, each in
    # its own box.
    assert seen["scrolling"] == ["options", "options"]


def test_at_1100_px_the_paths_compared_fit_without_scrolling(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The paths table has 14 rows of nine facts each; adaptation and hosting sit under the label, so its seven
    # columns fit the memo's 780 px column (860 px wide, less 2 x 40 px of padding) and its box never scrolls.
    seen = _at_width(_memo(run_cli, tmp_path), 1100, tmp_path)
    assert seen["page"] == seen["width"]
    assert seen["cut"] == []
    assert seen["scrolling"] == []
    assert seen["paths"] == {"rows": 14, "fits": True}
