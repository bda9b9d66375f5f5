"""Saved reports: a definition with a name and an owner, private to the owner unless shared."""

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

from app.reports.query import ReportDefinition, parse_definition

SELECT = "SELECT id, tenant_id, owner_id, name, definition, shared, created_at FROM saved_reports"


@dataclass(frozen=True)
class SavedReport:
    id: int
    tenant_id: int
    owner_id: int
    name: str
    definition: ReportDefinition
    shared: bool
    created_at: str

    def summary(self) -> dict:
        fields = {"id": self.id, "name": self.name, "owner_id": self.owner_id, "shared": self.shared}
        return {**fields, "definition": self.definition.to_json(), "created_at": self.created_at}


def _from_row(row: sqlite3.Row) -> SavedReport:
    definition = parse_definition(json.loads(row["definition"]))
    return SavedReport(*row[:4], definition, bool(row["shared"]), row["created_at"])


def create(
    conn: sqlite3.Connection, tenant_id: int, owner_id: int, name: str, definition: ReportDefinition, shared: bool
) -> SavedReport:
    created_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with conn:
        cursor = conn.execute(
            "INSERT INTO saved_reports (tenant_id, owner_id, name, definition, shared, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (tenant_id, owner_id, name, json.dumps(definition.to_json()), int(shared), created_at),
        )
    return SavedReport(cursor.lastrowid, tenant_id, owner_id, name, definition, shared, created_at)


def get(conn: sqlite3.Connection, report_id: int) -> SavedReport | None:
    row = conn.execute(f"{SELECT} WHERE id = ?", (report_id,)).fetchone()
    return _from_row(row) if row else None


def list_for_tenant(conn: sqlite3.Connection, tenant_id: int) -> list[SavedReport]:
    rows = conn.execute(f"{SELECT} WHERE tenant_id = ? ORDER BY id DESC", (tenant_id,)).fetchall()
    return [_from_row(row) for row in rows]
