"""Data access for report exports (the files users generate from the Reports page)."""

import sqlite3
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Export:
    id: int
    account_id: int
    name: str
    status: str  # "queued", "running", "done" or "failed"
    created_at: str  # ISO 8601, UTC


def list_exports(
    conn: sqlite3.Connection,
    account_id: int,
    *,
    after_id: int = 0,
    created_before: datetime | None = None,
    status: str | None = None,
    limit: int = 50,
) -> list[Export]:
    """An account's exports with id > after_id, oldest first (keyset pagination)."""
    query = "SELECT id, account_id, name, status, created_at FROM exports WHERE account_id = ? AND id > ?"
    args: list = [account_id, after_id]
    if created_before is not None:
        query += " AND created_at < ?"
        args.append(created_before.isoformat())
    if status is not None:
        query += " AND status = ?"
        args.append(status)
    query += " ORDER BY id LIMIT ?"
    args.append(limit)
    return [Export(*row) for row in conn.execute(query, args)]


def count_exports(conn: sqlite3.Connection, account_id: int) -> int:
    (count,) = conn.execute("SELECT COUNT(*) FROM exports WHERE account_id = ?", (account_id,)).fetchone()
    return count
