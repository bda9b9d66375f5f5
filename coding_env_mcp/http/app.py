"""The container's ASGI app: MCP over SSE and streamable HTTP plus the seed env's HTTP routes, in one process.

    /mcp                 streamable HTTP (2026-07-28 sessionless clients and 2025-11-25 session clients)
    /sse, /messages/     the SSE transport (GET opens the stream, POST sends messages)
    /health /tasks /grader   plain HTTP (see `routes`)
    /web                 the page for people, which plays through /mcp (see `web`)
    /ws /reset /step /state /schema /metadata   OpenEnv's protocol (see `openenv`)

One `ReviewEnv` serves every route, so an episode started over one transport is visible on all the others
and graded by `/grader`. The app owns the env: the SDK runs the MCP server's lifespan once per SSE
connection, so nothing episode-related may live there. The app's own lifespan runs the streamable-HTTP
session manager and, at shutdown, closes the env (ending every episode and killing its sandbox).

More pages join by adding a router (a function `(env, settings) -> routes`) to `ROUTERS`; every router sits
behind the same Host/Origin check, bearer token and body limit as the MCP endpoints.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import anyio
from mcp.server import MCPServer
from mcp.server.transport_security import RequestBodyLimitMiddleware, TransportSecuritySettings
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..core.env import ReviewEnv
from ..server import build_server
from . import openenv, routes, web
from .connections import install_accept_error_filter, protocol_with_header_timeout, raise_file_limit
from .errors import json_error
from .guards import BearerTokenGuard, HostGuard, PublicRoute
from .settings import HttpSettings

log = logging.getLogger(__name__)

FILES_BESIDES_CONNECTIONS = 256  # the record, the sandbox's pipes and workspaces, logs

Router = Callable[[ReviewEnv, HttpSettings], list[BaseRoute]]
ROUTERS: tuple[Router, ...] = (routes.routes, openenv.routes, web.routes)

STREAMABLE_HTTP_PATH = "/mcp"
SSE_PATH = "/sse"
SSE_MESSAGE_PATH = "/messages/"

# Headers a browser client of the MCP endpoints must be allowed to send and read when CORS is configured.
_CORS_REQUEST_HEADERS = ["Authorization", "Content-Type", "Accept", "Mcp-Session-Id", "Mcp-Protocol-Version"]
_CORS_RESPONSE_HEADERS = ["Mcp-Session-Id", "WWW-Authenticate"]


def _route_roots(routes: Sequence[BaseRoute]) -> list[str]:
    """The first path segment of every route served, in serving order (`/web/app.js` shows as `/web`, a mount
    such as the SSE transport's `/messages/` with its trailing slash)."""
    roots: dict[str, str] = {}
    for route in routes:
        segment = getattr(route, "path", "").strip("/").split("/")[0]
        if segment and segment not in roots:
            roots[segment] = f"/{segment}/" if isinstance(route, Mount) else f"/{segment}"
    return list(roots.values())


async def _http_exception(request: Request, exc: Exception) -> Response:
    """Unknown routes and wrong methods answer in the app's JSON error shape, naming what exists."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        detail = f"no route {request.url.path!r}; routes: {', '.join(_route_roots(request.app.routes))}"
        return json_error(404, "not_found", detail)
    if exc.status_code == 405:
        return json_error(405, "method_not_allowed", f"{request.method} is not allowed on {request.url.path}")
    return json_error(exc.status_code, "http_error", str(exc.detail))


class _CompleteResponse:
    """ASGI wrapper for the SDK's streaming endpoints: one response per request, always properly ended.

    Two SDK behaviours otherwise surface at shutdown as ASGI errors in the log and as truncated chunked
    bodies on the client: the SSE endpoint answers an extra `Response()` after its event stream ends (harmless
    when the client closed the stream, but not when the server ends it), and a 2025-era client's standalone
    GET stream on /mcp is abandoned unfinished when the session manager stops. This ends an unfinished stream
    with its final empty chunk and drops any second response.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = finished = False

        async def send_once(message: Message) -> None:
            nonlocal started, finished
            if finished:
                return
            if message["type"] == "http.response.start":
                if started:  # a second response: end the first one instead
                    finished = True
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                    return
                started = True
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                finished = True
            await send(message)

        try:
            await self.app(scope, receive, send_once)
        finally:
            if started and not finished:
                finished = True
                with anyio.CancelScope(shield=True):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})


def _completed(route: BaseRoute) -> BaseRoute:
    """`route` with its endpoint wrapped in `_CompleteResponse` if it is one of the SDK's streaming endpoints."""
    if isinstance(route, Route) and route.path in (STREAMABLE_HTTP_PATH, SSE_PATH):
        return Route(route.path, endpoint=_CompleteResponse(route.app), methods=route.methods, name=route.name)
    return route


