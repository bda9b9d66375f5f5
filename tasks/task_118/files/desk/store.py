"""The helpdesk database: users, their sessions, their tickets and the tickets' attachments."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    is_agent INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
    token TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tickets (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES users(id),
    subject TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    created_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now'))
);
CREATE TABLE IF NOT EXISTS attachments (
    id TEXT PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    uploaded_by INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    created_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now'))
);
CREATE INDEX IF NOT EXISTS attachments_by_ticket ON attachments (ticket_id, created_at);
"""


def connect(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = ON")
    db.executescript(SCHEMA)
    return db


def visible_ticket(db: sqlite3.Connection, ticket_id: int, user) -> sqlite3.Row | None:
    """The ticket if `user` may see it: agents see every ticket, customers their own."""
    row = db.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
    if row is None or not (user.is_agent or row["owner_id"] == user.id):
        return None
    return row


def create_ticket(db: sqlite3.Connection, owner_id: int, subject: str) -> int:
    with db:
        cur = db.execute("INSERT INTO tickets (owner_id, subject) VALUES (?, ?)", (owner_id, subject))
    return cur.lastrowid


def add_attachment(
    db: sqlite3.Connection, attachment_id: str, ticket_id: int, user_id: int, name: str, media_type: str, size: int
) -> None:
    with db:
        db.execute(
            "INSERT INTO attachments (id, ticket_id, uploaded_by, name, media_type, size) VALUES (?, ?, ?, ?, ?, ?)",
            (attachment_id, ticket_id, user_id, name, media_type, size),
        )


def list_attachments(db: sqlite3.Connection, ticket_id: int) -> list[sqlite3.Row]:
    return db.execute(
        "SELECT id, name, media_type, size FROM attachments WHERE ticket_id = ? ORDER BY created_at, rowid",
        (ticket_id,),
    ).fetchall()


def visible_attachment(db: sqlite3.Connection, attachment_id: str, user) -> sqlite3.Row | None:
    """The attachment if `user` may see the ticket it belongs to (the rule of visible_ticket)."""
    row = db.execute(
        "SELECT a.*, t.owner_id FROM attachments a JOIN tickets t ON t.id = a.ticket_id WHERE a.id = ?",
        (attachment_id,),
    ).fetchone()
    if row is None or not (user.is_agent or row["owner_id"] == user.id):
        return None
    return row
