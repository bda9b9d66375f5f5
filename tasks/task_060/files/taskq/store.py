"""Where job specs live: one SQLite table, one row per (tenant, name)."""

from __future__ import annotations

import sqlite3

from taskq import codec
from taskq.specs import JobSpec

SCHEMA = """
CREATE TABLE IF NOT EXISTS specs (
    tenant TEXT NOT NULL,
    name TEXT NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (tenant, name)
)
"""


class SpecStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        conn.execute(SCHEMA)

    def get(self, tenant: str, name: str) -> JobSpec | None:
        row = self._conn.execute("SELECT body FROM specs WHERE tenant = ? AND name = ?", (tenant, name)).fetchone()
        return codec.loads(row[0]) if row else None

    def list(self, tenant: str) -> list[JobSpec]:
        rows = self._conn.execute("SELECT body FROM specs WHERE tenant = ? ORDER BY name", (tenant,))
        return [codec.loads(body) for (body,) in rows]

    def create(self, spec: JobSpec) -> bool:
        """Add a new spec; False if the tenant already has one by that name."""
        try:
            with self._conn:
                self._conn.execute(
                    "INSERT INTO specs (tenant, name, body) VALUES (?, ?, ?)",
                    (spec.tenant, spec.name, codec.dumps(spec)),
                )
        except sqlite3.IntegrityError:
            return False
        return True

    def create_all(self, specs: list[JobSpec], *, overwrite: bool = False) -> bool:
        """Add `specs` in one transaction. Without `overwrite`, nothing is added if any of the
        names is taken (False); with it, existing specs of those names are replaced."""
        verb = "INSERT OR REPLACE" if overwrite else "INSERT"
        try:
            with self._conn:
                self._conn.executemany(
                    f"{verb} INTO specs (tenant, name, body) VALUES (?, ?, ?)",
                    [(spec.tenant, spec.name, codec.dumps(spec)) for spec in specs],
                )
        except sqlite3.IntegrityError:
            return False
        return True

    def names(self, tenant: str) -> set[str]:
        return {name for (name,) in self._conn.execute("SELECT name FROM specs WHERE tenant = ?", (tenant,))}

    def delete(self, tenant: str, name: str) -> bool:
        with self._conn:
            cursor = self._conn.execute("DELETE FROM specs WHERE tenant = ? AND name = ?", (tenant, name))
        return cursor.rowcount > 0
