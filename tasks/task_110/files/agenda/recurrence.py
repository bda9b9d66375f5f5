"""Expand recurring events into the occurrences an agenda shows.

A series (models.Recurrence) is expanded with dateutil's rrule, which implements the RFC 5545
(iCalendar) recurrence rules the apps and our .ics export already speak. Its behaviour is the
RFC's: a monthly series that started on the 31st happens only in months that have a 31st, and a
yearly one from 29 February only in leap years, as in other calendar apps.
"""

from datetime import datetime, time

from dateutil import rrule

from agenda.models import Occurrence

_FREQ = {"daily": rrule.DAILY, "weekly": rrule.WEEKLY, "monthly": rrule.MONTHLY, "yearly": rrule.YEARLY}
_WEEKDAY = {
    "mon": rrule.MO,
    "tue": rrule.TU,
    "wed": rrule.WE,
    "thu": rrule.TH,
    "fri": rrule.FR,
    "sat": rrule.SA,
    "sun": rrule.SU,
}


def build_rule(event):
    """The rrule of a recurring event's series (its first occurrence is event.starts_at)."""
    rec = event.recurrence
    until = None
    if rec.ends_on is not None:
        # rrule's until is inclusive, and ends_on is a whole day the series still happens on.
        until = datetime.combine(rec.ends_on, time.max)
    return rrule.rrule(
        _FREQ[rec.freq],
        dtstart=event.starts_at,
        interval=rec.interval,
        byweekday=[_WEEKDAY[day] for day in rec.weekdays] or None,
        count=rec.count,
        until=until,
        cache=False,
    )


def occurrences(event, start, end):
    """The occurrences of `event` that start in [start, end), earliest first.

    A single event has at most one, itself. Occurrences deleted from a series are left out; `count`
    still counts them, as the series was defined with them.
    """
    if event.recurrence is None:
        if start <= event.starts_at < end:
            return [Occurrence(event, event.starts_at)]
        return []
    deleted = event.recurrence.exceptions
    moments = build_rule(event).between(start, end, inc=True)
    return [Occurrence(event, moment) for moment in moments if moment not in deleted]


def next_occurrence(event, after):
    """The first occurrence of `event` that starts strictly after `after`, or None."""
    if event.recurrence is None:
        return Occurrence(event, event.starts_at) if event.starts_at > after else None
    deleted = event.recurrence.exceptions
    for moment in build_rule(event).xafter(after, inc=False):
        if moment not in deleted:
            return Occurrence(event, moment)
    return None
