import unittest
from datetime import date

from subs.models import Subscription
from subs.plans import get_plan
from subs.invoices import renewal_invoices, renewal_line
from subs.proration import plan_change_quote, unused_credit


def monthly(started_on):
    return Subscription(id="s1", customer_id="c1", plan_code="monthly", started_on=started_on)


class ProrationTest(unittest.TestCase):
    def test_unused_credit(self):
        s = monthly(date(2024, 3, 1))
        self.assertEqual(unused_credit(s, date(2024, 3, 16)), 619)  # 16 of 31 days left

    def test_whole_period_on_renewal_day(self):
        s = monthly(date(2024, 3, 1))
        self.assertEqual(unused_credit(s, date(2024, 4, 1)), 1_200)

    def test_february(self):
        s = monthly(date(2024, 1, 31))
        self.assertEqual(unused_credit(s, date(2024, 3, 1)), 1_161)  # 30 of the 31 days from 29 Feb to 31 Mar
        self.assertEqual(unused_credit(s, date(2024, 2, 29)), 1_200)

    def test_upgrade(self):
        s = monthly(date(2024, 3, 1))
        self.assertEqual(plan_change_quote(s, get_plan("annual"), date(2024, 3, 16)), 12_000 - 619)


class InvoiceTest(unittest.TestCase):
    def test_renewal_line(self):
        line = renewal_line(monthly(date(2024, 3, 1)), date(2024, 4, 1))
        self.assertEqual(line.description, "Monthly plan, 1 Apr 2024 to 30 Apr 2024")
        self.assertEqual((line.period_start, line.period_last_day), (date(2024, 4, 1), date(2024, 4, 30)))
        self.assertEqual(line.amount_cents, 1_200)

    def test_month_end_lines_meet(self):
        s = monthly(date(2024, 1, 31))
        lines = [renewal_line(s, day) for day in (date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30))]
        self.assertEqual(
            [line.description for line in lines],
            ["Monthly plan, 29 Feb 2024 to 30 Mar 2024", "Monthly plan, 31 Mar 2024 to 29 Apr 2024",
             "Monthly plan, 30 Apr 2024 to 30 May 2024"],
        )

    def test_not_a_renewal_day(self):
        with self.assertRaises(ValueError):
            renewal_line(monthly(date(2024, 1, 31)), date(2024, 3, 30))

    def test_renewal_invoices(self):
        subs = [monthly(date(2024, 1, 31)), Subscription(id="s2", customer_id="c2", plan_code="annual",
                                                           started_on=date(2023, 4, 30))]
        self.assertEqual([line.subscription_id for line in renewal_invoices(subs, date(2024, 4, 30))], ["s1", "s2"])
        self.assertEqual([line.amount_cents for line in renewal_invoices(subs, date(2024, 4, 30))], [1_200, 12_000])


if __name__ == "__main__":
    unittest.main()
