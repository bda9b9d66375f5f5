"""Endpoints about the signed-in user."""

import sqlite3

from app.web.http import HttpError, Request, Response, require_principal


def health(request: Request, db: sqlite3.Connection) -> Response:
    """For the load balancer: needs no sign-in, only a database that answers."""
    db.execute("SELECT 1").fetchone()
    return Response(200, {"ok": True})


def me(request: Request, db: sqlite3.Connection) -> Response:
    principal = require_principal(request)
    row = db.execute(
        "SELECT users.email, tenants.name FROM users JOIN tenants ON tenants.id = users.tenant_id"
        " WHERE users.id = ?",
        (principal.user_id,),
    ).fetchone()
    if row is None:
        raise HttpError(401, "sign in first")
    return Response(200, {"email": row["email"], "tenant": row["name"], "role": principal.role})
