"""POST /login: the web form posts application/x-www-form-urlencoded, the mobile app JSON."""

from __future__ import annotations

import hashlib
import hmac

from app.http import Request, Response, json_response

# username -> (salt, pbkdf2 hash); the real app reads these from the users table.
USERS: dict[str, tuple[bytes, bytes]] = {}


def _hash(password: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 100_000)


def add_user(username: str, password: str) -> None:
    salt = hashlib.sha256(username.encode()).digest()[:16]
    USERS[username] = (salt, _hash(password, salt))


def login(request: Request) -> Response:
    if request.content_type == "application/json":
        data = request.json()
        if not isinstance(data, dict):
            return json_response(400, {"error": "expected an object"})
    else:
        data = request.form()
    username, password = str(data.get("username", "")), str(data.get("password", ""))
    salt, expected = USERS.get(username, (b"\0" * 16, b""))
    if not hmac.compare_digest(_hash(password, salt), expected):
        return json_response(401, {"error": "wrong username or password"})
    return json_response(200, {"token": "session-for-" + username})
