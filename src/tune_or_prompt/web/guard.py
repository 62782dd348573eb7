"""The checks every request passes before it reaches a page: token, host, origin, size and rate.

* **Token.** Bound to anything but loopback, the server asks every request
  for the secret printed at start (``?token=...`` in the URL, as Jupyter
  does). No cookie is ever set, so another site cannot ride on one.
* **Host.** Bound to loopback, a request must name a loopback host, so a web
  page that rebinds its own name to 127.0.0.1 cannot reach the server.
* **Origin.** A POST sent by a browser must come from the page's own origin
  (no cross-site form posts).
* **Size.** A request body is read up to :data:`MAX_BODY` bytes; more is 413.
* **Rate.** Each client address gets :data:`RATE_PER_SECOND` requests a
  second with bursts of :data:`BURST`; more is 429.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tune_or_prompt.web.setup import is_loopback

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 300 * 1024  # an answers file is capped at 256 KB; a form is a few KB
RATE_PER_SECOND = 50.0
BURST = 200.0
_SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
     b"connect-src 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # "no-referrer" would make a browser send "Origin: null"
    (b"cache-control", b"no-store"),
]


class RateLimit:
    """A token bucket per client address (thread-safe; old addresses are forgotten)."""

    def __init__(self, rate: float = RATE_PER_SECOND, burst: float = BURST) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str, now: float | None = None) -> bool:
        """Take one request from ``client``'s bucket; False when it is empty."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._buckets) > 10_000:
                self._buckets.clear()
            tokens, last = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1:
                self._buckets[client] = (tokens, now)
                return False
            self._buckets[client] = (tokens - 1, now)
            return True


class Guard:
    """ASGI middleware applying the checks of this module, and security headers to every response."""

    def __init__(self, app: App, *, token: str | None, loopback: bool, rate: RateLimit | None = None,
                 max_body: int = MAX_BODY) -> None:
        self.app, self.token, self.loopback = app, token, loopback
        self.rate = rate or RateLimit()
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a request that fails a check; pass the others on with a bounded body."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await _plain(send, *refusal)
            return
        await self.app(scope, self._bounded(receive), _with_headers(send))

    def _refusal(self, scope: Scope) -> tuple[int, str] | None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self.token is not None:
            given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
            if not secrets.compare_digest(given.encode(), self.token.encode()):
                return 403, "forbidden: open the address with the token that `tune-or-prompt serve` printed"
        elif self.loopback and not is_loopback(_hostname(headers.get("host", ""))):
            return 403, "forbidden: this server answers only to 127.0.0.1 and localhost"
        origin = headers.get("origin")
        if scope["method"] not in ("GET", "HEAD") and origin is not None:
            if origin == "null" or urlsplit(origin).netloc != headers.get("host"):
                return 403, "forbidden: the request comes from another site"
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return 413, f"request too large: at most {self.max_body // 1024} KB"
        client = scope.get("client") or ("?", 0)
        if not self.rate.allow(str(client[0])):
            return 429, "too many requests: wait a moment"
        return None

    def _bounded(self, receive: Receive) -> Receive:
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge
            return message

        return bounded


class BodyTooLarge(Exception):
    """A body without a Content-Length grew past the limit (the app answers 413)."""


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), *_SECURITY_HEADERS]
        await send(message)

    return sending


async def _plain(send: Send, status: int, text: str) -> None:
    body = (text + "\n").encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *_SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})
