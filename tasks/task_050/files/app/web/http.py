"""The small request/response layer the web handlers are written against.

The WSGI adapter (app/web/wsgi.py) builds a Request per call and turns the handler's Response back
into a WSGI response. The session middleware has already authenticated the caller: `principal` is
the signed-in user, or None. Handlers never take the user from the request's parameters.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Principal:
    """The signed-in user."""

    user_id: int
    email: str


@dataclass(frozen=True)
class Request:
    method: str
    # The path exactly as the client sent it: still percent-encoded. Neither the adapter nor the
    # router decodes it; a handler that takes a value from the path decodes that value itself.
    path: str
    query_string: str = ""  # raw, still percent-encoded
    principal: Principal | None = None


@dataclass(frozen=True)
class Response:
    status: int
    # Either the whole body, or an iterable of byte chunks sent as they come. An iterable with a
    # close() method is closed once the response is over, sent or not (PEP 3333: the WSGI server
    # calls close() on what the application returned; the adapter returns the body itself).
    body: bytes | Iterable[bytes]
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, value in self.headers.items():
            if any(ch in name + value for ch in "\r\n\0"):
                raise ValueError(f"control character in header {name!r}")

    def json(self) -> object:
        assert isinstance(self.body, bytes)
        return json.loads(self.body)


def json_response(status: int, payload: object) -> Response:
    body = json.dumps(payload, separators=(",", ":")).encode()
    return Response(status, body, {"Content-Type": "application/json", "Cache-Control": "no-store"})


def error_response(status: int, message: str) -> Response:
    return json_response(status, {"error": message})
