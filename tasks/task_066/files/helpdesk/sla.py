"""First-response targets, and the statistics the queue report shows about them."""

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from helpdesk.tickets import Ticket

# How soon a ticket must get its first reply from an agent.
FIRST_RESPONSE_TARGET = {
    "normal": timedelta(hours=8),
    "urgent": timedelta(hours=1),
}


def percentile(values: Sequence[float], pct: int) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `pct` percent of the values at or
    below it. None when there are no values."""
    if not 0 < pct <= 100:
        raise ValueError("pct must be in (0, 100]")
    if not values:
        return None
    ordered = sorted(values)
    rank = math.ceil(pct * len(ordered) / 100)
    return ordered[rank - 1]


def first_response(ticket: Ticket) -> datetime | None:
    """The first reply; a ticket resolved without a separate reply counts its resolution."""
    return ticket.first_response_at or ticket.resolved_at


def response_minutes(ticket: Ticket) -> float | None:
    """Minutes from opening to the first response, or None while there is none."""
    responded = first_response(ticket)
    if responded is None:
        return None
    return (responded - ticket.opened_at).total_seconds() / 60


def met_target(ticket: Ticket, as_of: datetime) -> bool | None:
    """Whether the first response came within the ticket's target. A ticket still waiting has missed
    it once the target has passed, and is undecided (None) until then."""
    target = FIRST_RESPONSE_TARGET[ticket.priority]
    responded = first_response(ticket)
    if responded is not None:
        return responded - ticket.opened_at <= target
    if as_of - ticket.opened_at > target:
        return False
    return None
