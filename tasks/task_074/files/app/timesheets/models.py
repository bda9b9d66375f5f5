"""Timesheet entries as stored and shown in the app."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

#: A correction entry may take hours back, but no entry covers more than a day.
MAX_HOURS = Decimal("24")


@dataclass(frozen=True)
class Entry:
    day: dt.date
    person: str
    project: str
    hours: Decimal
    billable: bool
    notes: str = ""

    def __post_init__(self):
        if not isinstance(self.hours, Decimal) or not self.hours.is_finite():
            raise ValueError(f"hours must be a finite Decimal, not {self.hours!r}")
        if not -MAX_HOURS <= self.hours <= MAX_HOURS or self.hours == 0:
            raise ValueError(f"hours out of range: {self.hours}")
        if self.hours.as_tuple().exponent < -2:
            raise ValueError(f"hours are kept to the hundredth: {self.hours}")
