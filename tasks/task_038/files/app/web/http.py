"""The small request/response layer the admin console's JSON API is built on.

The session middleware authenticates the request and resolves `principal` before a handler runs;
handlers never read the user or the tenant from the request's parameters.
"""

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Principal:
    """The signed-in user."""

    user_id: str
    tenant_id: str
    permissions: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query_string: str = ""  # raw, still percent-encoded
    principal: Principal | None = None


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> object:
        return json.loads(self.body)


def json_response(status: int, payload: object) -> Response:
    body = json.dumps(payload, separators=(",", ":")).encode()
    return Response(status, body, {"Content-Type": "application/json", "Cache-Control": "no-store"})


def error_response(status: int, message: str) -> Response:
    return json_response(status, {"error": message})
