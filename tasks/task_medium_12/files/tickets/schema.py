"""The helpdesk database."""

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS tickets (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'solved', 'closed')),
    priority        INTEGER NOT NULL DEFAULT 1 CHECK (priority BETWEEN 0 AND 3),
    assignee        TEXT NOT NULL DEFAULT '',
    requester_email TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tickets_by_status ON tickets(status, priority);
CREATE INDEX IF NOT EXISTS tickets_by_assignee ON tickets(assignee, status);
"""


def connect(path: str = ":memory:") -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    return conn
