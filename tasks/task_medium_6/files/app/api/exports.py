"""HTTP handlers for /exports. Each takes the caller's account and the query parameters."""

import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone

from app.api.cursors import Cursor, InvalidCursor, decode_cursor, encode_cursor
from app.db import exports

PAGE_SIZE = 50
STATUSES = ("queued", "running", "done", "failed")


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def handle_list_exports(
    conn: sqlite3.Connection,
    account_id: int,
    params: dict[str, str],
    now: Callable[[], datetime] = _utcnow,
) -> dict:
    """GET /exports?status=...&cursor=... for the signed-in account."""
    token = params.get("cursor")
    if token:
        try:
            cursor = decode_cursor(token)
        except InvalidCursor:
            return {"status": 400, "error": "invalid cursor"}
    else:
        status = params.get("status")
        if status is not None and status not in STATUSES:
            return {"status": 400, "error": f"status must be one of {', '.join(STATUSES)}"}
        cursor = Cursor(last_id=0, snapshot_at=now(), status=status)

    rows = exports.list_exports(
        conn,
        account_id,
        after_id=cursor.last_id,
        created_before=cursor.snapshot_at,
        status=cursor.status,
        limit=PAGE_SIZE + 1,
    )
    page = rows[:PAGE_SIZE]
    body = {"status": 200, "exports": [row.__dict__ for row in page]}
    if len(rows) > PAGE_SIZE:
        body["next_cursor"] = encode_cursor(Cursor(page[-1].id, cursor.snapshot_at, cursor.status))
    return body


def handle_export_count(conn: sqlite3.Connection, account_id: int) -> dict:
    return {"status": 200, "count": exports.count_exports(conn, account_id)}
