import datetime as dt
import unittest
from decimal import Decimal

from billing.api import change_billing_day
from billing.periods import Period, billing_dates, on_billing_day, period_containing
from billing.proration import prorate
from billing.renewals import due_for_renewal
from billing.subscriptions import Subscription

D = dt.date


class PeriodTest(unittest.TestCase):
    def test_mid_month_billing_day(self):
        self.assertEqual(period_containing(D(2025, 3, 20), 15), Period(D(2025, 3, 15), D(2025, 4, 15)))
        self.assertEqual(period_containing(D(2025, 3, 10), 15), Period(D(2025, 2, 15), D(2025, 3, 15)))
        self.assertEqual(period_containing(D(2025, 1, 3), 15), Period(D(2024, 12, 15), D(2025, 1, 15)))

    def test_short_months(self):
        self.assertEqual(on_billing_day(2025, 2, 31), D(2025, 2, 28))
        self.assertEqual(on_billing_day(2024, 2, 30), D(2024, 2, 29))
        self.assertEqual(period_containing(D(2025, 3, 5), 31), Period(D(2025, 2, 28), D(2025, 3, 31)))

    def test_billing_dates(self):
        self.assertEqual(billing_dates(31, D(2025, 1, 10), 3), [D(2025, 1, 31), D(2025, 2, 28), D(2025, 3, 31)])


class ProrationTest(unittest.TestCase):
    def test_rounding_is_symmetric(self):
        self.assertEqual(prorate(Decimal("10.00"), 1, 8).amount, Decimal("1.25"))
        self.assertEqual(prorate(Decimal("30.00"), 1, 31).amount, Decimal("0.97"))
        self.assertEqual(prorate(Decimal("30.00"), -1, 31).amount, Decimal("-0.97"))


class Invoices:
    def __init__(self):
        self.lines = []

    def add(self, customer_id, description, amount):
        self.lines.append((customer_id, description, amount))


class BillingDayTest(unittest.TestCase):
    def sub(self):
        return Subscription(1, 7, "team", Decimal("31.00"), D(2025, 1, 10))

    def test_day_later_this_month_cuts_the_period_short(self):
        sub = self.sub()
        adjustment = sub.change_billing_day(20, D(2025, 3, 12))
        self.assertEqual((adjustment.days, adjustment.amount), (-21, Decimal("-21.00")))
        self.assertEqual(sub.current_period(D(2025, 3, 12)), Period(D(2025, 2, 20), D(2025, 3, 20)))

    def test_stretched_period_is_charged(self):
        adjustment = self.sub().change_billing_day(11, D(2025, 3, 12))
        self.assertEqual((adjustment.days, adjustment.amount, adjustment.is_credit), (1, Decimal("1.00"), False))

    def test_earlier_day_moves_to_next_month(self):
        sub = self.sub()
        adjustment = sub.change_billing_day(5, D(2025, 3, 12))
        self.assertEqual((adjustment.days, adjustment.amount), (-5, Decimal("-5.00")))

    def test_api(self):
        invoices = Invoices()
        self.assertEqual(change_billing_day(self.sub(), {"billing_day": True}, invoices, D(2025, 3, 12))[0], 400)
        self.assertEqual(change_billing_day(self.sub(), {"billing_day": 32}, invoices, D(2025, 3, 12))[0], 400)
        status, body = change_billing_day(self.sub(), {"billing_day": 5}, invoices, D(2025, 3, 12))
        self.assertEqual((status, body["adjustment"]), (200, "-5.00"))
        self.assertEqual(invoices.lines, [(7, "Billing day moved to 5: 5 days credit", Decimal("-5.00"))])

    def test_renewals_use_the_billing_day(self):
        subs = [self.sub(), Subscription(2, 8, "team", Decimal("31.00"), D(2025, 1, 10), billing_day=20)]
        self.assertEqual([s.id for s in due_for_renewal(subs, D(2025, 3, 10))], [1])
        self.assertEqual([s.id for s in due_for_renewal(subs, D(2025, 3, 20))], [2])
