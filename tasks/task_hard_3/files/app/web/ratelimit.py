"""Per-client rate limiting for the public API: a sliding-window log per client."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from app.web.http import Handler, Request, Response, json_response


class SlidingWindowLimiter:
    """Allows at most `limit` requests per client in any `window_s`-second window.

    Thread-safe: the WSGI adapter serves requests from a pool of threads.
    """

    def __init__(
        self,
        limit: int,
        window_s: float,
        clock: Callable[[], float] = time.monotonic,
        sweep_every: int = 10_000,
    ):
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._lock = threading.Lock()
        self._hits: dict[str, list[float]] = {}  # client -> times of its accepted requests, oldest first
        self._sweep_every = sweep_every
        self._calls = 0

    def acquire(self, client: str) -> float | None:
        """Count a request by `client`: None if it is allowed, else the seconds until it would be."""
        now = self._clock()
        cutoff = now - self.window_s
        with self._lock:
            self._calls += 1
            if self._calls % self._sweep_every == 0:
                self._sweep(cutoff)
            hits = self._hits.setdefault(client, [])
            recent = [t for t in hits if t > cutoff]
            if len(recent) >= self.limit:
                return recent[0] + self.window_s - now
            hits.append(now)
            return None

    def _sweep(self, cutoff: float) -> None:
        """Forget clients with no request inside the window, so idle clients don't pile up."""
        for client in [c for c, hits in self._hits.items() if not hits or hits[-1] <= cutoff]:
            del self._hits[client]


class RateLimitMiddleware:
    """Answers 429 with Retry-After once a client exceeds the limiter's rate.

    A client is the authenticated account, so all of an account's servers share its quota, or the
    remote address for anonymous requests. Health checks are never limited.
    """

    def __init__(self, app: Handler, limiter: SlidingWindowLimiter, exempt_paths: tuple[str, ...] = ("/healthz",)):
        self.app = app
        self.limiter = limiter
        self.exempt_paths = exempt_paths

    def client_key(self, request: Request) -> str:
        if request.account_id is not None:
            return f"account:{request.account_id}"
        return f"addr:{request.remote_addr}"

    def __call__(self, request: Request) -> Response:
        if request.path in self.exempt_paths:
            return self.app(request)
        wait = self.limiter.acquire(self.client_key(request))
        if wait is not None:
            return json_response(
                429,
                {"error": "rate limit exceeded", "retry_after_s": math.ceil(wait)},
                {"Retry-After": str(max(1, math.ceil(wait)))},
            )
        return self.app(request)
