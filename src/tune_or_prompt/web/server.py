"""Run the web application on uvicorn: bind the port (another one when it is busy), print the address, serve.

Ctrl-C stops the server the way uvicorn stops: open requests finish, then
the process ends with the CLI's "interrupted" (exit status 130); nothing is
left behind, since nothing was written.
"""

from __future__ import annotations

import errno
import socket
import sys
from collections.abc import Callable

from tune_or_prompt.errors import UserError
from tune_or_prompt.web.setup import ServeSetup, is_loopback


def bind(host: str, port: int) -> tuple[socket.socket, str | None]:
    """Return a listening socket on ``host``:``port``, or on a free port when that one is taken.

    The second value says why another port was taken (None when ``port`` was used).

    Raises:
        UserError: the address cannot be bound at all (no such interface, not allowed).

    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    address = host.strip("[]")
    try:
        return _listen(family, address, port), None
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE or port == 0:
            raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        sock = _listen(family, address, 0)
    except OSError as exc:
        raise UserError(f"cannot listen on {host}: {exc.strerror or exc}") from None
    return sock, f"port {port} is busy, so the server took port {sock.getsockname()[1]}"


def _listen(family: int, host: str, port: int) -> socket.socket:
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def address(host: str, port: int, token: str | None) -> str:
    """Return the URL a browser opens (with the token when there is one)."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    if host in ("0.0.0.0", "::"):  # listening everywhere: this machine reaches it on loopback
        shown = "127.0.0.1" if host == "0.0.0.0" else "[::1]"
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")


def serve(setup: ServeSetup, *, host: str, port: int, open_browser: bool = False,
          say: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)) -> None:
    """Serve ``setup`` on ``host``:``port`` until Ctrl-C (or SIGTERM)."""
    import uvicorn

    from tune_or_prompt.web.app import create_app

    sock, moved = bind(host, port)
    url = address(host, sock.getsockname()[1], setup.token)
    if moved:
        say(f"tune-or-prompt: {moved}")
    say(f"tune-or-prompt: serving the questionnaire at {url}")
    if not is_loopback(host):
        say("  the address carries a secret token: requests without it are refused; share it with care")
    say("  press Ctrl-C to stop")
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    config = uvicorn.Config(create_app(setup, host=host), log_level="warning", access_log=False,
                            server_header=False, lifespan="off", timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])  # Ctrl-C: uvicorn finishes open requests, then the CLI says "interrupted"
    finally:
        sock.close()
