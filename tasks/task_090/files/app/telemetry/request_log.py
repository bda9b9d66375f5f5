"""One JSON line per API request on the "api.requests" logger, for the log pipeline.

Each line has the request id (the client's X-Request-Id if it is a plain token of at most 64
characters, or a new one; echoed in the response),
method, path, redacted query string, status, duration, user and a few client headers. Bodies of
writes (POST, PUT, PATCH, DELETE) are included, redacted, when body logging is on.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone

from app.http import Request, Response
from app.telemetry.redact import body_summary, redact_query

log = logging.getLogger("api.requests")

LOGGED_HEADERS = ("user-agent", "x-client-version", "x-forwarded-for")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REQUEST_ID_RE = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestLogger:
    def __init__(self, app: Callable[[Request], Response], *, log_bodies: bool = True,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.log_bodies = log_bodies
        self.clock = clock

    def __call__(self, request: Request) -> Response:
        request_id = request.headers.get("x-request-id", "")
        if not REQUEST_ID_RE.fullmatch(request_id):
            request_id = uuid.uuid4().hex
        started = self.clock()
        try:
            response = self.app(request)
        except Exception:
            if log.isEnabledFor(logging.ERROR):
                log.error(self.format(request, 500, request_id, self.clock() - started), exc_info=True)
            raise
        response.headers.setdefault("x-request-id", request_id)
        if log.isEnabledFor(logging.INFO):
            log.info(self.format(request, response.status, request_id, self.clock() - started))
        return response

    def format(self, request: Request, status: int, request_id: str, elapsed: float) -> str:
        record = {
            "ts": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            "request_id": request_id,
            "method": request.method,
            "path": request.path,
            "query": redact_query(request.query),
            "status": status,
            "ms": round(elapsed * 1000, 1),
            "user_id": request.user_id,
            "headers": {name: request.headers[name] for name in LOGGED_HEADERS if name in request.headers},
        }
        if self.log_bodies and request.method in WRITE_METHODS:
            record["body"] = body_summary(request)
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
