"""When a reminder fires next."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from app.reminders.models import Reminder


def next_fire(reminder: Reminder, after: datetime) -> datetime | None:
    """The first moment strictly after `after` at which the reminder fires, in UTC, or None if it never
    will again.

    A repeating reminder keeps its local time when the UTC offset changes. On the night clocks go
    forward, a time that does not exist that day (02:30) fires an hour later on the wall clock, i.e.
    as many minutes after the change as it would have been; on the night they go back, a time that
    happens twice fires the first time only.
    """
    if after.tzinfo is None:
        raise ValueError("after must be an aware datetime")
    after = after.astimezone(timezone.utc)
    if not reminder.repeats:
        return reminder.first_at if reminder.first_at > after else None
    zone = ZoneInfo(reminder.timezone)
    start = max(after, reminder.first_at)
    day = start.astimezone(zone).date()
    for offset in range(8):  # today, then up to a week ahead
        local = datetime.combine(day + timedelta(days=offset), reminder.at, tzinfo=zone)
        fires_at = local.astimezone(timezone.utc)
        if local.weekday() in reminder.weekdays and fires_at > after and fires_at >= reminder.first_at:
            return fires_at
    raise AssertionError(f"reminder {reminder.id} repeats but has no day in the coming week")
