"""GET /admin/users: the tenant's users, for the admin console.

Only the signed-in user's tenant is listed; the tenant never comes from the request. Users are
sorted by email, which is unique within a tenant.
"""

import sqlite3

from app.web.http import Request, Response, error_response, json_response


def list_users(request: Request, db: sqlite3.Connection) -> Response:
    principal = request.principal
    if principal is None:
        return error_response(401, "sign in first")
    if "users.read" not in principal.permissions:
        return error_response(403, "you cannot list users")
    rows = db.execute(
        "SELECT id, email, role FROM users WHERE tenant_id = ? ORDER BY email",
        (principal.tenant_id,),
    )
    users = [{"id": user_id, "email": email, "role": role} for user_id, email, role in rows]
    return json_response(200, {"users": users})
