"""SQLite access shared by the rollup workers.

Every worker process opens its own connection to the same database file. Connections run in
autocommit mode (isolation_level=None): a multi-statement change must be wrapped in
`immediate()`, which takes the database's write lock up front.
"""
import sqlite3
from contextlib import contextmanager

SCHEMA = """
CREATE TABLE IF NOT EXISTS usage_events (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    day TEXT NOT NULL,
    units INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS usage_events_day ON usage_events (day, account_id);
CREATE TABLE IF NOT EXISTS rollups (
    day TEXT NOT NULL,
    account_id TEXT NOT NULL,
    units INTEGER NOT NULL,
    computed_at REAL NOT NULL,
    PRIMARY KEY (day, account_id)
);
CREATE TABLE IF NOT EXISTS leases (
    name TEXT PRIMARY KEY,
    owner TEXT,
    token INTEGER NOT NULL,
    expires_at REAL NOT NULL
);
"""


def connect(path, timeout=5.0):
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def init_schema(conn):
    conn.executescript(SCHEMA)


@contextmanager
def immediate(conn):
    """Run the block in one transaction that holds the write lock from its first statement.

    BEGIN IMMEDIATE waits (up to the connection's timeout) until no other connection is
    writing, and no other connection can write until this one commits or rolls back.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
