"""Connections that never finish a request must not take the server down.

A client that opens a connection and sends its headers slowly (or never) holds a file descriptor and is never
seen by the token check, which runs only once a request is complete. Enough of them exhaust the process's
file descriptors, and every other client then times out. Three defences, all below the app:

- a **header timeout**: a connection that has not sent a complete request head within `header_timeout_s` of
  opening (or of its previous response, under keep-alive) is closed;
- a **connection cap**: past `max_connections` open connections, new requests are answered 503 at once
  (uvicorn's `limit_concurrency`), and the file-descriptor limit is raised as far as the system allows;
- **rate-limited accept errors**: when descriptors run out anyway, the event loop's "accept failed" error is
  logged once per interval with a count, not once per attempt.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import time
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger(__name__)

ACCEPT_ERROR_INTERVAL_S = 10.0


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request head does not arrive in time."""

    header_timeout_s: float = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._header_timer = self.loop.call_later(self.header_timeout_s, self._head_too_slow)

    def _disarm(self) -> None:
        timer = getattr(self, "_header_timer", None)
        if timer is not None:
            timer.cancel()
            self._header_timer = None

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None:  # a request head arrived: the app (and its token check) has it now
            self._disarm()

    def handle_websocket_upgrade(self, event: Any) -> None:
        self._disarm()  # the head is complete; the connection now belongs to the WebSocket protocol
        super().handle_websocket_upgrade(event)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # keep-alive: the next request head must come in time too

    def _head_too_slow(self) -> None:
        self._header_timer = None
        if self.cycle is None or self.cycle.response_complete:
            log.debug("closing a connection that sent no complete request head in %gs", self.header_timeout_s)
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def protocol_with_header_timeout(timeout_s: float) -> type[HeaderTimeoutProtocol]:
    """The protocol class for uvicorn's `http=` setting, with this header timeout."""
    return type("HeaderTimeoutProtocol", (HeaderTimeoutProtocol,), {"header_timeout_s": timeout_s})


def raise_file_limit(wanted: int) -> int:
    """Raise the soft open-file limit towards `wanted` (never past the hard limit); returns the limit in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if target > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (OSError, ValueError):
            pass
    return soft


class AcceptErrorFilter(logging.Filter):
    """Lets the event loop's accept errors through once per interval, with how many were held back."""

    def __init__(self, interval_s: float = ACCEPT_ERROR_INTERVAL_S, clock: Any = time.monotonic):
        super().__init__()
        self.interval_s = interval_s
        self.clock = clock
        self.last = float("-inf")
        self.held = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if "accept" not in record.getMessage():
            return True
        now = self.clock()
        if now - self.last < self.interval_s:
            self.held += 1
            return False
        if self.held:
            record.msg = f"{record.msg} ({self.held} more like it in the last {self.interval_s:g}s)"
        self.last, self.held = now, 0
        return True


def install_accept_error_filter() -> AcceptErrorFilter:
    accept_filter = AcceptErrorFilter()
    logging.getLogger("asyncio").addFilter(accept_filter)
    return accept_filter
