"""Routing: (method, path) to handler."""

from __future__ import annotations

from collections.abc import Callable

from app.web import files, profile
from app.web.http import Request, Response, error_response, json_response
from app.web.services import Services

Handler = Callable[[Request, Services], Response]


def health(request: Request, services: Services) -> Response:
    """For the load balancer: needs no sign-in, only a database that answers."""
    services.db.execute("SELECT 1").fetchone()
    return json_response(200, {"ok": True})


ROUTES: dict[tuple[str, str], Handler] = {
    ("GET", "/health"): health,
    ("GET", "/me"): profile.get_profile,
    ("GET", "/me/files"): files.list_files,
}

# Routes whose path goes on with a value (a file's path): matched on the start of the raw path.
# The handler gets the request as it is and takes the value from request.path itself.
PREFIX_ROUTES: dict[tuple[str, str], Handler] = {
    ("GET", files.FILES_PREFIX): files.download,
}


def dispatch(request: Request, services: Services) -> Response:
    """Run the handler for the request's method and path; "/me/" is "/me"."""
    path = request.path.rstrip("/") or "/"
    handler = ROUTES.get((request.method, path))
    if handler is None:
        handler = _prefix_route(request.method, request.path)
    if handler is None:
        if any(route_path == path for _, route_path in ROUTES) or _prefix_route(None, request.path):
            return error_response(405, "method not allowed")
        return error_response(404, "not found")
    return handler(request, services)


def _prefix_route(method: str | None, raw_path: str) -> Handler | None:
    """The prefix route for `raw_path` (for any method if `method` is None); the value after the
    prefix must not be empty."""
    for (route_method, prefix), handler in PREFIX_ROUTES.items():
        if raw_path.startswith(prefix) and len(raw_path) > len(prefix):
            if method is None or method == route_method:
                return handler
    return None
