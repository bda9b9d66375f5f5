"""The database: schema and the connection pool shared by the web workers and the job runner."""

from __future__ import annotations

import queue
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

SCHEMA = """
CREATE TABLE IF NOT EXISTS contacts (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT,
    company TEXT,
    UNIQUE (owner_id, email)
);
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    owner_id INTEGER NOT NULL,
    params TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'queued',  -- queued, running, succeeded, failed
    result TEXT,
    error TEXT
);
"""


class PoolTimeout(RuntimeError):
    pass


class Pool:
    """A fixed number of connections. Every acquire() must be paired with a release(): a connection
    that is not given back is gone for good, and once all are gone every caller waits for
    `timeout` seconds and gets PoolTimeout. Prefer `with pool.connection() as conn:`."""

    def __init__(self, database: str, size: int = 4, timeout: float = 10.0):
        self.size = size
        self.timeout = timeout
        self._idle: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        for _ in range(size):
            conn = sqlite3.connect(database, check_same_thread=False, timeout=5.0)
            conn.executescript(SCHEMA)
            self._idle.put(conn)

    def acquire(self) -> sqlite3.Connection:
        try:
            return self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise PoolTimeout(f"no connection free after {self.timeout}s") from None

    def release(self, conn: sqlite3.Connection) -> None:
        if conn.in_transaction:
            conn.rollback()
        self._idle.put(conn)

    def idle(self) -> int:
        return self._idle.qsize()

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        conn = self.acquire()
        try:
            yield conn
        finally:
            self.release(conn)
