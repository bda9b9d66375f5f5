"""Who is asking: the signed-in user behind the request's session cookie.

The cookie is set by the sign-in service with HttpOnly, Secure and SameSite=Strict, so requests
started by other sites arrive without it and get a 401 here.
"""

from __future__ import annotations

from dataclasses import dataclass

import bottle

SESSION_COOKIE = "desk_session"


@dataclass(frozen=True)
class User:
    id: int
    name: str
    is_agent: bool


def current_user(db) -> User:
    """The user of the current request, or a 401 when the session is missing or has expired."""
    token = bottle.request.get_cookie(SESSION_COOKIE)
    if not token:
        bottle.abort(401, "Sign in first.")
    row = db.execute(
        "SELECT u.id, u.name, u.is_agent FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token = ? AND s.expires_at > strftime('%s', 'now')",
        (token,),
    ).fetchone()
    if row is None:
        bottle.abort(401, "Your session has expired.")
    return User(row["id"], row["name"], bool(row["is_agent"]))
