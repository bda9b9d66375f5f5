"""Support tickets as the reporting jobs see them (exported from the helpdesk every morning)."""

from dataclasses import dataclass
from datetime import datetime

QUEUES = ("billing", "technical", "accounts")
PRIORITIES = ("normal", "urgent")


@dataclass(frozen=True)
class Ticket:
    id: str
    queue: str
    priority: str
    opened_at: datetime
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None

    def __post_init__(self):
        if self.queue not in QUEUES:
            raise ValueError(f"unknown queue {self.queue!r}")
        if self.priority not in PRIORITIES:
            raise ValueError(f"unknown priority {self.priority!r}")
        stamps = [self.opened_at, self.first_response_at, self.resolved_at]
        if any(stamp is not None and stamp.tzinfo is None for stamp in stamps):
            raise ValueError("ticket timestamps must be timezone-aware")
        for later in (self.first_response_at, self.resolved_at):
            if later is not None and later < self.opened_at:
                raise ValueError(f"ticket {self.id}: a timestamp precedes opened_at")

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
