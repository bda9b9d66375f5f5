"""Remembering accepted Paylink deliveries, so a captured request cannot be played back.

The record lives in a small SQLite file shared by every worker process, and survives restarts.
"""

import sqlite3
from contextlib import closing
from os import PathLike

_SCHEMA = """
CREATE TABLE IF NOT EXISTS paylink_deliveries (
    key TEXT PRIMARY KEY,
    expires_at REAL NOT NULL
)
"""


class ReplayGuard:
    """Claims delivery keys; each key can be claimed once until it expires."""

    def __init__(self, path: str | PathLike[str], timeout: float = 5.0):
        self._path = path
        self._timeout = timeout
        with closing(self._connect()) as conn, conn:
            conn.execute(_SCHEMA)
            conn.execute(
                "CREATE INDEX IF NOT EXISTS paylink_deliveries_expiry ON paylink_deliveries (expires_at)"
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self._path, timeout=self._timeout, isolation_level="IMMEDIATE")

    def claim(self, key: str, *, expires_at: float, now: float) -> bool:
        """Record `key` until `expires_at`; False if it is already recorded.

        Records that expired before `now` are dropped first. Callers pass as `expires_at` the
        last moment the delivery could still be accepted, so forgetting it afterwards is safe.
        """
        with closing(self._connect()) as conn, conn:
            conn.execute("DELETE FROM paylink_deliveries WHERE expires_at < ?", (now,))
            inserted = conn.execute(
                "INSERT OR IGNORE INTO paylink_deliveries (key, expires_at) VALUES (?, ?)",
                (key, expires_at),
            )
            return inserted.rowcount == 1
