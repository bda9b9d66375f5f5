"""POST /reminders: turning the request body into a Reminder.

    {"text": "Call the bank", "at": "2024-05-06T09:00", "timezone": "Europe/Berlin"}
    {"text": "Stand-up", "at": "09:30", "repeat": ["mon", "tue", "wed", "thu", "fri"], "timezone": "Europe/Berlin"}

A one-off reminder's `at` is a date and time: on the wall clock of `timezone`, or with its own UTC offset.
A repeating reminder's `at` is a time of day, on the wall clock of `timezone`.
`timezone` defaults to UTC; the app sends the device's zone.
"""

import functools
from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo, available_timezones

from app.reminders.models import WEEKDAYS, Reminder
from app.reminders.recurrence import next_fire
from app.reminders.store import ReminderStore

MAX_TEXT = 500


class InvalidReminder(ValueError):
    """The body does not describe a reminder; the handler answers 400 with the message."""


@functools.cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())  # reads the zone database from disk: once


def parse_reminder(payload: dict, *, reminder_id: int, user_id: int, now: datetime) -> Reminder:
    text = payload.get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
        raise InvalidReminder(f"text must be 1 to {MAX_TEXT} characters")
    zone_name = payload.get("timezone", "UTC")
    if not isinstance(zone_name, str) or zone_name not in _zone_names():
        raise InvalidReminder("timezone must be an IANA time zone name, such as Europe/Berlin")
    repeat = payload.get("repeat", [])
    if not isinstance(repeat, list) or not all(day in WEEKDAYS for day in repeat):
        raise InvalidReminder(f"repeat must be a list of days from {', '.join(WEEKDAYS)}")
    at = payload.get("at")
    if not isinstance(at, str):
        raise InvalidReminder("at is required")
    now = now.astimezone(timezone.utc)
    if repeat:
        try:
            local_time = time.fromisoformat(at)
        except ValueError:
            raise InvalidReminder("at must be a time of day such as 09:30") from None
        if local_time.tzinfo is not None:
            raise InvalidReminder("at is on the wall clock of timezone: leave out the offset")
        weekdays = frozenset(WEEKDAYS.index(day) for day in repeat)
        return Reminder(reminder_id, user_id, text.strip(), now, zone_name, local_time, weekdays)
    try:
        when = datetime.fromisoformat(at)
    except ValueError:
        raise InvalidReminder("at must be a date and time such as 2024-05-06T09:00") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(zone_name))
    if when <= now:
        raise InvalidReminder("at is in the past")
    return Reminder(reminder_id, user_id, text.strip(), when.astimezone(timezone.utc), zone_name)


def create_reminder(store: ReminderStore, payload: dict, *, reminder_id: int, user_id: int, now: datetime) -> datetime:
    """Store the reminder described by `payload`; returns when it first fires (UTC), for the response."""
    reminder = parse_reminder(payload, reminder_id=reminder_id, user_id=user_id, now=now)
    first = next_fire(reminder, now)
    store.add(reminder, first)
    return first
