"""SQLite access for the wallet service."""

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS transactions (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,  -- UTC, fixed width: '2024-05-01T09:30:00.000000Z'
    amount_cents INTEGER NOT NULL,
    description TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transactions_account_created ON transactions (account_id, created_at, id);
CREATE INDEX IF NOT EXISTS transactions_account_amount ON transactions (account_id, amount_cents, id);
"""


def connect(path: str = ":memory:") -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    conn.executescript(SCHEMA)
    return conn


def add_transaction(conn: sqlite3.Connection, account_id: int, created_at: str, amount_cents: int, description: str) -> int:
    cur = conn.execute(
        "INSERT INTO transactions (account_id, created_at, amount_cents, description) VALUES (?, ?, ?, ?)",
        (account_id, created_at, amount_cents, description),
    )
    return cur.lastrowid
