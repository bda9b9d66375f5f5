"""The API: routes and the middleware around them."""

from __future__ import annotations

import os
from collections.abc import Callable

from app.handlers.auth import login
from app.handlers.payments import create_payment
from app.http import Request, Response, json_response
from app.telemetry.request_log import RequestLogger

Handler = Callable[[Request], Response]

ROUTES: dict[tuple[str, str], Handler] = {
    ("POST", "/login"): login,
    ("POST", "/payments"): create_payment,
}


def route(request: Request) -> Response:
    handler = ROUTES.get((request.method, request.path))
    if handler is None:
        return json_response(404, {"error": "not found"})
    try:
        return handler(request)
    except ValueError:  # malformed JSON or form body
        return json_response(400, {"error": "malformed request body"})


def build_app(*, log_bodies: bool | None = None) -> Handler:
    """The routes, wrapped in the request log. Bodies are logged unless API_LOG_BODIES=0."""
    if log_bodies is None:
        log_bodies = os.environ.get("API_LOG_BODIES", "1") != "0"
    return RequestLogger(route, log_bodies=log_bodies)
