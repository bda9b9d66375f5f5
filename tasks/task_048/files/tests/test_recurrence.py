import unittest
from datetime import datetime, time, timezone

from app.reminders.api import InvalidReminder, create_reminder, parse_reminder
from app.reminders.dispatcher import run_due
from app.reminders.models import Reminder
from app.reminders.recurrence import next_fire
from app.reminders.store import ReminderStore

UTC = timezone.utc
WORKDAYS = frozenset(range(5))


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def repeating(zone, at, weekdays, first_at=utc(2024, 1, 1)):
    return Reminder(1, 1, "Stand-up", first_at, zone, at, frozenset(weekdays))


class NextFireTest(unittest.TestCase):
    def test_one_off(self):
        reminder = Reminder(1, 1, "Call the bank", utc(2024, 5, 6, 9))
        self.assertEqual(next_fire(reminder, utc(2024, 5, 6, 8)), reminder.first_at)
        self.assertIsNone(next_fire(reminder, reminder.first_at))

    def test_weekdays_in_local_time(self):
        reminder = repeating("Europe/Berlin", time(9, 30), WORKDAYS)
        # Friday 2024-05-10 09:30 in Berlin is 07:30 UTC; after it, the next is Monday.
        self.assertEqual(next_fire(reminder, utc(2024, 5, 10, 7)), utc(2024, 5, 10, 7, 30))
        self.assertEqual(next_fire(reminder, utc(2024, 5, 10, 7, 30)), utc(2024, 5, 13, 7, 30))

    def test_same_weekday_next_week(self):
        reminder = repeating("Asia/Tokyo", time(8), {0})
        self.assertEqual(next_fire(reminder, utc(2024, 5, 6, 0)), utc(2024, 5, 12, 23))

    def test_keeps_local_time_across_dst(self):
        reminder = repeating("America/New_York", time(9), range(7))
        self.assertEqual(next_fire(reminder, utc(2024, 3, 9, 15)), utc(2024, 3, 10, 13))  # EST -> EDT
        self.assertEqual(next_fire(reminder, utc(2024, 11, 2, 14)), utc(2024, 11, 3, 14))  # EDT -> EST

    def test_times_skipped_or_repeated_by_dst(self):
        reminder = repeating("America/New_York", time(2, 30), range(7))
        self.assertEqual(next_fire(reminder, utc(2024, 3, 10, 5)), utc(2024, 3, 10, 7, 30))  # 03:30 EDT
        reminder = repeating("America/New_York", time(1, 30), range(7))
        self.assertEqual(next_fire(reminder, utc(2024, 11, 3, 5)), utc(2024, 11, 3, 5, 30))  # first 01:30
        self.assertEqual(next_fire(reminder, utc(2024, 11, 3, 5, 30)), utc(2024, 11, 4, 6, 30))

    def test_not_before_first_at(self):
        reminder = repeating("UTC", time(9), range(7), first_at=utc(2024, 5, 8, 9, 0, 1))
        self.assertEqual(next_fire(reminder, utc(2024, 5, 1)), utc(2024, 5, 9, 9))


class CreateAndDispatchTest(unittest.TestCase):
    NOW = utc(2024, 5, 6, 12)

    def test_create(self):
        store = ReminderStore()
        body = {"text": "Stand-up", "at": "09:30", "repeat": ["mon", "fri"], "timezone": "Europe/Berlin"}
        self.assertEqual(create_reminder(store, body, reminder_id=1, user_id=7, now=self.NOW), utc(2024, 5, 10, 7, 30))
        body = {"text": "Dentist", "at": "2024-05-07T08:15", "timezone": "Europe/London"}
        self.assertEqual(create_reminder(store, body, reminder_id=2, user_id=7, now=self.NOW), utc(2024, 5, 7, 7, 15))

    def test_rejects(self):
        for body in (
            {"text": "x", "at": "09:30", "repeat": ["monday"]},
            {"text": "x", "at": "09:30", "repeat": ["mon"], "timezone": "Mars/Olympus"},
            {"text": "x", "at": "09:30", "repeat": ["mon"], "timezone": "../../etc/passwd"},
            {"text": "x", "at": "09:30+02:00", "repeat": ["mon"]},
            {"text": "x", "at": "2024-05-06T11:00:00+00:00"},
            {"text": "", "at": "2024-05-07T08:15"},
        ):
            with self.subTest(body=body), self.assertRaises(InvalidReminder):
                parse_reminder(body, reminder_id=1, user_id=1, now=self.NOW)

    def test_missed_days_fire_once(self):
        store = ReminderStore()
        reminder = repeating("UTC", time(9), range(7))
        store.add(reminder, utc(2024, 5, 1, 9))
        sent = []
        self.assertEqual(run_due(store, utc(2024, 5, 6, 12), sent.append), 1)
        self.assertEqual(store.next_at(1), utc(2024, 5, 7, 9))


if __name__ == "__main__":
    unittest.main()
