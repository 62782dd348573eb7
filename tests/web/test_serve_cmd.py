"""`tune-or-prompt serve` as a process: token off loopback, Ctrl-C, a busy port, nothing written."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.web.conftest import Served, start_serve
from tune_or_prompt.web.server import address, bind
from tune_or_prompt.web.setup import is_loopback


def _status(url: str, data: bytes | None = None) -> int:
    try:
        with urllib.request.urlopen(url, data=data, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_any_other_host_needs_the_printed_token(tmp_path: Path) -> None:
    # Listening on every address; the test's own traffic goes to 127.0.0.1 only.
    server = start_serve("--host", "0.0.0.0", cwd=tmp_path)
    try:
        assert server.url.startswith("http://127.0.0.1:") and "?token=" in server.url
        token = server.url.split("?token=", 1)[1]
        assert len(token) >= 32
        assert _status(server.base) == 403
        assert _status(server.base + "?token=wrong") == 403
        assert _status(server.base + "static/app.js") == 403
        assert _status(server.url) == 200
        assert _status(server.base + "preview?token=" + token, data=b"queries_per_month=5") == 200
    finally:
        code, printed = server.stop()
    assert "requests without it are refused" in printed
    assert code == 130


def test_ctrl_c_stops_it_cleanly_and_nothing_is_written(served: Served, tmp_path: Path) -> None:
    assert _status(served.url) == 200
    assert _status(served.base + "memo", data=b"queries_per_month=5000") == 200
    assert _status(served.base + "download/md", data=b"") == 200
    code, printed = served.stop()
    assert code == 130
    assert "Traceback" not in printed
    assert printed.rstrip().endswith("tune-or-prompt: interrupted")
    assert list(tmp_path.iterdir()) == []


def test_a_busy_port_is_replaced_and_said(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        server = start_serve("--port", str(port), cwd=tmp_path)
        try:
            assert f"port {port} is busy, so the server took port " in "".join(server.lines)
            assert f":{port}/" not in server.url
            assert _status(server.url) == 200
        finally:
            server.stop()


def test_bind_names_an_address_it_cannot_use() -> None:
    from tune_or_prompt.errors import UserError

    with pytest.raises(UserError, match=r"cannot listen on 203\.0\.113\.7:0"):
        bind("203.0.113.7", 0)


@pytest.mark.parametrize(("host", "expected"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("localhost", True),
    ("0.0.0.0", False), ("192.168.1.10", False), ("example.org", False),
])
def test_loopback_addresses(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


def test_the_printed_address() -> None:
    assert address("127.0.0.1", 8000, None) == "http://127.0.0.1:8000/"
    assert address("0.0.0.0", 8000, "abc") == "http://127.0.0.1:8000/?token=abc"
    assert address("::1", 8000, None) == "http://[::1]:8000/"
