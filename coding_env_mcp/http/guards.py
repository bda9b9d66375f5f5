"""Request guards for the HTTP app: DNS-rebinding protection (Host and Origin checks) and the bearer token.

Both guards wrap the *whole* app, HTTP and WebSocket scopes alike, so the MCP endpoints (`/mcp`, `/sse`,
`/messages/`), the plain HTTP routes (`/health`, `/tasks`, `/grader`, and any router added later) and the
OpenEnv endpoints (`/ws`, `/reset`, `/step`, ...) are protected by one policy, in one place. A refused
WebSocket handshake gets the same HTTP status and JSON body as a refused request. The SDK turns its own Host check on only when bound to a loopback address, which would silently drop
it in a container bound to 0.0.0.0; here the check is always on and the allowed hosts are configured. The one
exception to the token is a `PublicRoute`: a file of the web page, which holds no data (see `web`).

A host pattern is `name` (any port), `name:port` (that port only) or `*` (any host: protection off, which
has to be asked for by name). IPv6 literals are written in brackets: `[::1]`, `[::1]:8000`.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..settings import ALLOWED_HOSTS_ENV, CORS_ORIGINS_ENV, TOKEN_ENV
from .errors import json_error

log = logging.getLogger(__name__)

LOOPBACK_HOSTS: tuple[str, ...] = ("localhost", "127.0.0.1", "[::1]")
WILDCARD_BINDS = frozenset({"0.0.0.0", "::", "[::]", ""})


GUARDED_SCOPES = frozenset({"http", "websocket"})


async def refuse(response: Response, scope: Scope, receive: Receive, send: Send) -> None:
    """Answer `response` to an HTTP request, or refuse a WebSocket handshake with it (the server's
    `websocket.http.response` extension sends it as the handshake's HTTP answer; without it, the handshake
    is closed, which the server answers 403)."""
    if scope["type"] == "websocket" and "websocket.http.response" not in scope.get("extensions", {}):
        await send({"type": "websocket.close", "code": 1008})
        return
    await response(scope, receive, send)


class HostPatternError(ValueError):
    """An allowed-host pattern that cannot be parsed; the message says which forms are accepted."""


@dataclass(frozen=True)
class HostPattern:
    """One allowed Host: a lower-cased name (IPv6 in brackets) and a port, or None for any port."""

    name: str
    port: int | None = None

    def __str__(self) -> str:
        return self.name if self.port is None else f"{self.name}:{self.port}"


def split_host(value: str) -> tuple[str, str | None]:
    """Split a Host header or pattern into (name, port text); IPv6 names keep their brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        if end == -1:
            return value, None
        name, rest = value[: end + 1], value[end + 1 :]
        return name, rest[1:] if rest.startswith(":") else (rest or None)
    if value.count(":") == 1:
        name, port = value.split(":")
        return name, port
    return value, None


def parse_host_pattern(text: str) -> HostPattern | None:
    """Parse one `--allowed-host` value; None stands for `*` (any host)."""
    raw = text.strip()
    if raw == "*":
        return None
    name, port = split_host(raw)
    bad = (
        not name
        or any(ch in name for ch in "/@?# ")
        or (name.startswith("[") != name.endswith("]"))
        or (":" in name and not name.startswith("["))
    )
    if bad:
        raise HostPatternError(
            f"allowed host {text!r} is not a host name; use 'name', 'name:port', '[ipv6]', '[ipv6]:port' "
            "or '*' (any host: turns DNS-rebinding protection off)"
        )
    if port is None or port == "*":
        return HostPattern(name)
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise HostPatternError(f"allowed host {text!r} has port {port!r}; a port is 1-65535 or '*'")
    return HostPattern(name, int(port))


def bind_host_name(bind_host: str) -> str | None:
    """The Host-header form of the address the server binds, or None for a wildcard bind (0.0.0.0, ::)."""
    host = bind_host.strip().lower()
    if host in WILDCARD_BINDS:
        return None
    if ":" in host and not host.startswith("["):
        return f"[{host}]"
    return host


