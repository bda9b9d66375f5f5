"""Requests and responses of the JSON API.

The session middleware authenticates every request and sets `principal` (None when nobody is signed
in); handlers never take the user or the tenant from the request's parameters.
"""

import json
from dataclasses import dataclass, field

from app.auth import Principal


class HttpError(Exception):
    """Raised by a handler to answer with `status` and `{"error": message}`."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)  # decoded; a repeated parameter keeps its last value
    body: bytes = b""
    principal: Principal | None = None

    def json(self) -> dict:
        """The body as a JSON object."""
        try:
            data = json.loads(self.body or b"{}")
        except ValueError:
            raise HttpError(400, "the body is not JSON") from None
        if not isinstance(data, dict):
            raise HttpError(400, "the body must be a JSON object")
        return data


@dataclass(frozen=True)
class Response:
    status: int
    payload: object


def require_principal(request: Request) -> Principal:
    if request.principal is None:
        raise HttpError(401, "sign in first")
    return request.principal