def build_app(
    env: ReviewEnv,
    settings: HttpSettings,
    *,
    server: MCPServer | None = None,
    routers: Sequence[Router] = ROUTERS,
) -> Starlette:
    """The ASGI app serving `env` as `settings` say. The app closes `env` when it shuts down.

    `server` is the MCP server to mount (default: `build_server(env)`); a benchmark passes one with an extra
    tool so that both are served through exactly the same stack.
    """
    server = server or build_server(env)
    # The SDK's own Host check is turned off here on purpose: `HostGuard` applies the configured policy to
    # every route of the app, MCP or not, with one set of rules and one error shape.
    sdk_security = TransportSecuritySettings(enable_dns_rebinding_protection=False)
    routes: list[BaseRoute] = []
    if settings.serves_streamable_http:
        routes += server.streamable_http_app(
            streamable_http_path=STREAMABLE_HTTP_PATH,
            stateless_http=settings.stateless,
            max_request_body_size=settings.max_body_bytes,
            transport_security=sdk_security,
        ).routes
    if settings.serves_sse:
        routes += server.sse_app(
            sse_path=SSE_PATH,
            message_path=SSE_MESSAGE_PATH,
            max_request_body_size=settings.max_body_bytes,
            transport_security=sdk_security,
        ).routes
    routes = [_completed(route) for route in routes]
    for router in routers:
        routes += router(env, settings)

    # Outermost first: refuse foreign hosts before anything else, answer CORS preflights (which carry no
    # credentials) before the token check, and read a body only for a caller holding the token.
    middleware = [Middleware(HostGuard, policy=settings.host_policy())]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
                allow_headers=_CORS_REQUEST_HEADERS,
                expose_headers=_CORS_RESPONSE_HEADERS,
            )
        )
    if settings.token:
        public_paths = frozenset(route.path for route in routes if isinstance(route, PublicRoute))
        middleware.append(Middleware(BearerTokenGuard, token=settings.token, public_paths=public_paths))
    middleware.append(Middleware(RequestBodyLimitMiddleware, max_body_size=settings.max_body_bytes))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            async with AsyncExitStack() as stack:
                if settings.serves_streamable_http:
                    await stack.enter_async_context(server.session_manager.run())
                yield
        finally:
            # Closing waits for any run_python still in flight on an episode, so run it off the event loop.
            await anyio.to_thread.run_sync(env.close)
            log.info("env closed: episodes ended, sandboxes released")

    return Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_exception},
    )


def serve_http(env: ReviewEnv, settings: HttpSettings, *, server: MCPServer | None = None) -> None:
    """Serve `env` with uvicorn until SIGINT/SIGTERM, then shut down gracefully (`server` as in `build_app`).

    On a signal uvicorn stops accepting connections, gives in-flight requests `shutdown_grace_s` to finish
    (then cancels them), and runs the app's lifespan shutdown, which closes the env.
    """
    import uvicorn  # only the HTTP transports need it

    policy = settings.host_policy()
    log.info(
        "serving %d tasks over %s on http://%s:%d (isolation: %s); allowed hosts: %s; bearer token: %s",
        len(env.registry),
        settings.transport,
        settings.host,
        settings.port,
        env.sandbox.isolation,
        policy.describe(),
        "required" if settings.token else "not set",
    )
    if not settings.token and settings.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("bound to %s without a bearer token: anyone who can reach the port can play", settings.host)
    uvicorn.Server(uvicorn_config(build_app(env, settings, server=server), settings)).run()


def uvicorn_config(app: Starlette, settings: HttpSettings, **overrides: Any) -> Any:
    """How uvicorn serves the app: guarded against slow and too many connections (see `connections`)."""
    import uvicorn

    files = raise_file_limit(settings.max_connections + FILES_BESIDES_CONNECTIONS)
    if files < settings.max_connections + FILES_BESIDES_CONNECTIONS:
        log.warning(
            "the open-file limit is %d: fewer than --max-connections %d need; raise it (ulimit -n) or lower the cap",
            files,
            settings.max_connections,
        )
    install_accept_error_filter()
    options = {
        "host": settings.host,
        "port": settings.port,
        "log_config": None,
        "access_log": settings.access_log,
        "timeout_graceful_shutdown": settings.shutdown_grace_s,
        "server_header": False,
        "lifespan": "on",
        # WebSocket serving for the OpenEnv protocol's /ws (see `openenv`); messages are capped like bodies.
        "ws": "websockets-sansio",
        "ws_max_size": settings.max_body_bytes,
        "http": protocol_with_header_timeout(settings.header_timeout_s),
        "limit_concurrency": settings.max_connections,
    }
    return uvicorn.Config(app, **(options | overrides))
