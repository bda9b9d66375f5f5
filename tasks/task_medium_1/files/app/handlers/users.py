"""HTTP handlers for /users. Each takes the query parameters and returns a JSON-ready dict."""

import sqlite3

from app.db import users

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def _limit(params: dict[str, str]) -> int:
    """The page size asked for, kept within 1..MAX_LIMIT; anything unparsable gets the default."""
    try:
        return max(1, min(int(params.get("limit", DEFAULT_LIMIT)), MAX_LIMIT))
    except ValueError:
        return DEFAULT_LIMIT


def handle_get_user(conn: sqlite3.Connection, user_id: int) -> dict:
    user = users.get_user(conn, user_id)
    if user is None:
        return {"status": 404, "error": "user not found"}
    return {"status": 200, "user": user.__dict__}


def handle_list_users(conn: sqlite3.Connection, params: dict[str, str]) -> dict:
    return {"status": 200, "users": [u.__dict__ for u in users.list_users(conn, _limit(params))]}


def handle_search_users(conn: sqlite3.Connection, params: dict[str, str]) -> dict:
    term = params.get("q", "").strip()
    if len(term) < 2:
        return {"status": 400, "error": "q must be at least 2 characters"}
    found = users.search_users(
        conn,
        term,
        sort=params.get("sort", "name"),
        direction=params.get("order", "asc"),
        limit=_limit(params),
    )
    return {"status": 200, "users": [u.__dict__ for u in found]}
