import unittest
from datetime import date, datetime, timedelta

from agenda.models import Event, Recurrence
from agenda.recurrence import next_occurrence, occurrences


def series(starts_at, **kwargs):
    return Event(id="s", title="series", starts_at=starts_at, recurrence=Recurrence(**kwargs))


def starts(event, start, end):
    return [o.starts_at for o in occurrences(event, start, end)]


class OccurrencesTest(unittest.TestCase):
    def test_single_event(self):
        event = Event(id="e", title="e", starts_at=datetime(2024, 5, 6, 9))
        self.assertEqual(starts(event, datetime(2024, 5, 6), datetime(2024, 5, 7)), [datetime(2024, 5, 6, 9)])
        self.assertEqual(starts(event, datetime(2024, 5, 7), datetime(2024, 5, 8)), [])

    def test_weekly_on_chosen_days(self):
        event = series(datetime(2024, 5, 6, 9, 30), freq="weekly", weekdays=("mon", "thu"))
        self.assertEqual(
            starts(event, datetime(2024, 5, 6), datetime(2024, 5, 20)),
            [datetime(2024, 5, 6, 9, 30), datetime(2024, 5, 9, 9, 30),
             datetime(2024, 5, 13, 9, 30), datetime(2024, 5, 16, 9, 30)],
        )

    def test_every_other_day(self):
        event = series(datetime(2024, 5, 1, 8), freq="daily", interval=2)
        self.assertEqual(
            starts(event, datetime(2024, 5, 4), datetime(2024, 5, 10)),
            [datetime(2024, 5, 5, 8), datetime(2024, 5, 7, 8), datetime(2024, 5, 9, 8)],
        )

    def test_ends_on_is_inclusive(self):
        event = series(datetime(2024, 5, 6, 18), freq="weekly", ends_on=date(2024, 5, 20))
        self.assertEqual(
            starts(event, datetime(2024, 5, 1), datetime(2024, 6, 30)),
            [datetime(2024, 5, 6, 18), datetime(2024, 5, 13, 18), datetime(2024, 5, 20, 18)],
        )

    def test_count_includes_deleted_occurrences(self):
        event = series(
            datetime(2024, 5, 6, 9), freq="daily", count=3, exceptions=frozenset({datetime(2024, 5, 7, 9)})
        )
        self.assertEqual(
            starts(event, datetime(2024, 5, 1), datetime(2024, 5, 31)), [datetime(2024, 5, 6, 9), datetime(2024, 5, 8, 9)]
        )

    def test_monthly_on_the_31st_skips_short_months(self):
        event = series(datetime(2024, 1, 31, 12), freq="monthly")
        self.assertEqual(
            starts(event, datetime(2024, 2, 1), datetime(2024, 4, 1)), [datetime(2024, 3, 31, 12)]
        )

    def test_next_occurrence_skips_deleted(self):
        event = series(datetime(2024, 5, 6, 9), freq="daily", exceptions=frozenset({datetime(2024, 5, 8, 9)}))
        self.assertEqual(next_occurrence(event, datetime(2024, 5, 7, 9)).starts_at, datetime(2024, 5, 9, 9))
        ended = series(datetime(2024, 5, 6, 9), freq="daily", count=2)
        self.assertIsNone(next_occurrence(ended, datetime(2024, 5, 7, 9)))


class RecurrenceValidationTest(unittest.TestCase):
    def test_first_start_must_fit_weekdays(self):
        with self.assertRaises(ValueError):
            series(datetime(2024, 5, 7, 9), freq="weekly", weekdays=("mon",))

    def test_count_or_ends_on(self):
        with self.assertRaises(ValueError):
            Recurrence(freq="daily", count=3, ends_on=date(2024, 6, 1))

    def test_weekdays_only_weekly(self):
        with self.assertRaises(ValueError):
            Recurrence(freq="daily", weekdays=("mon",))

    def test_limits(self):
        for kwargs in ({"freq": "hourly"}, {"freq": "daily", "interval": 0}, {"freq": "daily", "count": 0}):
            with self.subTest(kwargs=kwargs), self.assertRaises(ValueError):
                Recurrence(**kwargs)


if __name__ == "__main__":
    unittest.main()
