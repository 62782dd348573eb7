"""The page driven in real headless Chromium, like a person: type, fix, watch, finish, download.

Chromium and its driver are Debian's (`chromium`, `chromium-driver`); the test
never downloads a browser. Without them it is skipped on a developer's
machine, but fails where the CI variable is set: CI must run it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.web.conftest import Served, start_serve
from tune_or_prompt.memo.filters import usd
from tune_or_prompt.web.downloads import ANSWERS_NAME

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")


def _browser(downloads: Path) -> Any:
    if CHROMIUM is None or DRIVER is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser test: install Debian's chromium and chromium-driver")
        pytest.skip("headless Chromium or chromedriver is not installed (CI installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='top-chromium-')}")
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    return webdriver.Chrome(options=options, service=Service(DRIVER))


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium Manager must never fetch a browser or a driver
    driver = _browser(tmp_path / "downloads")
    driver.set_window_size(1200, 1000)
    yield driver
    driver.quit()


def _wait(check: Callable[[], Any], what: str, timeout: float = 30) -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            found = check()
        except Exception:  # the preview replaced the element being read
            found = None
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _retype(driver: Any, question: str, text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    field = driver.find_element(By.ID, f"q-{question}")
    field.click()
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.BACKSPACE)
    for char in text:  # a key at a time, as a person types
        field.send_keys(char)


def _download(folder: Path, name: str) -> bytes:
    path = folder / name
    return _wait(lambda: path.exists() and not list(folder.glob("*.crdownload")) and path.read_bytes(),
                 f"the download {name}")  # type: ignore[no-any-return]


@pytest.fixture
def served_here(tmp_path: Path) -> Iterator[Served]:
    server = start_serve(cwd=tmp_path)
    yield server
    server.stop()


def test_a_person_fills_the_form_and_downloads_the_memo_advise_writes(
        browser: Any, served_here: Served, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser
    driver.get(served_here.url)
    text = lambda element_id: driver.find_element(By.ID, element_id).text  # noqa: E731
    assert driver.find_element(By.CSS_SELECTOR, "label[for=q-queries_per_month]").text.startswith(
        "How many queries a month?")
    first_total = text("total-prompt")

    # One invalid answer: the reason shows next to its field, before anything is sent.
    _retype(driver, "queries_per_month", "25O000")
    error = driver.find_element(By.ID, "e-queries_per_month")
    _wait(lambda: error.is_displayed() and error.text == "enter a number, e.g. 100000", "the refusal")
    field = driver.find_element(By.ID, "q-queries_per_month")
    assert field.get_attribute("aria-invalid") == "true"
    assert "e-queries_per_month" in (field.get_attribute("aria-describedby") or "")
    driver.find_element(By.ID, "finish").click()  # refused answers stop the form here
    assert urlsplit(driver.current_url).path == "/"  # still the form: nothing was sent
    assert driver.switch_to.active_element.get_attribute("id") == "q-queries_per_month"

    # Fixed: the message goes, the preview comes back.
    _retype(driver, "queries_per_month", "250000")
    _wait(lambda: not error.is_displayed(), "the refusal to clear")
    at_250k = _wait(lambda: text("total-prompt"), "the preview")
    assert at_250k != first_total

    # A bigger volume: the preview changes without a page load.
    driver.execute_script("document.body.dataset.sameLoad = 'yes'")
    _retype(driver, "queries_per_month", "20000000")
    _wait(lambda: text("total-prompt") not in ("", at_250k), "the preview to follow the volume")
    assert driver.execute_script("return document.body.dataset.sameLoad") == "yes"
    assert "queries_per_month=20000000" in driver.current_url  # the shareable link follows too

    # A condition: on premise hides the API model question, as the terminal skips it.
    privacy = Select(driver.find_element(By.ID, "q-privacy"))
    privacy.select_by_value("on_premise")
    _wait(lambda: not driver.find_element(By.ID, "q-api_model").is_displayed(), "the API question to hide")
    privacy.select_by_value("cloud_ok")
    _wait(lambda: driver.find_element(By.ID, "q-api_model").is_displayed(), "the API question to return")
    _wait(lambda: text("total-prompt"), "the preview after the condition")

    # Finish: the memo shows in the page; download it and the answers.
    driver.find_element(By.ID, "finish").click()
    _wait(lambda: driver.find_elements(By.CSS_SELECTOR, "iframe.memo"), "the memo page", timeout=60)
    downloads = tmp_path / "downloads"
    driver.find_element(By.ID, "download-answers").click()
    answers = _download(downloads, ANSWERS_NAME)
    driver.find_element(By.ID, "download-md").click()
    memo = _download(downloads, "tune-or-prompt-memo.md")
    assert b"queries_per_month: 20000000\n" in answers

    advise = subprocess.run([sys.executable, "-m", "tune_or_prompt", "advise", "--answers", ANSWERS_NAME,
                             "--format", "md"], cwd=downloads, capture_output=True, timeout=300)
    assert advise.returncode == 0, advise.stderr
    assert memo == advise.stdout


def test_on_a_phone_with_the_keyboard_alone(browser: Any, served_here: Served) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = browser
    driver.set_window_size(400, 900)
    driver.get(served_here.url)
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 400  # nothing wider than a phone
    before = driver.find_element(By.ID, "total-prompt").text
    keys = ActionChains(driver)
    for _ in range(12):  # Tab from the top of the page to the volume field
        keys.send_keys(Keys.TAB).perform()
        if driver.switch_to.active_element.get_attribute("id") == "q-queries_per_month":
            break
    assert driver.switch_to.active_element.get_attribute("id") == "q-queries_per_month"
    keys.key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).send_keys("9000000").perform()
    _wait(lambda: driver.find_element(By.ID, "total-prompt").text not in ("", before), "the preview")
    summary = driver.find_element(By.CSS_SELECTOR, "#live-summary a")
    assert summary.is_displayed() and "over 36 months" in summary.text  # the preview's gist stays in view
    # Tab on to the Finish button and press Enter: the memo page opens.
    for _ in range(60):
        keys.send_keys(Keys.TAB).perform()
        if driver.switch_to.active_element.get_attribute("id") == "finish":
            break
    keys.send_keys(Keys.ENTER).perform()
    _wait(lambda: driver.find_elements(By.ID, "download-md"), "the memo page", timeout=60)


@pytest.mark.parametrize("width", [400, 1100, 1280])
def test_the_preview_compares_the_paths_decide_compares(
        browser: Any, served_here: Served, tmp_path: Path, width: int) -> None:
    from selenium.webdriver.common.by import By

    # The form starts from the article's example, which is also what `decide` prices without --answers.
    decide = subprocess.run([sys.executable, "-m", "tune_or_prompt", "decide", "--format", "json", "--draws", "0"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert decide.returncode == 0, decide.stderr
    tco = json.loads(decide.stdout)["tco"]
    driver = browser
    driver.set_window_size(width, 1000)
    driver.get(served_here.url)
    rows = driver.find_elements(By.CSS_SELECTOR, "#paths tbody tr[data-path]")
    assert [r.get_attribute("data-path") for r in rows] == [p["id"] for p in tco["paths"]]
    marked = [r for r in rows if "recommended" in (r.get_attribute("class") or "").split()]
    assert [r.get_attribute("data-path") for r in marked] == [tco["recommended_path"]]
    assert marked[0].find_element(By.CLASS_NAME, "badge").text.lower() == "recommended"
    for row, path in zip(rows, tco["paths"], strict=True):
        total = row.find_element(By.CSS_SELECTOR, "td.total").text
        assert total == (usd(path["total_usd"]) if path["available"] else "—")
    # Nothing reaches past the window or the preview's box; a phone shows one card a path, a wider window a table.
    widths = driver.execute_script(
        "const box = document.querySelector('#preview-body .paths');"
        "return [document.documentElement.scrollWidth, window.innerWidth, box.scrollWidth, box.clientWidth]")
    assert widths[0] <= widths[1] and widths[2] <= widths[3], widths
    display = driver.execute_script("return getComputedStyle(arguments[0]).display", rows[0])
    assert display == ("block" if width == 400 else "table-row")
    if width > 860:  # beside the form, the preview stays in view as the form scrolls, and scrolls inside itself
        driver.execute_script("window.scrollTo(0, 600)")
        box = driver.execute_script("const r = document.querySelector('.preview').getBoundingClientRect();"
                                    "return [r.top, r.bottom, window.innerHeight]")
        assert 0 <= box[0] and box[1] <= box[2], box  # so its last path is never out of reach below the window
