"""Assembles the public API: routes wrapped in the middleware stack."""

from __future__ import annotations

from collections.abc import Mapping

from app.web.auth import AuthMiddleware
from app.web.http import Handler, Request, Response, json_response
from app.web.ratelimit import RateLimitMiddleware, SlidingWindowLimiter

REQUESTS_PER_MINUTE = 120


def router(request: Request) -> Response:
    if request.path == "/healthz":
        return json_response(200, {"status": "ok"})
    if request.path == "/v1/quotes":
        return json_response(200, {"quotes": [], "account": request.account_id or None})
    return json_response(404, {"error": "not found"})


def build_app(tokens: Mapping[str, str], limiter: SlidingWindowLimiter | None = None) -> Handler:
    """The WSGI adapter calls the returned handler once per request, from a pool of threads.

    Authentication runs first, so the rate limiter sees which account a request belongs to.
    """
    limiter = limiter or SlidingWindowLimiter(limit=REQUESTS_PER_MINUTE, window_s=60.0)
    return AuthMiddleware(RateLimitMiddleware(router, limiter), tokens)
