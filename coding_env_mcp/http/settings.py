"""Settings of the HTTP transports (`serve --transport sse|streamable-http|http`).

Like every operator setting, each has a documented default, an environment variable and a CLI flag (the flag
wins). The bearer token is the exception: it is read from the environment only, because a command line is
visible to every user of the machine (`ps`). Nothing here imports `mcp`, so `--help` stays fast.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..settings import (
    ACCESS_LOG_ENV,
    ALLOWED_HOSTS_ENV,
    CORS_ORIGINS_ENV,
    HEADER_TIMEOUT,
    HOST_ENV,
    HTTP_SETTINGS,
    MAX_BODY_KB,
    MAX_CONNECTIONS,
    PORT,
    SHUTDOWN_GRACE,
    STATELESS_ENV,
    TOKEN_ENV,
    ConfigError,
    add_setting_flags,
    setting_value,
)
from .guards import HostPatternError, HostPolicy, parse_host_pattern

HTTP_TRANSPORTS = ("sse", "streamable-http", "http")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class HttpSettings:
    """How the HTTP app is served and guarded. `allowed_hosts` are added to the defaults (see `HostPolicy`)."""

    transport: str = "http"
    host: str = "127.0.0.1"
    port: int = 8000
    allowed_hosts: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ()
    token: str | None = None
    stateless: bool = False
    max_body_bytes: int = 1024 * 1024
    shutdown_grace_s: float = 5.0
    header_timeout_s: float = 10.0
    max_connections: int = 1000
    access_log: bool = False

    @property
    def serves_sse(self) -> bool:
        return self.transport in ("sse", "http")

    @property
    def serves_streamable_http(self) -> bool:
        return self.transport in ("streamable-http", "http")

    def host_policy(self) -> HostPolicy:
        return HostPolicy.for_bind(self.host, self.allowed_hosts, self.cors_origins)


def add_http_settings(parser: argparse.ArgumentParser) -> None:
    """Add the HTTP transports' flags to `parser` (the `serve` command)."""
    group = parser.add_argument_group("HTTP transports (sse, streamable-http, http)")
    group.add_argument("--host", default=None, help=f"address to bind (env {HOST_ENV}; default 127.0.0.1)")
    add_setting_flags(group, HTTP_SETTINGS)
    group.add_argument(
        "--allowed-host",
        dest="allowed_hosts",
        action="append",
        default=None,
        metavar="HOST",
        help=(
            "a Host header to accept besides localhost, 127.0.0.1, [::1] and the bind address, as name, "
            "name:port or '*' for any (repeatable; env "
            f"{ALLOWED_HOSTS_ENV}, comma-separated). Other hosts get 421 (DNS-rebinding protection)."
        ),
    )
    group.add_argument(
        "--cors-origin",
        dest="cors_origins",
        action="append",
        default=None,
        metavar="ORIGIN",
        help=f"a browser origin allowed cross-origin calls, e.g. https://app.example.com (repeatable; env "
        f"{CORS_ORIGINS_ENV}, comma-separated; default: none, no CORS headers at all)",
    )
    group.add_argument(
        "--stateless",
        action="store_const",
        const=True,
        default=None,
        help=f"streamable HTTP without MCP sessions for 2025-era clients (env {STATELESS_ENV}); see docs/container.md",
    )
    group.add_argument(
        "--access-log",
        action="store_const",
        const=True,
        default=None,
        help=f"log every request (env {ACCESS_LOG_ENV}; off by default: /grader URLs carry episode ids)",
    )


def _flag(value: bool | None, env: str) -> bool:
    if value is not None:
        return value
    raw = os.environ.get(env, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigError(f"{env}={raw!r} is not a boolean; use 1/true/yes/on or 0/false/no/off")


def _list(values: list[str] | None, env: str) -> list[str]:
    if values is not None:
        return [value.strip() for value in values if value.strip()]
    return [item.strip() for item in os.environ.get(env, "").split(",") if item.strip()]


def _check_origin(origin: str, source: str) -> str:
    if origin == "*":
        return origin
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/") or parts.query:
        raise ConfigError(
            f"{source}: {origin!r} is not an origin; write scheme://host[:port] (e.g. https://app.example.com) or '*'"
        )
    return origin.rstrip("/")


def http_settings(args: argparse.Namespace) -> HttpSettings:
    """The HTTP settings from `args` and the environment; `ConfigError` names any bad value."""
    port = int(setting_value(args, PORT))
    if port > 65535:
        raise ConfigError(f"--port {port} is not a TCP port (1-65535)")
    allowed_hosts = _list(getattr(args, "allowed_hosts", None), ALLOWED_HOSTS_ENV)
    for text in allowed_hosts:
        try:
            parse_host_pattern(text)
        except HostPatternError as exc:
            raise ConfigError(str(exc)) from None
    given_origins = getattr(args, "cors_origins", None)
    origin_source = "--cors-origin" if given_origins is not None else CORS_ORIGINS_ENV
    cors_origins = [_check_origin(o, origin_source) for o in _list(given_origins, CORS_ORIGINS_ENV)]
    token = os.environ.get(TOKEN_ENV, "")
    if token and (token != token.strip() or any(ch.isspace() for ch in token)):
        raise ConfigError(f"{TOKEN_ENV} must not contain whitespace (it is sent as 'Authorization: Bearer <token>')")
    return HttpSettings(
        transport=getattr(args, "transport", "http"),
        host=(getattr(args, "host", None) or os.environ.get(HOST_ENV) or "127.0.0.1").strip(),
        port=port,
        allowed_hosts=tuple(allowed_hosts),
        cors_origins=tuple(cors_origins),
        token=token or None,
        stateless=_flag(getattr(args, "stateless", None), STATELESS_ENV),
        max_body_bytes=int(setting_value(args, MAX_BODY_KB)) * 1024,
        shutdown_grace_s=float(setting_value(args, SHUTDOWN_GRACE)),
        header_timeout_s=float(setting_value(args, HEADER_TIMEOUT)),
        max_connections=int(setting_value(args, MAX_CONNECTIONS)),
        access_log=_flag(getattr(args, "access_log", None), ACCESS_LOG_ENV),
    )
