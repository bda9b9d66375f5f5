"""Reading an account's transactions."""

import sqlite3
from dataclasses import dataclass

# The sort orders a client may ask for: name -> (column, direction). Both columns are indexed after
# account_id, and id breaks ties so that every row has one place in the order.
SORTS = {
    "newest": ("created_at", "DESC"),
    "oldest": ("created_at", "ASC"),
    "largest": ("amount_cents", "DESC"),
}


@dataclass(frozen=True)
class Transaction:
    id: int
    created_at: str
    amount_cents: int
    description: str


@dataclass(frozen=True)
class Page:
    items: list[Transaction]
    next_key: tuple | None  # the sort key of the last item, when there are more rows after it


def list_transactions(
    conn: sqlite3.Connection, account_id: int, sort: str = "newest", after: tuple | None = None, limit: int = 50
) -> Page:
    """One page of the account's transactions in `sort` order, starting after the row whose sort key is
    `after` (keyset paging: rows added while a client pages through never shift its pages)."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    column, direction = SORTS[sort]
    beyond = "<" if direction == "DESC" else ">"
    sql = "SELECT id, created_at, amount_cents, description FROM transactions WHERE account_id = ?"
    params: list = [account_id]
    if after is not None:
        sql += f" AND ({column}, id) {beyond} (?, ?)"
        params.extend(after)
    sql += f" ORDER BY {column} {direction}, id {direction} LIMIT ?"
    params.append(limit + 1)  # one more than we show, to know whether there is a next page
    rows = conn.execute(sql, params).fetchall()
    items = [Transaction(**row) for row in rows[:limit]]
    next_key = None
    if len(rows) > limit:
        last = items[-1]
        next_key = (getattr(last, column), last.id)
    return Page(items, next_key)
