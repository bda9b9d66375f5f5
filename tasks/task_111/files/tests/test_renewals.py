import unittest
from datetime import date

from subs.models import Subscription
from subs.renewals import (
    current_period,
    next_renewal,
    renewal_date,
    renewals_due,
    schedule_text,
    upcoming_renewals,
)


def sub(plan, started_on):
    return Subscription(id="s1", customer_id="c1", plan_code=plan, started_on=started_on)


class RenewalTest(unittest.TestCase):
    def test_same_day_of_the_month(self):
        s = sub("monthly", date(2024, 1, 15))
        self.assertEqual([renewal_date(s, n) for n in range(4)],
                         [date(2024, 1, 15), date(2024, 2, 15), date(2024, 3, 15), date(2024, 4, 15)])

    def test_month_end_start(self):
        s = sub("monthly", date(2024, 1, 31))
        self.assertEqual([renewal_date(s, n) for n in range(1, 5)],
                         [date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30), date(2024, 5, 31)])

    def test_quarterly(self):
        s = sub("quarterly", date(2023, 11, 30))
        self.assertEqual([renewal_date(s, n) for n in range(1, 4)],
                         [date(2024, 2, 29), date(2024, 5, 30), date(2024, 8, 30)])

    def test_annual_from_leap_day(self):
        s = sub("annual", date(2024, 2, 29))
        self.assertEqual([renewal_date(s, n) for n in range(1, 5)],
                         [date(2025, 2, 28), date(2026, 2, 28), date(2027, 2, 28), date(2028, 2, 29)])

    def test_current_period(self):
        s = sub("monthly", date(2024, 3, 1))
        self.assertEqual(current_period(s, date(2024, 3, 15)), (date(2024, 3, 1), date(2024, 4, 1)))
        self.assertEqual(current_period(s, date(2024, 4, 1)), (date(2024, 4, 1), date(2024, 5, 1)))
        with self.assertRaises(ValueError):
            current_period(s, date(2024, 2, 29))

    def test_next_renewal(self):
        s = sub("monthly", date(2024, 3, 1))
        self.assertEqual(next_renewal(s, date(2024, 3, 1)), date(2024, 4, 1))

    def test_upcoming(self):
        s = sub("monthly", date(2024, 1, 31))
        self.assertEqual(upcoming_renewals(s, date(2024, 2, 10)),
                         [date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)])
        with self.assertRaises(ValueError):
            upcoming_renewals(s, date(2024, 2, 10), count=0)

    def test_due(self):
        s = sub("monthly", date(2024, 1, 31))
        self.assertEqual(renewals_due([s], date(2024, 2, 29)), [s])
        self.assertEqual(renewals_due([s], date(2024, 3, 29)), [])
        self.assertEqual(renewals_due([s], date(2024, 3, 31)), [s])
        self.assertEqual(renewals_due([s], date(2024, 1, 31)), [])


class ScheduleTextTest(unittest.TestCase):
    def test_texts(self):
        cases = [
            ("monthly", date(2024, 5, 1), "Renews every month on the 1st"),
            ("monthly", date(2024, 5, 22), "Renews every month on the 22nd"),
            ("monthly", date(2024, 5, 12), "Renews every month on the 12th"),
            ("monthly", date(2024, 1, 31), "Renews every month on the 31st (the last day of shorter months)"),
            ("quarterly", date(2024, 1, 30), "Renews every 3 months on the 30th"),
            ("quarterly", date(2024, 5, 31), "Renews every 3 months on the 31st (the last day of shorter months)"),
            ("annual", date(2024, 1, 31), "Renews every year on 31 January"),
            ("annual", date(2024, 2, 29), "Renews every year on 29 February (28 February in other years)"),
        ]
        for plan, started_on, expected in cases:
            with self.subTest(plan=plan, started_on=started_on):
                self.assertEqual(schedule_text(sub(plan, started_on)), expected)


if __name__ == "__main__":
    unittest.main()
