"""Request/response types shared by the handlers (the server adapter builds and sends them)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)  # names lower-cased by the adapter
    body: bytes = b""  # the raw body, exactly as received


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Request], Response]


def json_response(status: int, payload: object) -> Response:
    return Response(status, json.dumps(payload).encode(), {"Content-Type": "application/json"})
