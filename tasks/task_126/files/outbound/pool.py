"""Keep-alive connections to one origin, shared by the delivery worker threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from outbound.connection import Headers, HTTPConnection, Response
from outbound.exceptions import PoolClosed, PoolTimeout, TransportError
from outbound.transport import Transport

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})


class ConnectionPool:
    """Up to `maxsize` connections to one origin, reused from one request to the next.

    `connect` opens a new transport to the origin (`open_transport` with its arguments bound).
    A connection that has sat idle for `idle_timeout` seconds is closed rather than reused, so
    keep this below the receivers' keep-alive timeouts (nginx's default is 75 s).
    """

    def __init__(
        self,
        host: str,
        connect: Callable[[], Transport],
        *,
        maxsize: int = 4,
        pool_timeout: float = 5.0,
        idle_timeout: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if maxsize < 1:
            raise ValueError(f"maxsize must be at least 1, got {maxsize}")
        self._host = host
        self._connect = connect
        self._maxsize = maxsize
        self._pool_timeout = pool_timeout
        self._idle_timeout = idle_timeout
        self._clock = clock
        self._lock = threading.Condition()
        self._idle: list[tuple[HTTPConnection, float]] = []  # (connection, idle since), newest last
        self._count = 0  # connections held against maxsize: idle, in use, or being opened
        self._closed = False

    def request(
        self,
        method: str,
        target: str,
        headers: Headers,
        body: bytes = b"",
        *,
        replayable: bool | None = None,
    ) -> Response:
        """Send the request on an idle connection, or a new one, and read the response.

        A server may close a keep-alive connection while it sits idle here; the next request
        on it then fails before any response arrives. Such a request is sent again, once, on
        a new connection, provided it is `replayable`: by default only idempotent methods
        are, since the server may have acted on the first copy anyway. Raises PoolTimeout
        when all `maxsize` connections stay busy for `pool_timeout` seconds.
        """
        if replayable is None:
            replayable = method.upper() in IDEMPOTENT_METHODS
        fresh = False
        while True:
            connection = self._checkout(fresh=fresh)
            try:
                response = connection.request(method, target, headers, body)
            except TransportError:
                self._discard(connection)
                stale = connection.reused and not connection.response_started
                if fresh or not stale or not replayable:
                    raise
                fresh = True  # the other idle connections are older still: do not try them
                continue
            self._checkin(connection)
            return response

    def close(self) -> None:
        """Close the idle connections now, and each connection in use when it comes back."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            self._count -= len(idle)
            self._lock.notify_all()
        for connection, _ in idle:
            connection.close()

    def close_expired(self) -> None:
        """Close the connections that have been idle for `idle_timeout` seconds or longer."""
        with self._lock:
            now = self._clock()
            expired = [conn for conn, since in self._idle if now - since >= self._idle_timeout]
            self._idle = [
                (conn, since) for conn, since in self._idle if now - since < self._idle_timeout
            ]
            self._count -= len(expired)
            self._lock.notify(len(expired))
        for connection in expired:
            connection.close()

    def _checkout(self, *, fresh: bool) -> HTTPConnection:
        """An idle connection (unless `fresh`), or a new one once there is room for it."""
        expired: list[HTTPConnection] = []
        try:
            with self._lock:
                deadline = self._clock() + self._pool_timeout
                while True:
                    if self._closed:
                        raise PoolClosed(f"the connection pool for {self._host} is closed")
                    now = self._clock()
                    while self._idle:
                        connection, since = self._idle.pop()
                        if not fresh and now - since < self._idle_timeout:
                            return connection
                        expired.append(connection)
                        self._count -= 1
                    if self._count < self._maxsize:
                        self._count += 1
                        break
                    if now >= deadline:
                        raise PoolTimeout(
                            f"{self._host}: all {self._maxsize} connections stayed busy "
                            f"for {self._pool_timeout} s"
                        )
                    self._lock.wait(deadline - now)
        finally:
            for connection in expired:  # outside the lock: closing a TLS socket can block
                connection.close()
        try:
            return HTTPConnection(self._connect(), self._host)
        except BaseException:
            self._release_slot()
            raise

    def _checkin(self, connection: HTTPConnection) -> None:
        if connection.reusable:
            connection.start_next_cycle()
            with self._lock:
                if not self._closed:
                    self._idle.append((connection, self._clock()))
                    self._lock.notify()
                    return
        self._discard(connection)

    def _discard(self, connection: HTTPConnection) -> None:
        connection.close()
        self._release_slot()

    def _release_slot(self) -> None:
        with self._lock:
            self._count -= 1
            self._lock.notify()
