"""Middleware wrapped around every handler by `app.web.server`."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from app.web.access_log import format_line
from app.web.http import Handler, Request, Response

logger = logging.getLogger("app.access")


class AccessLogMiddleware:
    """Logs one line per request, including requests whose handler raised (logged as 500)."""

    def __init__(self, app: Handler, clock: Callable[[], float] = time.perf_counter):
        self.app = app
        self._clock = clock

    def __call__(self, request: Request) -> Response:
        started = self._clock()
        status, size = 500, 0
        try:
            response = self.app(request)
            status, size = response.status, len(response.body)
            return response
        finally:
            elapsed_ms = (self._clock() - started) * 1000
            logger.info(format_line(request, status, size, elapsed_ms))
