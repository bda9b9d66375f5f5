"""SQLite access scoped to the current tenant.

Every table holding tenant data has a tenant_id column. TenantDB binds `:tenant` to the current
tenant (app.tenancy) in every statement and refuses SQL that does not use it, so code below the
handlers cannot read or change another tenant's rows by forgetting a WHERE clause.
"""

import sqlite3
import threading
from typing import Any

from app.tenancy import current_tenant

SCHEMA = """
CREATE TABLE IF NOT EXISTS tenant_settings (
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (tenant_id, name)
);
CREATE TABLE IF NOT EXISTS products (
    tenant_id TEXT NOT NULL,
    sku TEXT NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    price_cents INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, sku)
);
CREATE INDEX IF NOT EXISTS products_by_category ON products (tenant_id, category);
"""


def connect(path: str = ":memory:") -> sqlite3.Connection:
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.executescript(SCHEMA)
    return conn


class TenantDB:
    """The one connection of the process, used by every request thread."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self._lock = threading.Lock()

    def _params(self, sql: str, params: dict[str, Any]) -> dict[str, Any]:
        if ":tenant" not in sql:
            raise ValueError("tenant data must be filtered on :tenant")
        if "tenant" in params:
            raise ValueError(":tenant is bound by TenantDB")
        return {**params, "tenant": current_tenant()}

    def one(self, sql: str, **params: Any) -> tuple | None:
        with self._lock:
            return self._conn.execute(sql, self._params(sql, params)).fetchone()

    def all(self, sql: str, **params: Any) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, self._params(sql, params)).fetchall()

    def execute(self, sql: str, **params: Any) -> int:
        """Run one write in its own transaction; the number of rows it changed."""
        with self._lock, self._conn:
            return self._conn.execute(sql, self._params(sql, params)).rowcount
