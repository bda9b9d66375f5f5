"""The SQLite database. Every tenant's rows share the same tables; each row carries its tenant_id."""

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS tenants (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member'
);
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    placed_at TEXT NOT NULL,  -- UTC, 'YYYY-MM-DDTHH:MM:SS+00:00'
    region TEXT NOT NULL,
    plan TEXT NOT NULL,
    channel TEXT NOT NULL,
    amount_cents INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_tenant_placed ON orders (tenant_id, placed_at);
CREATE TABLE IF NOT EXISTS saved_reports (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    owner_id INTEGER NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    definition TEXT NOT NULL,  -- JSON, see app.reports.query.ReportDefinition
    shared INTEGER NOT NULL DEFAULT 0,  -- 1: everyone in the tenant who uses reports can see it
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS saved_reports_tenant ON saved_reports (tenant_id, id);
"""


def connect(path: str = ":memory:") -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.executescript(SCHEMA)
    return conn
