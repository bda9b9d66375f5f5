"""A fixed-size pool of SQLite connections shared by the request threads."""

import contextlib
import queue
import sqlite3
from collections.abc import Callable, Iterator


class PoolTimeout(RuntimeError):
    """No connection became free within the timeout."""


class ConnectionPool:
    """Hands out at most `size` connections at a time.

    Use `with pool.connection() as conn:` where possible. Code that calls acquire() itself must
    hand the connection back with release() on every path, or the pool shrinks for good.
    """

    def __init__(self, connect: Callable[[], sqlite3.Connection], size: int = 5, timeout: float = 5.0):
        self.size = size
        self._timeout = timeout
        self._idle: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        for _ in range(size):
            self._idle.put(connect())

    def acquire(self, timeout: float | None = None) -> sqlite3.Connection:
        wait = self._timeout if timeout is None else timeout
        try:
            return self._idle.get(timeout=wait)
        except queue.Empty:
            raise PoolTimeout(f"no free connection after {wait}s (all {self.size} in use)") from None

    def release(self, conn: sqlite3.Connection) -> None:
        # Never hand the next caller a connection in the middle of someone else's transaction.
        if conn.in_transaction:
            conn.rollback()
        self._idle.put(conn)

    @contextlib.contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[sqlite3.Connection]:
        """A pooled connection for the block; it goes back to the pool however the block exits."""
        conn = self.acquire(timeout)
        try:
            yield conn
        finally:
            self.release(conn)

    def idle(self) -> int:
        """How many connections are free right now."""
        return self._idle.qsize()
