"""The billing database: schema and how the pool opens connections."""

import sqlite3
from functools import partial

from billing.pool import ConnectionPool

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    id      INTEGER PRIMARY KEY,
    email   TEXT NOT NULL UNIQUE,
    credits INTEGER NOT NULL DEFAULT 0 CHECK (credits >= 0)
);
CREATE TABLE IF NOT EXISTS ledger (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    delta      INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    at         TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS vouchers (
    code        TEXT PRIMARY KEY,  -- normalised: upper-case letters and digits, no dashes
    credits     INTEGER NOT NULL CHECK (credits > 0),
    expires_on  TEXT NOT NULL,
    redeemed_by INTEGER REFERENCES accounts(id),
    redeemed_at TEXT
);
"""


def open_connection(path: str) -> sqlite3.Connection:
    # Autocommit mode: code that needs a transaction says BEGIN explicitly.
    conn = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    return conn


def create_pool(path: str, size: int = 5, timeout: float = 5.0) -> ConnectionPool:
    conn = open_connection(path)
    try:
        conn.executescript(SCHEMA)
    finally:
        conn.close()
    return ConnectionPool(partial(open_connection, path), size=size, timeout=timeout)
