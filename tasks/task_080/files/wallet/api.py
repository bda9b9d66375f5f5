"""GET /v1/transactions: the signed-in account's transactions, one page at a time."""

import json
import sqlite3
from dataclasses import asdict
from typing import Mapping

from wallet.cursors import CursorCodec, InvalidCursor
from wallet.transactions import SORTS, list_transactions

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


def _error(message: str) -> tuple[int, str]:
    return 400, json.dumps({"error": message})


def get_transactions(
    conn: sqlite3.Connection, cursors: CursorCodec, account_id: int, query: Mapping[str, str]
) -> tuple[int, str]:
    """`account_id` is the session's account; `query` the request's query parameters:
    `sort` (newest, oldest or largest), `limit` (1-100) and `cursor` (a `next_cursor` we returned)."""
    sort = query.get("sort", "newest")
    if sort not in SORTS:
        return _error(f"sort must be one of: {', '.join(SORTS)}")
    try:
        limit = int(query.get("limit", DEFAULT_LIMIT))
    except ValueError:
        return _error("limit must be a whole number")
    if not 1 <= limit <= MAX_LIMIT:
        return _error(f"limit must be between 1 and {MAX_LIMIT}")
    after = None
    if "cursor" in query:
        try:
            after = cursors.decode(query["cursor"], sort)
        except InvalidCursor:
            return _error("cursor is not valid for this list; start again from the first page")
    page = list_transactions(conn, account_id, sort, after, limit)
    next_cursor = cursors.encode(sort, page.next_key) if page.next_key is not None else None
    return 200, json.dumps({"items": [asdict(t) for t in page.items], "next_cursor": next_cursor})
