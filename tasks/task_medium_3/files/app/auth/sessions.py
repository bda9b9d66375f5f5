"""Server-side sessions, keyed by a random token kept in the `sid` cookie."""

from __future__ import annotations

import secrets
import time

SESSION_COOKIE = "sid"
SESSION_TTL_S = 12 * 3600


class SessionStore:
    def __init__(self) -> None:
        self._sessions: dict[str, tuple[int, float]] = {}

    def create(self, user_id: int) -> str:
        token = secrets.token_urlsafe(32)
        self._sessions[token] = (user_id, time.time() + SESSION_TTL_S)
        return token

    def user_for(self, token: str) -> int | None:
        entry = self._sessions.get(token)
        if entry is None or entry[1] < time.time():
            return None
        return entry[0]

    def cookie(self, token: str) -> str:
        return f"{SESSION_COOKIE}={token}; Path=/; Max-Age={SESSION_TTL_S}; HttpOnly; Secure; SameSite=Lax"
