"""Server-side sessions, identified by a random token in the `sid` cookie."""

import secrets
import threading
import time

TTL = 14 * 24 * 3600


class SessionStore:
    def __init__(self, clock=time.time):
        self._clock = clock
        self._lock = threading.Lock()
        self._sessions = {}  # token -> (user id, expiry)

    def create(self, user_id):
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[token] = (user_id, self._clock() + TTL)
        return token

    def get(self, token):
        """The user id of a live session, or None."""
        with self._lock:
            entry = self._sessions.get(token)
            if entry is None:
                return None
            if entry[1] <= self._clock():
                del self._sessions[token]
                return None
            return entry[0]

    def delete(self, token):
        with self._lock:
            self._sessions.pop(token, None)
