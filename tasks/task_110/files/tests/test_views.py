import unittest
from datetime import date, datetime, timedelta

from agenda.models import Event, Recurrence
from agenda.views import agenda, day, upcoming, week


def ev(id, starts_at, **kwargs):
    return Event(id=id, title=id, starts_at=starts_at, **kwargs)


class AgendaTest(unittest.TestCase):
    def test_range_is_half_open(self):
        events = [ev("a", datetime(2024, 5, 6, 0, 0)), ev("b", datetime(2024, 5, 7, 0, 0))]
        self.assertEqual([o.event.id for o in agenda(events, datetime(2024, 5, 6), datetime(2024, 5, 7))], ["a"])

    def test_sorted_all_day_first(self):
        events = [
            ev("standup", datetime(2024, 5, 6, 0, 0), duration=timedelta(minutes=15)),
            ev("holiday", datetime(2024, 5, 6), duration=timedelta(days=1), all_day=True),
        ]
        self.assertEqual([o.event.id for o in day(events, date(2024, 5, 6))], ["holiday", "standup"])

    def test_week_starts_on_monday(self):
        with self.assertRaises(ValueError):
            week([], date(2024, 5, 7))

    def test_week_with_a_recurring_event(self):
        events = [
            ev("gym", datetime(2024, 4, 29, 7), recurrence=Recurrence(freq="weekly", weekdays=("mon", "wed", "fri"))),
            ev("review", datetime(2024, 5, 8, 14)),
        ]
        self.assertEqual(
            [o.key for o in week(events, date(2024, 5, 6))],
            ["gym@20240506T0700", "gym@20240508T0700", "review@20240508T1400", "gym@20240510T0700"],
        )

    def test_upcoming(self):
        events = [
            ev("standup", datetime(2024, 5, 6, 9), recurrence=Recurrence(freq="weekly", weekdays=("mon", "tue"))),
            ev("launch", datetime(2024, 5, 7, 8)),
            ev("past", datetime(2024, 5, 1, 8)),
        ]
        items = upcoming(events, datetime(2024, 5, 6, 12))
        self.assertEqual([o.key for o in items], ["launch@20240507T0800", "standup@20240507T0900"])
        with self.assertRaises(ValueError):
            upcoming(events, datetime(2024, 5, 6, 12), limit=0)

    def test_span_is_limited(self):
        with self.assertRaises(ValueError):
            agenda([], datetime(2024, 1, 1), datetime(2024, 6, 1))


if __name__ == "__main__":
    unittest.main()
