"""Middleware wrapped around every handler by `app.web.server`."""

from __future__ import annotations

import time
from collections.abc import Callable

from app.web import sessions
from app.web.http import Handler, Request, Response


class SessionMiddleware:
    """Sets `request.user_id` from the session cookie (None when signed out or expired) and keeps
    the cookie of an active user fresh."""

    def __init__(self, app: Handler, secret: bytes, clock: Callable[[], float] = time.time):
        if len(secret) < 32:
            raise ValueError("the session secret must be at least 32 bytes")
        self.app = app
        self._secret = secret
        self._clock = clock

    def __call__(self, request: Request) -> Response:
        now = int(self._clock())
        session = sessions.load(self._secret, request.cookies.get(sessions.COOKIE_NAME), now)
        request.user_id = session.user_id if session else None
        response = self.app(request)
        # A handler that set the cookie itself (sign-in, sign-out) has the last word.
        if session is not None and sessions.COOKIE_NAME not in response.cookies:
            if sessions.should_refresh(session, now):
                cookie = sessions.issue(self._secret, session.user_id, now)
                response.set_cookie(sessions.COOKIE_NAME, cookie, sessions.SESSION_TTL_S)
        return response
