"""When subscriptions renew.

A subscription renews every `plan.months` calendar months, on the day of the month it started on.
In a month too short for that day (a start on the 29th-31st, or 29 February for an annual plan) it
renews on the month's last day, and returns to its own day in the next months: a monthly plan
started on 31 January renews on 29 February, 31 March, 30 April, 31 May, ...
"""

import calendar

from dateutil.relativedelta import relativedelta

MAX_LISTED = 24


def renewal_date(sub, n):
    """The start of the subscription's n-th period (n = 0 is the day it started)."""
    if n < 0:
        raise ValueError("n must not be negative")
    # From the start date every time, not from the previous renewal: relativedelta puts a day
    # the month doesn't have on its last day, and chaining would keep that shorter day for good.
    return sub.started_on + relativedelta(months=n * sub.plan.months)


def _period_index(sub, day):
    """The n of the period that contains `day`, on or after the start."""
    elapsed = relativedelta(day, sub.started_on)
    return (elapsed.years * 12 + elapsed.months) // sub.plan.months


def current_period(sub, today):
    """The [start, end) of the period that contains `today`."""
    if today < sub.started_on:
        raise ValueError("the subscription has not started yet")
    n = _period_index(sub, today)
    return renewal_date(sub, n), renewal_date(sub, n + 1)


def next_renewal(sub, today):
    """The next renewal after `today`: the end of the current period."""
    return current_period(sub, today)[1]


def upcoming_renewals(sub, today, count=3):
    """The next `count` renewal dates after `today`, for the "upcoming charges" list."""
    if not 1 <= count <= MAX_LISTED:
        raise ValueError(f"count must be between 1 and {MAX_LISTED}")
    if today < sub.started_on:
        raise ValueError("the subscription has not started yet")
    first = _period_index(sub, today) + 1
    return [renewal_date(sub, n) for n in range(first, first + count)]


def renewals_due(subs, day):
    """The subscriptions the daily billing job charges on `day` (not their first payment)."""
    return [sub for sub in subs if sub.started_on < day and current_period(sub, day)[0] == day]


def _ordinal(day):
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _has_short_months(sub):
    """Whether a month the subscription renews in lacks its start day, some years at least."""
    start = sub.started_on
    months = {(start.month - 1 + k * sub.plan.months) % 12 + 1 for k in range(12)}
    # 2023 is a common year, so February counts with the 28 days it has three years in four.
    return any(start.day > calendar.monthrange(2023, month)[1] for month in months)


def schedule_text(sub):
    """How the billing settings page says when the subscription renews."""
    start, months = sub.started_on, sub.plan.months
    if months % 12 == 0:
        every = "every year" if months == 12 else f"every {months // 12} years"
        text = f"Renews {every} on {start.day} {start:%B}"
        return text + " (28 February in other years)" if _has_short_months(sub) else text
    every = "every month" if months == 1 else f"every {months} months"
    text = f"Renews {every} on the {_ordinal(start.day)}"
    return text + " (the last day of shorter months)" if _has_short_months(sub) else text
