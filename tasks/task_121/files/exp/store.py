"""Sticky assignments: the variant each user was first given, kept in SQLite.

Once a user has seen a variant they keep it, even if the experiment's weights or exposure change
later. Rows are keyed by the experiment's salt as well, so changing the salt starts over.
"""

from __future__ import annotations

import sqlite3
import threading

SCHEMA = """
CREATE TABLE IF NOT EXISTS assignments (
    experiment TEXT NOT NULL,
    salt TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    variant TEXT NOT NULL,
    assigned_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now')),
    PRIMARY KEY (experiment, salt, unit_id)
)
"""


class AssignmentStore:
    def __init__(self, path: str):
        # Shared by the request threads of one process; other processes open their own.
        self._db = sqlite3.connect(path, timeout=10, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.execute(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def get(self, experiment: str, salt: str, unit_id: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT variant FROM assignments WHERE experiment = ? AND salt = ? AND unit_id = ?",
                (experiment, salt, unit_id),
            ).fetchone()
        return row[0] if row else None

    def assign(self, experiment: str, salt: str, unit_id: str, variant: str) -> str:
        """Record `variant` for the unit unless it already has one, and return the variant the
        unit has now. When two processes assign the same unit at once, the first insert wins
        and both return its variant."""
        key = (experiment, salt, unit_id)
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO assignments (experiment, salt, unit_id, variant) VALUES (?, ?, ?, ?)",
                (*key, variant),
            )
            row = self._db.execute(
                "SELECT variant FROM assignments WHERE experiment = ? AND salt = ? AND unit_id = ?", key
            ).fetchone()
        return row[0]

    def replace(self, experiment: str, salt: str, unit_id: str, old: str, new: str) -> str:
        """Move the unit from `old` (a variant taken out of the experiment) to `new`, unless
        another process has moved it already, and return the variant the unit has now."""
        key = (experiment, salt, unit_id)
        with self._lock, self._db:
            self._db.execute(
                "UPDATE assignments SET variant = ?, assigned_at = strftime('%s', 'now')"
                " WHERE experiment = ? AND salt = ? AND unit_id = ? AND variant = ?",
                (new, *key, old),
            )
            row = self._db.execute(
                "SELECT variant FROM assignments WHERE experiment = ? AND salt = ? AND unit_id = ?", key
            ).fetchone()
        return row[0]
