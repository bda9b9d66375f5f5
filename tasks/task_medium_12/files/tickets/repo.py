"""Reading tickets from the helpdesk database."""

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from tickets.query import TicketQuery


@dataclass(frozen=True)
class Ticket:
    id: int
    title: str
    status: str
    priority: int
    assignee: str
    requester_email: str
    created_at: str
    updated_at: str


_COLUMNS = "id, title, status, priority, assignee, requester_email, created_at, updated_at"


def get_ticket(conn: sqlite3.Connection, ticket_id: int) -> Ticket | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
    return Ticket(*row) if row else None


def open_tickets_for(conn: sqlite3.Connection, assignee: str, limit: int = 50) -> list[Ticket]:
    """The assignee's open tickets, most urgent first."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM tickets WHERE status = 'open' AND assignee = ? "
        "ORDER BY priority DESC, created_at LIMIT ?",
        (assignee, limit),
    )
    return [Ticket(*row) for row in rows]


def search_tickets(
    conn: sqlite3.Connection,
    filters: Mapping[str, object],
    sort: str = "-created",
    limit: int = 50,
    offset: int = 0,
) -> list[Ticket]:
    """Tickets matching every filter (see tickets.query), one page at a time.

    Raises FilterError (a ValueError) for an unknown field, operator or sort key; callers turn it
    into a 400 or a usage error.
    """
    query = TicketQuery()
    for name, value in filters.items():
        query.where(name, value)
    query.sort(sort)
    sql, params = query.build(_COLUMNS, limit, offset)
    return [Ticket(*row) for row in conn.execute(sql, params)]
