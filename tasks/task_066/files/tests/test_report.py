import unittest
from datetime import datetime, timedelta, timezone

from helpdesk.render import render_table
from helpdesk.report import queue_report
from helpdesk.tickets import Ticket

AS_OF = datetime(2024, 5, 6, 8, 0, tzinfo=timezone.utc)


def hours_ago(hours):
    return AS_OF - timedelta(hours=hours)


TICKETS = [
    Ticket("T1", "billing", "normal", hours_ago(30), hours_ago(26), hours_ago(20)),
    Ticket("T2", "billing", "urgent", hours_ago(5), hours_ago(4.5)),
    Ticket("T3", "technical", "normal", hours_ago(50), hours_ago(30)),
    Ticket("T4", "technical", "normal", hours_ago(3)),
    Ticket("T5", "accounts", "urgent", hours_ago(0.5)),
]


class QueueReportTest(unittest.TestCase):
    def test_one_row_per_queue_in_order(self):
        rows = queue_report(TICKETS, AS_OF)
        self.assertEqual([row["queue"] for row in rows], ["billing", "technical", "accounts", "all queues"])

    def test_counts(self):
        billing, technical, accounts, _ = queue_report(TICKETS, AS_OF)
        self.assertEqual((billing["tickets"], billing["open"], billing["urgent_open"]), (2, 1, 1))
        self.assertEqual((technical["tickets"], technical["open"], technical["urgent_open"]), (2, 2, 0))
        self.assertEqual((accounts["tickets"], accounts["open"], accounts["urgent_open"]), (1, 1, 1))

    def test_reply_times_and_sla(self):
        billing, technical, accounts, _ = queue_report(TICKETS, AS_OF)
        self.assertEqual((billing["p50_reply_min"], billing["p90_reply_min"]), (30.0, 240.0))
        self.assertEqual(billing["sla_pct"], 100.0)
        self.assertEqual((technical["p50_reply_min"], technical["sla_pct"]), (1200.0, 0.0))
        self.assertEqual((accounts["p50_reply_min"], accounts["sla_pct"]), (None, None))

    def test_oldest_open(self):
        billing, technical, accounts, _ = queue_report(TICKETS, AS_OF)
        self.assertEqual(billing["oldest_open_h"], 5.0)
        self.assertEqual(technical["oldest_open_h"], 50.0)
        self.assertEqual(accounts["oldest_open_h"], 0.5)

    def test_all_queues_row_is_computed_from_the_tickets(self):
        total = queue_report(TICKETS, AS_OF)[-1]
        self.assertEqual((total["tickets"], total["open"], total["urgent_open"]), (5, 4, 2))
        self.assertEqual((total["p50_reply_min"], total["p90_reply_min"]), (240.0, 1200.0))
        self.assertEqual((total["sla_pct"], total["oldest_open_h"]), (66.7, 50.0))

    def test_tickets_can_come_from_any_iterable(self):
        rows = queue_report(iter(TICKETS), AS_OF)
        self.assertEqual(rows[-1]["tickets"], 5)

    def test_render(self):
        table = render_table(queue_report(TICKETS, AS_OF))
        lines = table.splitlines()
        self.assertTrue(lines[0].startswith("Queue"))
        self.assertTrue(lines[0].endswith("SLA %  Oldest open (h)"))
        self.assertEqual(lines[3].split(), ["accounts", "1", "1", "1", "-", "-", "-", "0.5"])
        self.assertEqual(lines[4].split()[:3], ["all", "queues", "5"])
