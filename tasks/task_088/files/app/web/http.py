"""The few request/response types the supplier portal handlers use."""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    supplier_id: int | None = None  # set by the portal's auth middleware

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json"


def json_response(status: int, payload: dict) -> Response:
    return Response(status, json.dumps(payload).encode("utf-8"))
