"""``claimtrack review --web``: the same review app in a browser, through textual-serve.

Each browser tab gets its own ``claimtrack review`` process (textual-serve starts the
command and streams its screen over a websocket), so every tab is a full app with its
own analyst, short database sessions and periodic refresh, exactly as in a terminal.

Access follows :mod:`claimtrack.api.auth`: on loopback the page is open and the analyst
defaults to the server's; off loopback every request needs the token (``?token=`` once,
then an HttpOnly cookie) and every tab names its analyst (``?analyst=NAME``, kept in a
cookie). The database location travels to the app processes in their environment, never
on a command line.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import sys
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import quote, unquote

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from claimtrack.api.auth import client_analyst, is_loopback, token_matches
from claimtrack.errors import InvalidInputError

log = logging.getLogger("textual-serve")
TOKEN_COOKIE = "claimtrack_token"
ANALYST_COOKIE = "claimtrack_analyst"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class _ReviewProcess(AppService):
    """textual-serve's app process, with claimtrack's settings in its environment."""

    def __init__(self, *args: Any, extra_env: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._extra_env = dict(extra_env)

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment.update(self._extra_env)
        return environment


class ReviewServer(Server):
    """textual-serve's server plus the token and analyst rules."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        token: str | None,
        default_analyst: str | None,
        app_env: Mapping[str, str],
        review_args: list[str],
    ) -> None:
        command = shlex.join([sys.executable, "-m", "claimtrack", "review", *review_args])
        super().__init__(command, host=host, port=port, title="claimtrack review")
        self.token = token
        self.default_analyst = default_analyst
        self.loopback = is_loopback(host)
        self.app_env = dict(app_env)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()

        @web.middleware
        async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
            return await self._guard(request, handler)

        app.middlewares.append(guard)
        return app

    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        given = request.query.get("token") or request.cookies.get(TOKEN_COOKIE) or bearer
        if not token_matches(self.token, given):
            return web.Response(status=401, text="claimtrack review: add ?token=... to the address")
        analyst = request.query.get("analyst")
        if request.path == "/":
            try:
                analyst = self._analyst(analyst or request.cookies.get(ANALYST_COOKIE))
            except InvalidInputError as error:
                return web.Response(status=400, text=f"claimtrack review: {error}")
        response = await handler(request)
        if request.path == "/" and isinstance(response, web.Response):
            cookie = {"httponly": True, "samesite": "Strict", "path": "/"}
            if self.token and request.query.get("token"):
                response.set_cookie(TOKEN_COOKIE, given, **cookie)  # type: ignore[arg-type]
            if request.query.get("analyst") and analyst:
                response.set_cookie(ANALYST_COOKIE, quote(analyst), **cookie)  # type: ignore[arg-type]
        return response

    def _analyst(self, given: str | None) -> str:
        return client_analyst(unquote(given or ""), default=self.default_analyst,
                              loopback=self.loopback)  # fmt: skip

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        # The page tells the browser where the websocket is: use the address the browser
        # used (a server bound to 0.0.0.0 has no single public name). No await happens
        # between setting it and rendering, so concurrent requests cannot mix it up.
        self.public_url = str(request.url.origin())
        response: web.StreamResponse = await super().handle_index(request)
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, starting the app with this browser's analyst."""
        try:
            analyst = self._analyst(request.cookies.get(ANALYST_COOKIE))
        except InvalidInputError as error:
            raise web.HTTPBadRequest(text=str(error)) from None
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = _ReviewProcess(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
                extra_env={**self.app_env, "CLAIMTRACK_ANALYST": analyst},
            )
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one browser's failure must not stop the server
            log.exception(error)
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket
