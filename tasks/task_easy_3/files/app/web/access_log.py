"""Formatting of access-log lines: combined log format, with secrets kept out of the logs."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl, urlencode

from app.web.http import Request

# Query parameters whose values must never be written to the access log.
REDACTED_PARAMS = frozenset({"token", "access_token", "api_key", "password", "signature"})


def redact_query(query: str) -> str:
    """`query` with the value of every sensitive parameter replaced by REDACTED."""
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode([(name, "REDACTED" if name.lower() in REDACTED_PARAMS else value) for name, value in pairs])


def _escape(value: str) -> str:
    """Escape a value for a double-quoted log field, so a header cannot forge fields or lines."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in escaped)


def format_line(request: Request, status: int, size: int, duration_s: float, now: float | None = None) -> str:
    """One access-log line: combined log format followed by the request duration in milliseconds."""
    when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if now is None else now))
    target = request.path + ("?" + redact_query(request.query) if request.query else "")
    request_line = _escape(f"{request.method} {target} {request.protocol}")
    referer = _escape(request.headers.get("referer", "-"))
    agent = _escape(request.headers.get("user-agent", "-"))
    return (
        f'{request.remote_addr or "-"} - {request.user or "-"} [{when}] '
        f'"{request_line}" {status} {size or "-"} "{referer}" "{agent}" {duration_s * 1000:.1f}ms'
    )
