"""Session cookies: which user, if any, sent the request."""

from __future__ import annotations

import sqlite3
from http.cookies import CookieError, SimpleCookie

from app.web.http import Principal


def principal_for(environ: dict, db: sqlite3.Connection) -> Principal | None:
    cookie = SimpleCookie()
    try:
        cookie.load(environ.get("HTTP_COOKIE", ""))
    except CookieError:
        return None
    morsel = cookie.get("session")
    if morsel is None:
        return None
    row = db.execute(
        "SELECT users.id, users.email FROM sessions JOIN users ON users.id = sessions.user_id"
        " WHERE sessions.token = ? AND sessions.expires_at > strftime('%s', 'now')",
        (morsel.value,),
    ).fetchone()
    return Principal(user_id=row[0], email=row[1]) if row else None
