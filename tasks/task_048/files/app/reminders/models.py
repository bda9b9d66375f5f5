"""Reminders users set for themselves."""

from dataclasses import dataclass
from datetime import datetime, time

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # position = date.weekday()


@dataclass(frozen=True)
class Reminder:
    """A one-off reminder fires once, at `first_at`. A repeating one fires at `at` on each of its
    `weekdays`, on the wall clock of `timezone` (an IANA name), never before `first_at`."""

    id: int
    user_id: int
    text: str
    first_at: datetime  # aware, UTC
    timezone: str = "UTC"
    at: time | None = None  # repeating reminders only
    weekdays: frozenset[int] = frozenset()  # 0 = Monday; empty for a one-off

    @property
    def repeats(self) -> bool:
        return bool(self.weekdays)
