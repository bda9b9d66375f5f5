"""The minimal request/response types our WSGI adapter hands to handlers and middleware."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    query: str = ""
    remote_addr: str = ""
    protocol: str = "HTTP/1.1"
    headers: dict[str, str] = field(default_factory=dict)  # names lower-cased by the adapter
    user: str | None = None  # set by the auth middleware


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Request], Response]
