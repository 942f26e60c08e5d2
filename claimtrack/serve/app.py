"""The app factory shared by ``claimtrack serve`` and the tests: routes, token check,
request size limit and errors as JSON (never a traceback)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimtrack import __version__
from claimtrack.api.auth import token_matches
from claimtrack.errors import (
    ClaimtrackError,
    DatabaseBusyError,
    IngestError,
    InvalidInputError,
    NotFoundError,
    NothingEmbeddedError,
)
from claimtrack.serve.routes import read_router, write_router
from claimtrack.serve.service import Service

log = logging.getLogger("claimtrack.serve")

#: Largest request body accepted (an article for /ingest fits; bigger is a 413).
MAX_BODY_BYTES = 2 * 1024 * 1024


class Json(JSONResponse):
    """JSON as the CLI writes it: UTF-8, Arabic readable, dates in ISO form."""

    def render(self, content: Any) -> bytes:
        from claimtrack.cli.output import dumps

        return dumps(content).encode("utf-8")


def error(status: int, message: str, **extra: Any) -> Json:
    return Json({"error": message, **extra}, status_code=status)


class BodyLimit:
    """413 for a body over ``limit`` bytes, whether announced (Content-Length) or
    streamed (chunked): the app never reads more than the limit."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = error(413, f"request body over {self.limit} bytes")
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await too_big(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:  # read it all first: a streamed body can only be judged at its end
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                await too_big(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)


def _field(location: tuple[Any, ...]) -> str:
    """``("body", "top_k")`` -> ``top_k``; ``("query", "limit")`` -> ``limit``."""
    parts = [str(p) for p in location if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def _invalid(_request: Request, exc: Exception) -> Json:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for item in exc.errors():
        if item.get("type") == "json_invalid":
            problems.append({"field": "body", "message": "the body is not valid JSON"})
            continue
        message = str(item.get("msg", "invalid value")).removeprefix("Value error, ")
        problems.append({"field": _field(tuple(item.get("loc", ()))), "message": message})
    first = problems[0] if problems else {"field": "body", "message": "invalid request"}
    return error(422, f"{first['field']}: {first['message']}", field=first["field"],
                 problems=problems)  # fmt: skip


def _http(_request: Request, exc: Exception) -> Json:
    assert isinstance(exc, HTTPException)
    return Json({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)


def _claimtrack(_request: Request, exc: Exception) -> Json:
    """A library error is for people: its one-line message, with the fitting status."""
    status = 500
    if isinstance(exc, NothingEmbeddedError):
        status = 409
    elif isinstance(exc, NotFoundError):
        status = 404
    elif isinstance(exc, InvalidInputError | IngestError):
        status = 400
    elif isinstance(exc, DatabaseBusyError):
        status = 503
    if status == 500:
        log.error("request failed: %s", exc)
    return error(status, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


def _unexpected(request: Request, exc: Exception) -> Json:
    log.exception("unexpected error in %s %s", request.method, request.url.path, exc_info=exc)
    return error(500, "internal error (logged by the server)")


def make_app(
    service: Service, *, token: str | None = None, max_body: int = MAX_BODY_BYTES
) -> FastAPI:
    """The HTTP app over ``service``. With ``token`` every endpoint but ``/healthz`` and
    the docs needs ``Authorization: Bearer TOKEN`` (missing: 401, wrong: 403)."""
    bearer = HTTPBearer(auto_error=False, description="The service's --token")

    def authorised(
        credentials: HTTPAuthorizationCredentials | None = Depends(bearer),  # noqa: B008
    ) -> None:
        if token is None:
            return
        if credentials is None:
            raise HTTPException(401, "this service needs a token: Authorization: Bearer TOKEN",
                                headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
        if not token_matches(token, credentials.credentials):
            raise HTTPException(403, "wrong token")

    app = FastAPI(
        title="claimtrack",
        version=__version__,
        description="Similar claims, earlier fact-checks and the verification workflow of "
        "one claimtrack database, over HTTP. Field names are those of the CLI's "
        "`--format json`.",
        default_response_class=Json,
    )
    app.state.service = service
    guarded = [Depends(authorised)]
    app.include_router(read_router(service), dependencies=guarded)
    app.include_router(write_router(service), dependencies=guarded)

    @app.get("/healthz", tags=["service"])
    def healthz() -> dict[str, str]:
        """Liveness: answers without a token and without touching the database."""
        return {"status": "ok", "version": __version__}

    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(ClaimtrackError, _claimtrack)
    app.add_exception_handler(Exception, _unexpected)
    app.add_middleware(BodyLimit, limit=max_body)
    return app
