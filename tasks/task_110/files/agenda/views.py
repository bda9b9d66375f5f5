"""The agenda: what a calendar shows for a day, a week or any range of days."""

from datetime import datetime, time, timedelta

from agenda.recurrence import next_occurrence, occurrences

MAX_SPAN = timedelta(days=62)
MAX_UPCOMING = 20


def agenda(events, start, end):
    """The occurrences that start in [start, end), earliest first (all-day events first on their day).

    A recurring event appears once per occurrence in the range; a single event at most once.
    """
    if end <= start:
        raise ValueError("the range must end after it starts")
    if end - start > MAX_SPAN:
        raise ValueError(f"at most {MAX_SPAN.days} days at a time")
    items = [item for event in events for item in occurrences(event, start, end)]
    items.sort(key=lambda item: (item.starts_at, not item.event.all_day, item.event.title))
    return items


def day(events, on):
    """The agenda of one calendar day."""
    start = datetime.combine(on, time.min)
    return agenda(events, start, start + timedelta(days=1))


def week(events, monday):
    """The agenda of the week that starts on `monday`."""
    if monday.weekday() != 0:
        raise ValueError("a week starts on a Monday")
    start = datetime.combine(monday, time.min)
    return agenda(events, start, start + timedelta(days=7))


def upcoming(events, now, limit=5):
    """The next occurrence of each event after `now`, soonest first: the "Up next" list."""
    if not 1 <= limit <= MAX_UPCOMING:
        raise ValueError(f"limit must be between 1 and {MAX_UPCOMING}")
    items = [item for item in (next_occurrence(event, now) for event in events) if item is not None]
    items.sort(key=lambda item: (item.starts_at, not item.event.all_day, item.event.title))
    return items[:limit]
