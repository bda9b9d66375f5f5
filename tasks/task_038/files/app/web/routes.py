"""Routing for the admin console's JSON API."""

import sqlite3
from collections.abc import Callable

from app.web import admin_audit, admin_users
from app.web.http import Request, Response, error_response, json_response

Handler = Callable[[Request, sqlite3.Connection], Response]


def health(request: Request, db: sqlite3.Connection) -> Response:
    """For the load balancer: needs no sign-in, only a database that answers."""
    db.execute("SELECT 1").fetchone()
    return json_response(200, {"ok": True})


ROUTES: dict[tuple[str, str], Handler] = {
    ("GET", "/health"): health,
    ("GET", "/admin/users"): admin_users.list_users,
    ("GET", "/admin/audit"): admin_audit.search_audit_log,
}


def dispatch(request: Request, db: sqlite3.Connection) -> Response:
    """Run the handler for the request's method and path; "/admin/users/" is "/admin/users"."""
    path = request.path.rstrip("/") or "/"
    handler = ROUTES.get((request.method, path))
    if handler is None:
        if any(route_path == path for _, route_path in ROUTES):
            return error_response(405, "method not allowed")
        return error_response(404, "not found")
    return handler(request, db)
