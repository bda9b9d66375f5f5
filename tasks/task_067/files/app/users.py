"""User accounts."""

import sqlite3


def create_user(conn: sqlite3.Connection, email: str, name: str) -> int:
    with conn:
        return conn.execute(
            "INSERT INTO users (email, name) VALUES (?, ?)", (email.strip().lower(), name)
        ).lastrowid
