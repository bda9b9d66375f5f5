import unittest
from datetime import datetime, timedelta, timezone

from helpdesk.sla import met_target, percentile, response_minutes
from helpdesk.tickets import Ticket

AS_OF = datetime(2024, 5, 6, 8, 0, tzinfo=timezone.utc)


def ticket(priority, opened_hours_ago, replied_hours_ago=None):
    replied = None if replied_hours_ago is None else AS_OF - timedelta(hours=replied_hours_ago)
    return Ticket("T", "billing", priority, AS_OF - timedelta(hours=opened_hours_ago), replied)


class PercentileTest(unittest.TestCase):
    def test_nearest_rank(self):
        values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6]
        self.assertEqual(percentile(values, 50), 5)
        self.assertEqual(percentile(values, 90), 9)
        self.assertEqual(percentile(values, 100), 10)
        self.assertEqual(percentile([7.5], 90), 7.5)

    def test_no_values(self):
        self.assertIsNone(percentile([], 50))

    def test_bad_pct(self):
        for pct in (0, -5, 101):
            with self.assertRaises(ValueError):
                percentile([1, 2], pct)


class TargetTest(unittest.TestCase):
    def test_response_minutes(self):
        self.assertEqual(response_minutes(ticket("normal", 3, 1)), 120)
        self.assertIsNone(response_minutes(ticket("normal", 3)))
        closed = Ticket("T", "billing", "normal", AS_OF - timedelta(hours=3), None, AS_OF - timedelta(hours=2))
        self.assertEqual(response_minutes(closed), 60)

    def test_met_target(self):
        self.assertTrue(met_target(ticket("normal", 10, 2), AS_OF))  # replied after 8 h
        self.assertFalse(met_target(ticket("urgent", 3, 1.5), AS_OF))  # replied after 1.5 h
        self.assertFalse(met_target(ticket("urgent", 2), AS_OF))  # no reply, 2 h past a 1 h target
        self.assertIsNone(met_target(ticket("normal", 2), AS_OF))  # no reply yet, still within 8 h
