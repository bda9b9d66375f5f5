"""Calendar events as the agenda views see them."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

FREQUENCIES = ("daily", "weekly", "monthly", "yearly")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_INTERVAL = 99
MAX_COUNT = 999


@dataclass(frozen=True)
class Recurrence:
    """How an event repeats: every `interval` days, weeks, months or years from its first start.

    `weekdays` (weekly series only) are the days of the week it happens on; empty means the weekday
    of the first start. A series ends after `count` occurrences, or with the last occurrence on or
    before `ends_on` (the "Ends on" date of the editor, a day on which it still happens), or never.
    `exceptions` are the start times of single occurrences that were deleted from the series.
    """

    freq: str
    interval: int = 1
    weekdays: tuple = ()
    count: int | None = None
    ends_on: date | None = None
    exceptions: frozenset = frozenset()

    def __post_init__(self):
        if self.freq not in FREQUENCIES:
            raise ValueError(f"freq must be one of {', '.join(FREQUENCIES)}")
        if not 1 <= self.interval <= MAX_INTERVAL:
            raise ValueError(f"interval must be between 1 and {MAX_INTERVAL}")
        if self.weekdays and self.freq != "weekly":
            raise ValueError("weekdays are only for weekly series")
        if any(day not in WEEKDAYS for day in self.weekdays):
            raise ValueError(f"weekdays must be among {', '.join(WEEKDAYS)}")
        if self.count is not None and self.ends_on is not None:
            raise ValueError("a series ends after a count or on a date, not both")
        if self.count is not None and not 1 <= self.count <= MAX_COUNT:
            raise ValueError(f"count must be between 1 and {MAX_COUNT}")


@dataclass(frozen=True)
class Event:
    """One event on a calendar.

    Times are the calendar's wall-clock times (naive datetimes), as everywhere in the app: the
    calendar's time zone is applied when the agenda is rendered for a device. An all-day event
    starts at midnight and lasts a whole number of days.
    """

    id: str
    title: str
    starts_at: datetime
    duration: timedelta = timedelta(hours=1)
    all_day: bool = False
    recurrence: Recurrence | None = None

    def __post_init__(self):
        if self.duration <= timedelta(0):
            raise ValueError("an event must last some time")
        if self.all_day and (self.starts_at.time() != datetime.min.time() or self.duration % timedelta(days=1)):
            raise ValueError("an all-day event starts at midnight and lasts whole days")
        rec = self.recurrence
        if rec is not None:
            # The first start is always an occurrence, so it must fit the rule.
            if rec.weekdays and WEEKDAYS[self.starts_at.weekday()] not in rec.weekdays:
                raise ValueError("the first start must fall on one of the series' weekdays")
            if rec.ends_on is not None and rec.ends_on < self.starts_at.date():
                raise ValueError("a series cannot end before its first start")


@dataclass(frozen=True)
class Occurrence:
    """An event as it appears on the agenda."""

    event: Event
    starts_at: datetime

    @property
    def ends_at(self):
        return self.starts_at + self.event.duration

    @property
    def key(self):
        """Stable id of this occurrence, used by the apps to keep their list state."""
        return f"{self.event.id}@{self.starts_at:%Y%m%dT%H%M}"
