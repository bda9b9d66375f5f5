"""Sessions as the handlers see them: start, read, flash messages, end."""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from typing import Any

from app.sessions.store import FileSessionStore, MemorySessionStore

SESSION_TTL_S = 14 * 24 * 3600
SessionStore = MemorySessionStore | FileSessionStore


def default_store() -> SessionStore:
    """Sessions on disk when SESSION_DIR is set (production), else in memory (tests, local runs)."""
    directory = os.environ.get("SESSION_DIR")
    return FileSessionStore(directory) if directory else MemorySessionStore()


class SessionManager:
    def __init__(self, store: SessionStore | None = None, clock: Callable[[], float] = time.time):
        self.store = store or default_store()
        self._clock = clock

    def start(self, user_id: int) -> str:
        """Start a session for `user_id`; the returned id goes into the session cookie."""
        session_id = secrets.token_urlsafe(32)
        self.store.save(session_id, {"user_id": user_id, "expires_at": self._clock() + SESSION_TTL_S, "flashes": []})
        return session_id

    def user_id(self, session_id: str) -> int | None:
        data = self.store.load(session_id)
        if data is None or data["expires_at"] <= self._clock():
            return None
        return data["user_id"]

    def flash(self, session_id: str, message: str) -> None:
        """Queue a one-off message ("Settings saved") for the next page the user sees."""
        self.store.update(session_id, lambda data: data["flashes"].append(message))

    def pop_flashes(self, session_id: str) -> list[str]:
        """Take the queued messages. Done in one update, so a message flashed by a concurrent
        request is either returned here or kept for the next page, never lost."""
        data = self.store.load(session_id)
        if not data or not data["flashes"]:
            return []  # the usual case: nothing to take, so nothing to write
        taken: list[str] = []

        def take(data: dict[str, Any]) -> None:
            taken.extend(data["flashes"])
            data["flashes"] = []

        self.store.update(session_id, take)
        return taken

    def end(self, session_id: str) -> None:
        self.store.delete(session_id)

    def purge_expired(self) -> int:
        """Run hourly by the maintenance job. A session file is last written at or after its session
        started, so one untouched for SESSION_TTL_S belongs to an expired session."""
        if isinstance(self.store, FileSessionStore):
            return self.store.purge_older_than(SESSION_TTL_S, self._clock())
        return 0
