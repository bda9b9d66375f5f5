"""Read service log files into records.

Two kinds of line are understood:

- application lines, as the services' logging setup writes them::

      2024-03-01T10:00:05.250Z ERROR orders.db: connection reset

- access lines, one per request, as the edge proxy writes them::

      10.2.0.7:53122 - [2024-03-01T10:00:05.120Z] "GET /api/orders?page=2" 200 12.5ms

Anything else (stack traces, blank lines, banners) is skipped.
"""

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable, Iterator, Optional, Tuple

import parse

from . import fieldtypes

EXTRA_TYPES = {
    "Level": fieldtypes.level,
    "Logger": fieldtypes.logger_name,
    "Client": fieldtypes.client,
    "Duration": fieldtypes.duration_ms,
}

APP_LINE = parse.compile(
    "{ts:ti} {level:Level} {logger:Logger}: {message}",
    extra_types=EXTRA_TYPES,
)
ACCESS_LINE = parse.compile(
    '{client:Client} - [{ts:ti}] "{method:l} {path}" {status:d} {elapsed:Duration}',
    extra_types=EXTRA_TYPES,
)


@dataclass(frozen=True)
class Request:
    client: Tuple[str, Optional[int]]
    method: str
    path: str
    status: int
    elapsed_ms: float

    @property
    def route(self) -> str:
        """The path without its query string."""
        return self.path.split("?", 1)[0]


@dataclass(frozen=True)
class Record:
    ts: datetime
    level: str
    logger: str
    message: str
    request: Optional[Request] = None


def _utc(ts: datetime) -> datetime:
    if ts.tzinfo is None:
        return ts.replace(tzinfo=timezone.utc)
    return ts.astimezone(timezone.utc)


def _status_level(status: int) -> str:
    if status >= 500:
        return "ERROR"
    if status >= 400:
        return "WARN"
    return "INFO"


def parse_line(line: str) -> Optional[Record]:
    """Parse one application or access log line, or return None if it is neither.

    Timestamps are returned in UTC; a timestamp without an offset is UTC.
    Access lines become records of the "access" logger, at ERROR for 5xx
    responses and WARN for 4xx."""
    line = line.rstrip("\r\n")
    result = APP_LINE.parse(line)
    if result is not None:
        return Record(_utc(result["ts"]), result["level"], result["logger"], result["message"])
    result = ACCESS_LINE.parse(line)
    if result is None:
        return None
    request = Request(
        client=result["client"],
        method=result["method"].upper(),
        path=result["path"],
        status=result["status"],
        elapsed_ms=result["elapsed"],
    )
    return Record(
        _utc(result["ts"]),
        _status_level(request.status),
        "access",
        f"{request.method} {request.path} {request.status}",
        request,
    )


def read_records(lines: Iterable[str]) -> Iterator[Record]:
    """Yield a record for every application or access log line, skipping
    anything else (stack traces, blank lines, banners)."""
    for line in lines:
        record = parse_line(line)
        if record is not None:
            yield record
