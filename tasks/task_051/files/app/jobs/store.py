"""The jobs table: users queue work, the runner claims it and records how it ended."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    owner_id: int
    params: dict


def create(conn: sqlite3.Connection, kind: str, owner_id: int, params: dict | None = None) -> int:
    with conn:
        cursor = conn.execute(
            "INSERT INTO jobs (kind, owner_id, params) VALUES (?, ?, ?)", (kind, owner_id, json.dumps(params or {}))
        )
    return cursor.lastrowid


def claim_next(conn: sqlite3.Connection) -> Job | None:
    """The oldest queued job, now marked running, or None."""
    with conn:
        row = conn.execute(
            "UPDATE jobs SET status = 'running' WHERE id = (SELECT MIN(id) FROM jobs WHERE status = 'queued')"
            " RETURNING id, kind, owner_id, params"
        ).fetchone()
    if row is None:
        return None
    return Job(row[0], row[1], row[2], json.loads(row[3]))


def finish(conn: sqlite3.Connection, job_id: int, status: str, result: dict | None = None, error: str | None = None):
    assert status in ("succeeded", "failed")
    with conn:
        conn.execute(
            "UPDATE jobs SET status = ?, result = ?, error = ? WHERE id = ?",
            (status, None if result is None else json.dumps(result), error, job_id),
        )


def get(conn: sqlite3.Connection, job_id: int) -> dict:
    """What the jobs page shows: status, result and error."""
    status, result, error = conn.execute("SELECT status, result, error FROM jobs WHERE id = ?", (job_id,)).fetchone()
    return {"status": status, "result": None if result is None else json.loads(result), "error": error}