class HostPolicy:
    """Which Host and Origin headers a request may carry.

    The defaults are the loopback names plus the bind address (unless it is a wildcard, which is never a
    name a client would use). `extra` adds names, e.g. the container's public DNS name; `cors_origins` are
    the browser origins allowed to call in from elsewhere.
    """

    def __init__(self, patterns: Iterable[HostPattern] | None, cors_origins: Iterable[str] = ()):
        self.patterns = None if patterns is None else tuple(patterns)
        self.cors_origins = frozenset(origin.rstrip("/") for origin in cors_origins)

    @classmethod
    def for_bind(cls, bind_host: str, extra: Iterable[str] = (), cors_origins: Iterable[str] = ()) -> HostPolicy:
        names = [*LOOPBACK_HOSTS]
        bound = bind_host_name(bind_host)
        if bound is not None and bound not in names:
            names.append(bound)
        patterns: list[HostPattern] = [HostPattern(name) for name in names]
        for text in extra:
            pattern = parse_host_pattern(text)
            if pattern is None:
                return cls(None, cors_origins)
            patterns.append(pattern)
        return cls(patterns, cors_origins)

    @property
    def any_host(self) -> bool:
        return self.patterns is None

    def describe(self) -> str:
        if self.patterns is None:
            return "any host (DNS-rebinding protection off)"
        return ", ".join(map(str, self.patterns))

    def host_allowed(self, host: str | None) -> bool:
        if self.patterns is None:
            return True
        if not host:
            return False
        name, port_text = split_host(host)
        port = int(port_text) if port_text and port_text.isdigit() else None
        if port_text is not None and port is None:
            return False
        return any(p.name == name and (p.port is None or p.port == port) for p in self.patterns)

    def origin_allowed(self, origin: str | None) -> bool:
        """An absent Origin is a non-browser client; a present one must be a configured CORS origin or
        name an allowed host (a page served from this server calling back into it)."""
        if origin is None:
            return True
        origin = origin.strip().rstrip("/")
        if "*" in self.cors_origins or origin in self.cors_origins:
            return True
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return False  # includes the opaque origin "null"
        return self.host_allowed(parts.netloc)


class HostGuard:
    """ASGI middleware refusing requests whose Host (421) or Origin (403) the policy does not allow."""

    def __init__(self, app: ASGIApp, policy: HostPolicy):
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in GUARDED_SCOPES or self.policy.any_host:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = headers.get("host")
        if not self.policy.host_allowed(host):
            log.warning("refused a request with Host %r", host)
            response = json_error(
                421,
                "misdirected_request",
                f"Host {host!r} is not served here (DNS-rebinding protection); allowed: "
                f"{self.policy.describe()}. Add the name with --allowed-host or {ALLOWED_HOSTS_ENV}.",
            )
            await refuse(response, scope, receive, send)
            return
        origin = headers.get("origin")
        if not self.policy.origin_allowed(origin):
            log.warning("refused a request with Origin %r", origin)
            response = json_error(
                403,
                "forbidden_origin",
                f"Origin {origin!r} may not call this server; allow it with --cors-origin or {CORS_ORIGINS_ENV}.",
            )
            await refuse(response, scope, receive, send)
            return
        await self.app(scope, receive, send)


class PublicRoute(Route):
    """A GET route the bearer token does not guard, for files shipped in the package and nothing else.

    A browser navigating to a page cannot send an `Authorization` header, so the web page's own HTML, CSS and
    JavaScript must load without the token; the page then asks the person for it and sends it on every call.
    Such a route must never serve task, episode or server data: those stay behind the token.
    """


class BearerTokenGuard:
    """ASGI middleware requiring `Authorization: Bearer <token>` on every HTTP request and WebSocket handshake
    (401 otherwise).

    The comparison is constant-time. CORS preflights never carry credentials, so when CORS is configured
    its middleware sits outside this one and answers them first. `public_paths` are the exact paths of the
    app's `PublicRoute`s: a GET or HEAD of exactly one of them passes without the token.

    A WebSocket handshake may instead carry the token as the password of HTTP Basic credentials (any user
    name): that is what a WebSocket client sends for a URL such as `ws://openenv:<token>@host/ws`, and it is
    the only way OpenEnv's stock client, which cannot set headers, can present the token. Basic credentials
    are accepted on WebSocket handshakes only, never on HTTP requests, which can always send the header.
    """

    def __init__(self, app: ASGIApp, token: str, public_paths: frozenset[str] = frozenset()):
        self.app = app
        self._expected = token.encode()
        self._public_paths = public_paths

    def _authorized(self, scope: Scope, given: str) -> bool:
        scheme, _, credentials = given.strip().partition(" ")
        scheme = scheme.lower()
        # The scheme is case-insensitive (RFC 6750); the token is compared in constant time.
        if scheme == "bearer":
            return hmac.compare_digest(credentials.strip().encode(), self._expected)
        if scheme == "basic" and scope["type"] == "websocket":
            try:
                decoded = base64.b64decode(credentials.strip(), validate=True)
            except (binascii.Error, ValueError):
                return False
            _, colon, password = decoded.partition(b":")
            return bool(colon) and hmac.compare_digest(password, self._expected)
        return False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in GUARDED_SCOPES or (
            scope["type"] == "http" and scope["method"] in ("GET", "HEAD") and scope["path"] in self._public_paths
        ):
            await self.app(scope, receive, send)
            return
        given = Headers(scope=scope).get("authorization", "")
        if not self._authorized(scope, given):
            detail = (
                "missing Authorization header" if not given else "the bearer token does not match"
            ) + f"; send 'Authorization: Bearer <token>' with the token set in {TOKEN_ENV}"
            if scope["type"] == "websocket":
                detail += " (a WebSocket client may instead put the token in its URL: ws://openenv:<token>@host/ws)"
            response = json_error(401, "unauthorized", detail)
            response.headers["WWW-Authenticate"] = 'Bearer realm="coding-env-mcp"'
            await refuse(response, scope, receive, send)
            return
        await self.app(scope, receive, send)
