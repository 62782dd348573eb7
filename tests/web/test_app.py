"""The application in-process: preview, memo, downloads equal to `advise --answers`, and the guard."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tune_or_prompt.memo.filters import usd
from tune_or_prompt.web.app import create_app
from tune_or_prompt.web.downloads import ANSWERS_NAME, MEMO_FILES
from tune_or_prompt.web.guard import MAX_BODY, RateLimit
from tune_or_prompt.web.setup import ServeSetup, load_setup

PACK = Path(__file__).parents[2] / "examples" / "acme-policy.yaml"
LOCAL = "http://127.0.0.1:8000"


@pytest.fixture
def client(setup: ServeSetup) -> TestClient:
    return TestClient(create_app(setup), base_url=LOCAL)


def test_the_page_lists_every_question_with_its_label_and_help(client: TestClient, setup: ServeSetup) -> None:
    page = client.get("/")
    assert page.status_code == 200
    for spec in setup.questionnaire:
        assert f'<label for="q-{spec.id}">' in page.text
        assert f'aria-describedby="h-{spec.id} e-{spec.id}"' in page.text
    assert "<script src=\"/static/app.js\"" in page.text
    assert not re.search(r'(src|href|action)="(https?:)?//', page.text)  # nothing from the network


def test_the_preview_follows_the_volume(client: TestClient) -> None:
    low = client.post("/preview", data={"queries_per_month": "10000"}).json()
    high = client.post("/preview", data={"queries_per_month": "50,000,000"}).json()
    assert low["errors"] == high["errors"] == {}
    assert low["html"] != high["html"]
    assert "Recommendation" in low["html"] and "<svg" in low["html"]
    assert "The preview uses 100 uncertainty draws; the memo uses 10,000." in low["html"]
    assert high["query"].startswith("/?workload=Customer-support+chatbot&queries_per_month=50%2C000%2C000&")


def test_the_preview_compares_the_paths_decide_compares(client: TestClient, run_cli) -> None:  # type: ignore[no-untyped-def]
    # The form starts from the article's example, which is also what `decide` prices without --answers.
    code, out, err = run_cli("decide", "--format", "json", "--draws", "0")
    assert code == 0, err
    tco = json.loads(out)["tco"]
    page = client.get("/").text
    rows = re.findall(r'<tr data-path="([^"]+)"( class="recommended")?', page)
    assert [pid for pid, _ in rows] == [p["id"] for p in tco["paths"]]
    assert [pid for pid, marked in rows if marked] == [tco["recommended_path"]]
    for path in tco["paths"]:
        row = page.split(f'<tr data-path="{path["id"]}"', 1)[1].split("<tr data-path=", 1)[0]
        assert html.escape(path["label"], quote=False) in row
        if path["available"]:
            assert f'{usd(path["total_usd"])}</td>' in row and f'{usd(path["monthly_p50_usd"])}<span' in row
            assert ("within budget" if path["within_budget"] else "over budget") in row
        else:  # no list of the ways to fine-tune in the preview: the row says why the path is out
            assert f'Not available: {html.escape(path["reason"], quote=False)}</td>' in row
    assert 'id="paths-split">Recommended path: ' in page  # the memo's sentence splitting the saving
    assert "Ways to fine-tune" not in page


def test_a_refused_answer_comes_back_by_question_without_figures(client: TestClient) -> None:
    result = client.post("/preview", data={"queries_per_month": "12x"}).json()
    assert result["errors"] == {"queries_per_month": "enter a number, e.g. 100000"}
    assert "1 answer to fix" in result["html"]


def test_finishing_with_a_refused_answer_shows_the_form_again(client: TestClient) -> None:
    page = client.post("/memo", data={"horizon_months": "0"})
    assert page.status_code == 400
    assert "must be at least 1" in page.text


@pytest.mark.parametrize("fmt", ["md", "json", "madr", "html"])
def test_a_download_is_what_advise_writes_from_the_downloaded_answers(
        fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli) -> None:  # type: ignore[no-untyped-def]
    templates = tmp_path / "house"
    templates.mkdir()
    (templates / "memo.md.j2").write_text('{% extends "default/memo.md.j2" %}\n'
                                          "{% block break_even %}House break-even.\n{% endblock %}\n")
    setup = load_setup(rules=[PACK], templates=templates)
    client = TestClient(create_app(setup), base_url=LOCAL)
    form = {"queries_per_month": "3,000,000", "handles_pii": "yes", "growth_pct_per_month": "2.5"}
    answers = client.post("/download/answers", data=form)
    memo = client.post(f"/download/{fmt}", data=form)
    assert memo.status_code == 200
    assert memo.headers["content-disposition"] == f'attachment; filename="{MEMO_FILES[fmt][0]}"'
    monkeypatch.chdir(tmp_path)
    (tmp_path / ANSWERS_NAME).write_bytes(answers.content)
    code, out, err = run_cli("advise", "--answers", ANSWERS_NAME, "--rules", str(PACK),
                             "--templates", str(templates), "--format", fmt)
    assert code == 0, err
    assert memo.content == out.encode()
    if fmt == "md":
        assert "House break-even." in out


def test_finishing_shows_the_memo_and_saves_only_when_asked(tmp_path: Path, setup: ServeSetup) -> None:
    page = TestClient(create_app(setup), base_url=LOCAL).post("/memo", data={"queries_per_month": "123456"})
    assert page.status_code == 200
    assert '<iframe class="memo" title="The memo" sandbox srcdoc="' in page.text
    assert 'name="queries_per_month" value="123456"' in page.text
    saving = load_setup(rules=[], save_to=tmp_path / "saved.yaml")
    TestClient(create_app(saving), base_url=LOCAL).post("/memo", data={"queries_per_month": "123456"})
    assert "queries_per_month: 123456\n" in (tmp_path / "saved.yaml").read_text()


def test_an_uploaded_answers_file_opens_the_form_filled_in(client: TestClient) -> None:
    good = client.post("/answers", content="queries_per_month: 4242\nprivacy: on_premise\n")
    assert good.status_code == 200
    url = good.json()["url"]
    assert "queries_per_month=4242" in url and "privacy=on_premise" in url
    assert 'value="4242"' in client.get(url).text


def test_an_uploaded_answers_file_with_errors_says_where(client: TestClient) -> None:
    bad = client.post("/answers", content="queries_per_month: 10\nhorizon_mont: 3\n")
    assert bad.status_code == 400
    assert "uploaded answers file:2:1" in bad.json()["error"]
    assert "horizon_months" in bad.json()["error"]


def test_the_start_answers_fill_the_form(tmp_path: Path) -> None:
    answers = tmp_path / "start.yaml"
    answers.write_text("queries_per_month: 31337\n")
    page = TestClient(create_app(load_setup(rules=[], answers=answers)), base_url=LOCAL).get("/")
    assert 'value="31337"' in page.text


def test_another_host_name_is_refused_on_loopback(client: TestClient) -> None:
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 403
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200


def test_a_post_from_another_site_is_refused(client: TestClient) -> None:
    refused = client.post("/preview", data={}, headers={"origin": "http://attacker.example"})
    assert refused.status_code == 403
    assert client.post("/preview", data={}, headers={"origin": LOCAL}).status_code == 200


def test_no_cookie_and_a_strict_content_policy(client: TestClient) -> None:
    page = client.get("/")
    assert "set-cookie" not in page.headers
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_a_body_over_the_limit_is_refused(client: TestClient) -> None:
    assert client.post("/answers", content="x" * (MAX_BODY + 1)).status_code == 413

    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(MAX_BODY // 1024 + 2):
            yield b"a" * 1024

    assert client.post("/preview", content=chunks()).status_code == 413  # no Content-Length


def test_the_rate_limit_refills_over_time() -> None:
    rate = RateLimit(rate=10, burst=3)
    assert [rate.allow("a", now=0) for _ in range(4)] == [True, True, True, False]
    assert rate.allow("b", now=0)  # each client its own bucket
    assert rate.allow("a", now=0.1)


def test_only_the_shipped_files_are_served(client: TestClient) -> None:
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/..%2Fsetup.py").status_code == 404
    assert client.get("/static/setup.py").status_code == 404
    assert client.post("/download/pdf", data={}).status_code == 404


def test_a_link_with_an_unknown_answer_says_so(client: TestClient) -> None:
    page = client.get("/?queries_per_mont=5")
    assert "The link was read without one answer: unknown question &#39;queries_per_mont&#39;; did you mean " \
           "&#39;queries_per_month&#39;?" in page.text
