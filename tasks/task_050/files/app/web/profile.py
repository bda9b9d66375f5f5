"""The signed-in user's own profile."""

from __future__ import annotations

from app.web.http import Request, Response, error_response, json_response
from app.web.services import Services


def get_profile(request: Request, services: Services) -> Response:
    if request.principal is None:
        return error_response(401, "sign in first")
    row = services.db.execute(
        "SELECT email, display_name, created_at FROM users WHERE id = ?", (request.principal.user_id,)
    ).fetchone()
    if row is None:
        return error_response(404, "no such user")
    email, display_name, created_at = row
    return json_response(200, {"email": email, "display_name": display_name, "created_at": created_at})
