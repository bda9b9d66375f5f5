"""Workspaces and who belongs to them."""

import sqlite3

ROLES = ("owner", "admin", "member", "guest")
MANAGER_ROLES = ("owner", "admin")


def create_workspace(conn: sqlite3.Connection, name: str, owner_id: int, now: int) -> int:
    with conn:
        workspace_id = conn.execute(
            "INSERT INTO workspaces (name, created_at) VALUES (?, ?)", (name, now)
        ).lastrowid
        conn.execute(
            "INSERT INTO memberships (workspace_id, user_id, role, joined_at) VALUES (?, ?, 'owner', ?)",
            (workspace_id, owner_id, now),
        )
    return workspace_id


def role_of(conn: sqlite3.Connection, workspace_id: int, user_id: int) -> str | None:
    """The user's role in the workspace, or None if they are not a member."""
    row = conn.execute(
        "SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?", (workspace_id, user_id)
    ).fetchone()
    return row["role"] if row else None


def add_member(conn: sqlite3.Connection, workspace_id: int, user_id: int, role: str, now: int) -> bool:
    """Add the user with `role`; an existing member keeps the role they have. Whether they were added.

    Runs in the caller's transaction."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    cursor = conn.execute(
        "INSERT OR IGNORE INTO memberships (workspace_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)",
        (workspace_id, user_id, role, now),
    )
    return cursor.rowcount == 1
