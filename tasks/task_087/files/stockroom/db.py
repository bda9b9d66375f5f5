"""SQLite storage for the stockroom service."""
import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS stock (
    sku       TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    on_hand   INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    updated   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE IF NOT EXISTS stock_adjustments (
    id        INTEGER PRIMARY KEY,
    sku       TEXT NOT NULL REFERENCES stock (sku),
    delta     INTEGER NOT NULL,
    on_hand   INTEGER NOT NULL,
    reason    TEXT NOT NULL,
    actor     TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    created   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX IF NOT EXISTS stock_adjustments_sku ON stock_adjustments (sku, id);
"""


def connect(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.executescript(SCHEMA)
    return conn


def get_item(conn, sku):
    row = conn.execute(
        "SELECT sku, name, on_hand, updated FROM stock WHERE sku = ?", (sku,)
    ).fetchone()
    return dict(row) if row else None


def add_item(conn, sku, name, on_hand=0):
    with conn:
        conn.execute(
            "INSERT INTO stock (sku, name, on_hand) VALUES (?, ?, ?)", (sku, name, on_hand)
        )
