"""Monthly billing periods.

A subscription is billed every month on its billing day (1-31); in a month
without that day (the 31st in April, the 29th-31st in February) it is billed on
the month's last day instead. The billing day starts as the day of the month
the subscription started on, and the customer may move it.
"""

import calendar
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # exclusive: the next period's start

    @property
    def days(self):
        return (self.end - self.start).days

    def __contains__(self, day):
        return self.start <= day < self.end


def next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def previous_month(year, month):
    return (year - 1, 12) if month == 1 else (year, month - 1)


def on_billing_day(year, month, billing_day):
    """The billing date in `month`: `billing_day`, or the month's last day if it is shorter."""
    return dt.date(year, month, min(billing_day, calendar.monthrange(year, month)[1]))


def billing_dates(billing_day, after, count):
    """The next `count` billing dates after `after`, for the customer's upcoming invoices."""
    year, month = after.year, after.month
    dates = []
    while len(dates) < count:
        day = on_billing_day(year, month, billing_day)
        if day > after:
            dates.append(day)
        year, month = next_month(year, month)
    return dates


def period_containing(day, billing_day):
    """The billing period that holds `day`, for a subscription billed on `billing_day`."""
    year, month = day.year, day.month
    if day.day < billing_day:
        year, month = previous_month(year, month)
    start = on_billing_day(year, month, billing_day)
    return Period(start, on_billing_day(*next_month(year, month), billing_day))
