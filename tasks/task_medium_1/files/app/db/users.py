"""Data access for user accounts."""

import sqlite3
from dataclasses import dataclass

SORTABLE_COLUMNS = ("name", "email", "created_at")


@dataclass(frozen=True)
class User:
    id: int
    name: str
    email: str


def get_user(conn: sqlite3.Connection, user_id: int) -> User | None:
    row = conn.execute("SELECT id, name, email FROM users WHERE id = ?", (user_id,)).fetchone()
    return User(*row) if row else None


def list_users(conn: sqlite3.Connection, limit: int = 50) -> list[User]:
    rows = conn.execute("SELECT id, name, email FROM users ORDER BY name LIMIT ?", (limit,))
    return [User(*row) for row in rows]


def search_users(
    conn: sqlite3.Connection,
    term: str,
    sort: str = "name",
    direction: str = "asc",
    limit: int = 50,
) -> list[User]:
    """Users whose name or email contains `term`, sorted by an allowed column."""
    if sort not in SORTABLE_COLUMNS:
        sort = "name"
    pattern = f"%{term}%"
    query = (
        "SELECT id, name, email FROM users "
        "WHERE name LIKE ? OR email LIKE ? "
        f"ORDER BY {sort} {direction} LIMIT ?"
    )
    rows = conn.execute(query, (pattern, pattern, limit))
    return [User(*row) for row in rows]
