import datetime as dt
import unittest
from decimal import Decimal

import attrs

from lodging.models import Guest, Money, RatePlan, Stay
from lodging.parse import InvalidPayload, money_from_dict, plan_from_dict, stay_from_dict
from lodging.quotes import quote

PLAN = {
    "code": "flex",
    "nightly": {"currency": "eur", "amount": "120.00"},
    "weekend_nightly": {"currency": "EUR", "amount": "150.00"},
    "tax_rate": "0.07",
}
STAY = {
    "check_in": "2024-06-06",  # a Thursday
    "check_out": "2024-06-09",
    "guests": [{"email": "ana@example.com", "name": "Ana"}],
}


class MoneyTest(unittest.TestCase):
    def test_rounded_to_the_minor_unit(self):
        self.assertEqual(Money("eur", "2.675").amount, Decimal("2.68"))
        self.assertEqual(Money("JPY", "1250.5").amount, Decimal("1251"))
        self.assertEqual(Money("KWD", 3).amount, Decimal("3.000"))

    def test_rejected(self):
        for currency, amount in [("XYZ", "1"), ("EUR", "abc"), ("EUR", "NaN")]:
            with self.assertRaises(ValueError):
                Money(currency, amount)
        with self.assertRaises(TypeError):
            Money("EUR", 1.5)


class StayTest(unittest.TestCase):
    def test_dates(self):
        stay = Stay(dt.datetime(2024, 6, 6, 15), "2024-06-09", [Guest("ana@example.com")])
        self.assertEqual((stay.check_in, stay.nights), (dt.date(2024, 6, 6), 3))

    def test_invalid(self):
        guests = [Guest("ana@example.com")]
        for check_in, check_out in [("2024-06-09", "2024-06-06"), ("2024-06-06", "2024-06-06"),
                                    ("2024-06-01", "2024-07-15")]:
            with self.assertRaises(ValueError):
                Stay(check_in, check_out, guests)
        with self.assertRaises(ValueError):
            Stay("2024-06-06", "2024-06-09", [])

    def test_guests_compare_by_email(self):
        self.assertEqual(Guest(" Ana@Example.com", "Ana"), Guest("ana@example.com"))
        self.assertEqual(len({Guest("Ana@Example.com"), Guest("ana@example.com")}), 1)


class ParseTest(unittest.TestCase):
    def test_plan(self):
        plan = plan_from_dict(PLAN)
        self.assertEqual(plan.code, "FLEX")
        self.assertEqual(plan.weekend_nightly, Money("EUR", "150"))

    def test_invalid_payloads(self):
        with self.assertRaisesRegex(InvalidPayload, "missing field 'currency'"):
            money_from_dict({"amount": "1"})
        with self.assertRaises(InvalidPayload):
            plan_from_dict(dict(PLAN, weekend_nightly={"currency": "USD", "amount": "1"}))
        with self.assertRaises(InvalidPayload):
            plan_from_dict(dict(PLAN, tax_rate=0.07))
        with self.assertRaises(InvalidPayload):
            stay_from_dict(dict(STAY, guests=[{"email": "not-an-address"}]))


class QuoteTest(unittest.TestCase):
    def test_weekend_nights(self):
        q = quote(plan_from_dict(PLAN), stay_from_dict(STAY))
        self.assertEqual(q.nights, 3)
        self.assertEqual(q.subtotal.amount, Decimal("420.00"))
        self.assertEqual(q.tax.amount, Decimal("29.40"))
        self.assertEqual(q.total.amount, Decimal("449.40"))

    def test_whole_yen(self):
        plan = RatePlan("KYOTO", Money("JPY", 14300), tax_rate="0.1")
        q = quote(plan, stay_from_dict(STAY))
        self.assertEqual((q.tax.amount, q.total.amount), (Decimal("4290"), Decimal("47190")))

    def test_description_does_not_change_the_quote(self):
        plan = plan_from_dict(PLAN)
        self.assertEqual(quote(plan, stay_from_dict(STAY)),
                         quote(attrs.evolve(plan, description="Free cancellation"), stay_from_dict(STAY)))

    def test_too_many_guests(self):
        stay = dict(STAY, guests=[{"email": f"g{i}@example.com"} for i in range(3)])
        with self.assertRaises(ValueError):
            quote(plan_from_dict(PLAN), stay_from_dict(stay))


if __name__ == "__main__":
    unittest.main()
