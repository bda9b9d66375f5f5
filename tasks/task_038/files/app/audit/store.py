"""The audit log: an append-only record of who did what in each tenant."""

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_events (
    id          INTEGER PRIMARY KEY,
    tenant_id   TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    details     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS audit_by_tenant ON audit_events(tenant_id, id);
"""

# Action names are dotted lower-case paths: "user.login", "billing.card.updated".
ACTION_RE = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*")

COLUMNS = "id, occurred_at, actor, action, target, ip, details"


@dataclass(frozen=True)
class AuditEvent:
    id: int
    occurred_at: str
    actor: str
    action: str
    target: str
    ip: str
    details: dict


def event_from_row(row: tuple) -> AuditEvent:
    *fields, details = row
    return AuditEvent(*fields, json.loads(details))


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def format_ts(moment: datetime) -> str:
    """A timestamp as stored: UTC, ISO 8601, always with microseconds ("2024-05-01T09:30:00.000000+00:00").

    Every stored value has the same width and the same offset, so comparing two of them as text
    compares the moments.
    """
    if moment.tzinfo is None:
        raise ValueError("audit timestamps need a timezone")
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    return conn


def record(
    conn: sqlite3.Connection,
    tenant_id: str,
    actor: str,
    action: str,
    *,
    target: str = "",
    ip: str = "",
    details: dict | None = None,
) -> int:
    """Append one event, stamped with the current time, and commit it. Returns the event's id."""
    if not ACTION_RE.fullmatch(action):
        raise ValueError(f"bad action name {action!r}")
    with conn:
        cursor = conn.execute(
            "INSERT INTO audit_events (tenant_id, occurred_at, actor, action, target, ip, details) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (tenant_id, format_ts(utcnow()), actor, action, target, ip, json.dumps(details or {}, sort_keys=True)),
        )
    return cursor.lastrowid


def recent_events(conn: sqlite3.Connection, tenant_id: str, limit: int = 20) -> list[AuditEvent]:
    """The tenant's latest events, newest first, for the admin dashboard."""
    rows = conn.execute(
        f"SELECT {COLUMNS} FROM audit_events WHERE tenant_id = ? ORDER BY id DESC LIMIT ?",
        (tenant_id, limit),
    )
    return [event_from_row(row) for row in rows]
