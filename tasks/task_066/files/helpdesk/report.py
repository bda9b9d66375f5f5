"""The morning queue report the support leads get by e-mail."""

from collections.abc import Iterable
from datetime import datetime

from helpdesk.sla import met_target, percentile, response_minutes
from helpdesk.tickets import QUEUES, Ticket

ALL_QUEUES = "all queues"


def _sla_pct(outcomes: list[bool | None]) -> float | None:
    """Share of decided tickets that met their target, in percent; None when none is decided yet."""
    decided = [outcome for outcome in outcomes if outcome is not None]
    if not decided:
        return None
    return round(100 * sum(decided) / len(decided), 1)


def _row(name: str, tickets: list[Ticket], as_of: datetime) -> dict:
    open_tickets = [ticket for ticket in tickets if ticket.is_open]
    minutes = [m for m in map(response_minutes, tickets) if m is not None]
    oldest = min(open_tickets, key=lambda ticket: ticket.opened_at, default=None)
    oldest_open_h = round((as_of - oldest.opened_at).total_seconds() / 3600, 1)
    return {
        "queue": name,
        "tickets": len(tickets),
        "open": len(open_tickets),
        "urgent_open": sum(ticket.priority == "urgent" for ticket in open_tickets),
        "p50_reply_min": percentile(minutes, 50),
        "p90_reply_min": percentile(minutes, 90),
        "sla_pct": _sla_pct([met_target(ticket, as_of) for ticket in tickets]),
        "oldest_open_h": oldest_open_h,
    }


def queue_report(tickets: Iterable[Ticket], as_of: datetime) -> list[dict]:
    """One row per queue, in QUEUES order so the table lines up from one day to the next, then a row
    for all queues together (computed from the tickets: percentiles do not add up across rows).

    Reply times are in minutes, over the tickets with a first response so far. SLA % counts a ticket
    still waiting as a miss once its target has passed. The oldest open ticket's age is in hours.
    """
    by_queue: dict[str, list[Ticket]] = {queue: [] for queue in QUEUES}
    for ticket in tickets:
        by_queue[ticket.queue].append(ticket)
    rows = [_row(queue, queue_tickets, as_of) for queue, queue_tickets in by_queue.items()]
    everything = [ticket for queue_tickets in by_queue.values() for ticket in queue_tickets]
    rows.append(_row(ALL_QUEUES, everything, as_of))
    return rows
