"""Request/response types shared by the handlers (the server adapter builds and sends them)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    user_id: int | None = None  # the signed-in user, set by the session middleware


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def json_response(status: int, payload: object) -> Response:
    return Response(status, json.dumps(payload).encode(), {"Content-Type": "application/json"})


def file_response(path: Path, download_name: str, content_type: str = "application/octet-stream") -> Response:
    """Send `path` as a download named `download_name` (RFC 6266 / 5987 encoded, so any name is safe)."""
    return Response(
        200,
        path.read_bytes(),
        {
            "Content-Type": content_type,
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(download_name, safe='')}",
            "X-Content-Type-Options": "nosniff",
        },
    )
