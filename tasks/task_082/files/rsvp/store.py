"""The club's SQLite database: members, sessions, sign-in links, API tokens, events and replies."""
from __future__ import annotations

import sqlite3
import time

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS signin_links (
    code_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    rsvp_by INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS rsvps (
    event_id INTEGER NOT NULL REFERENCES events(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    status TEXT NOT NULL CHECK (status IN ('yes', 'no', 'maybe')),
    guests INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, user_id)
);
"""


class Store:
    def __init__(self, path: str = ":memory:", clock=time.time):
        self.clock = clock
        self.db = sqlite3.connect(path)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.executescript(SCHEMA)

    def now(self) -> int:
        return int(self.clock())

    # members and sessions

    def add_user(self, name: str, email: str) -> int:
        with self.db:
            return self.db.execute("INSERT INTO users (name, email) VALUES (?, ?)", (name, email)).lastrowid

    def create_session(self, sid: str, user_id: int, ttl: int) -> None:
        with self.db:
            self.db.execute("INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)",
                            (sid, user_id, self.now() + ttl))

    def session_user(self, sid: str):
        return self.db.execute(
            "SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id"
            " WHERE sessions.id = ? AND sessions.expires_at > ?", (sid, self.now())).fetchone()

    def delete_session(self, sid: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM sessions WHERE id = ?", (sid,))

    def add_signin_link(self, code_hash: str, user_id: int, ttl: int) -> None:
        with self.db:
            self.db.execute("INSERT INTO signin_links (code_hash, user_id, expires_at) VALUES (?, ?, ?)",
                            (code_hash, user_id, self.now() + ttl))

    def use_signin_link(self, code_hash: str):
        """The member a sign-in link is for, deleting the link: each one works once."""
        with self.db:
            row = self.db.execute("SELECT user_id, expires_at FROM signin_links WHERE code_hash = ?",
                                  (code_hash,)).fetchone()
            if row is None:
                return None
            self.db.execute("DELETE FROM signin_links WHERE code_hash = ?", (code_hash,))
        return row["user_id"] if row["expires_at"] > self.now() else None

    # API tokens

    def token_user(self, token_hash: str):
        return self.db.execute(
            "SELECT users.* FROM api_tokens JOIN users ON users.id = api_tokens.user_id"
            " WHERE api_tokens.token_hash = ?", (token_hash,)).fetchone()

    def add_api_token(self, user_id: int, token_hash: str, label: str) -> int:
        with self.db:
            return self.db.execute(
                "INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES (?, ?, ?, ?)",
                (user_id, token_hash, label, self.now())).lastrowid

    def api_tokens(self, user_id: int) -> list:
        return self.db.execute("SELECT id, label, created_at FROM api_tokens WHERE user_id = ? ORDER BY id",
                               (user_id,)).fetchall()

    def revoke_api_token(self, user_id: int, token_id: int) -> bool:
        """Delete one of the member's own tokens; False if they have no such token."""
        with self.db:
            return self.db.execute("DELETE FROM api_tokens WHERE id = ? AND user_id = ?",
                                   (token_id, user_id)).rowcount == 1

    # events

    def add_event(self, title: str, starts_at: int, rsvp_by: int) -> int:
        with self.db:
            return self.db.execute("INSERT INTO events (title, starts_at, rsvp_by) VALUES (?, ?, ?)",
                                   (title, starts_at, rsvp_by)).lastrowid

    def event(self, event_id: int):
        return self.db.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()

    def upcoming_events(self) -> list:
        return self.db.execute("SELECT * FROM events WHERE starts_at > ? ORDER BY starts_at, id",
                               (self.now(),)).fetchall()

    # replies

    def set_rsvp(self, event_id: int, user_id: int, status: str, guests: int) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO rsvps (event_id, user_id, status, guests, updated_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (event_id, user_id) DO UPDATE SET"
                " status = excluded.status, guests = excluded.guests, updated_at = excluded.updated_at",
                (event_id, user_id, status, guests, self.now()))

    def rsvp(self, event_id: int, user_id: int):
        return self.db.execute("SELECT status, guests FROM rsvps WHERE event_id = ? AND user_id = ?",
                               (event_id, user_id)).fetchone()

    def headcount(self, event_id: int) -> dict:
        """How many replied yes (guests included), maybe and no."""
        row = self.db.execute(
            "SELECT COALESCE(SUM(CASE WHEN status = 'yes' THEN 1 + guests END), 0) AS yes,"
            " COUNT(CASE WHEN status = 'maybe' THEN 1 END) AS maybe,"
            " COUNT(CASE WHEN status = 'no' THEN 1 END) AS no"
            " FROM rsvps WHERE event_id = ?", (event_id,)).fetchone()
        return dict(row)
