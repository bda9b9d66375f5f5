"""Request/response types shared by handlers and middleware (the server adapter builds and sends them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    remote_addr: str  # the client's address, as seen by our edge proxy
    headers: dict[str, str] = field(default_factory=dict)  # names lower-cased by the adapter
    body: bytes = b""
    # Set by AuthMiddleware: the id of the account whose API token authenticated the request,
    # or "" for an anonymous request (no Authorization header).
    account_id: str = ""


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Request], Response]


def json_response(status: int, payload: object, headers: dict[str, str] | None = None) -> Response:
    import json

    return Response(status, json.dumps(payload).encode(), {"Content-Type": "application/json", **(headers or {})})
