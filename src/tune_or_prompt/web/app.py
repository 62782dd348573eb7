"""The Starlette application: the form page, its live preview, the memo and the downloads.

Each browser keeps its own answers in its own form: every request carries
them all, so the server holds no session state and one browser's answers can
never reach another's page. Nothing is written on the server except the
``--save-answers`` file, when one was given, on finishing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from tune_or_prompt.errors import UserError
from tune_or_prompt.tco.analyses import DEFAULT_DRAWS
from tune_or_prompt.web import form
from tune_or_prompt.web.downloads import (
    ANSWERS_NAME,
    MEMO_FILES,
    advise_command,
    answers_file,
    memo_text,
    save_answers_file,
)
from tune_or_prompt.web.guard import BodyTooLarge, Guard
from tune_or_prompt.web.preview import preview_data
from tune_or_prompt.web.setup import ServeSetup, is_loopback

if TYPE_CHECKING:
    import jinja2

HERE = Path(__file__).parent
STATIC = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
MAX_FIELDS = 500  # a form has one field per question; a few dozen at most
MEMOS_AT_ONCE = 2


def create_app(setup: ServeSetup, *, host: str = "127.0.0.1") -> Guard:
    """Return the application for ``setup``, behind its :class:`~.guard.Guard`."""
    pages = _Pages(setup)
    app = Starlette(routes=[
        Route("/", pages.form_page, methods=["GET"]),
        Route("/preview", pages.preview, methods=["POST"]),
        Route("/memo", pages.memo, methods=["POST"]),
        Route("/download/{what}", pages.download, methods=["POST"]),
        Route("/answers", pages.upload, methods=["POST"]),
        Route("/static/{name}", pages.static, methods=["GET"]),
    ])
    return Guard(app, token=setup.token, loopback=is_loopback(host))


class _Pages:
    """The request handlers, sharing the setup and the page templates."""

    def __init__(self, setup: ServeSetup) -> None:
        self.setup = setup
        self.env = _environment()
        self.checks = {"api_model": setup.catalogue.check_model}
        # A memo prices 10,000 draws (a second or so of CPU): two at a time, the others wait their turn.
        self.memo_slots = asyncio.Semaphore(MEMOS_AT_ONCE)

    def url(self, path: str, query: str = "") -> str:
        """Return ``path`` with the token (when there is one) and ``query``."""
        parts = [f"token={self.setup.token}"] if self.setup.token else []
        parts += [query] if query else []
        return path + ("?" + "&".join(parts) if parts else "")

    def render(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        text = self.env.get_template(name).render(url=self.url, memo_draws=DEFAULT_DRAWS, **context)
        return HTMLResponse(text, status_code=status)

    def read(self, texts: Mapping[str, str]) -> form.Reading:
        return form.read(self.setup.questionnaire, texts, self.checks)

    async def texts(self, request: Request) -> dict[str, str]:
        """Return the submitted fields of a form post (URL-encoded; the token is not an answer)."""
        try:
            body = (await request.body()).decode("utf-8")
        except BodyTooLarge:
            raise _Refused(413, "request too large") from None
        except UnicodeDecodeError:
            raise _Refused(400, "the form is not UTF-8 text") from None
        try:
            pairs = parse_qsl(body, keep_blank_values=True, max_num_fields=MAX_FIELDS)
        except ValueError:
            raise _Refused(400, "too many fields") from None
        return {k: v for k, v in pairs if k != "token"}

    async def form_page(self, request: Request) -> Response:
        given = {k: v for k, v in request.query_params.items() if k != "token"}
        if given:
            reading = self.read(given)
        else:
            reading = self.read(form.start_texts(self.setup.questionnaire, self.setup.start_values))
        preview, problem = await self._preview(reading)
        unknown = form.unknown(self.setup.questionnaire, given)
        if unknown is not None:
            problem = f"The link was read without one answer: {unknown}."
        return self.render("page.html.j2", fields=form.field_views(self.setup.questionnaire, reading),
                           query=reading.query(), preview=preview, problem=problem,
                           draws=self.setup.preview_draws, errors=reading.errors)

    async def preview(self, request: Request) -> Response:
        try:
            reading = self.read(await self.texts(request))
        except _Refused as refused:
            return refused.response()
        preview, problem = await self._preview(reading)
        html = self.env.get_template("preview.html.j2").render(
            preview=preview, problem=problem, errors=reading.errors, draws=self.setup.preview_draws,
            memo_draws=DEFAULT_DRAWS, url=self.url)
        return JSONResponse({"errors": reading.errors, "shown": reading.shown, "html": html,
                             "query": self.url("/", reading.query())})

    async def _preview(self, reading: form.Reading) -> tuple[dict[str, Any] | None, str | None]:
        if reading.errors:
            return None, None
        try:
            return await run_in_threadpool(preview_data, self.setup, reading.values), None
        except UserError as exc:
            return None, exc.render()

    async def _complete(self, request: Request) -> form.Reading | Response:
        """Return the checked answers of a form post, or the form again with its refusals."""
        try:
            reading = self.read(await self.texts(request))
        except _Refused as refused:
            return refused.response()
        if reading.errors:
            return self.render("page.html.j2", status=400,
                               fields=form.field_views(self.setup.questionnaire, reading), query=reading.query(),
                               preview=None, problem="Some answers were refused; they are marked below.",
                               draws=self.setup.preview_draws, errors=reading.errors)
        return reading

    async def memo(self, request: Request) -> Response:
        reading = await self._complete(request)
        if isinstance(reading, Response):
            return reading
        try:
            async with self.memo_slots:
                html = await run_in_threadpool(memo_text, self.setup, reading.values, "html")
            saved = await run_in_threadpool(save_answers_file, self.setup, reading.values)
        except UserError as exc:
            return self.render("page.html.j2", status=400,
                               fields=form.field_views(self.setup.questionnaire, reading), query=reading.query(),
                               preview=None, problem=exc.render(), draws=self.setup.preview_draws, errors={})
        hidden = [(k, reading.texts[k]) for k in reading.shown]
        return self.render("memo.html.j2", memo_html=html, hidden=hidden, query=reading.query(), saved=saved,
                           formats=MEMO_FILES, command=advise_command(self.setup, "md"),
                           answers_name=ANSWERS_NAME)

    async def download(self, request: Request) -> Response:
        what = request.path_params["what"]
        if what != "answers" and what not in MEMO_FILES:
            return Response("no such download\n", status_code=404, media_type="text/plain")
        reading = await self._complete(request)
        if isinstance(reading, Response):
            return reading
        if what == "answers":
            name, media, text = ANSWERS_NAME, "application/yaml", answers_file(self.setup, reading.values)
        else:
            name, media = MEMO_FILES[what]
            try:
                async with self.memo_slots:
                    text = await run_in_threadpool(memo_text, self.setup, reading.values, what)
            except UserError as exc:
                return Response(exc.render() + "\n", status_code=400, media_type="text/plain")
        return Response(text.encode("utf-8"), media_type=media,
                        headers={"content-disposition": f'attachment; filename="{name}"'})

    async def upload(self, request: Request) -> Response:
        """Read an uploaded answers file's text; answer with the form's query string, or the file's errors."""
        from tune_or_prompt.answers_io import parse_answers

        try:
            text = (await request.body()).decode("utf-8-sig")
        except BodyTooLarge:
            return JSONResponse({"error": "the answers file is too large"}, status_code=413)
        except UnicodeDecodeError:
            return JSONResponse({"error": "the answers file is not UTF-8 text"}, status_code=400)
        try:
            values = await run_in_threadpool(parse_answers, text, "uploaded answers file", self.setup.ruleset)
        except UserError as exc:
            return JSONResponse({"error": exc.render()}, status_code=400)
        texts = form.start_texts(self.setup.questionnaire, values)
        return JSONResponse({"url": self.url("/", urlencode(texts))})

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return Response("not found\n", status_code=404, media_type="text/plain")
        return Response((HERE / "static" / name).read_bytes(), media_type=STATIC[name])


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message

    def response(self) -> Response:
        return Response(self.message + "\n", status_code=self.status, media_type="text/plain")


def _environment() -> jinja2.Environment:
    import jinja2
    from markupsafe import Markup

    from tune_or_prompt import words
    from tune_or_prompt.memo import filters

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update({"usd": filters.usd, "num": filters.num, "share": words.share, "svg": Markup,
                        "inline_code": filters.inline_code})
    return env
