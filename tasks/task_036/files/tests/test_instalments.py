import unittest
from datetime import date
from decimal import Decimal

from billing.currency import from_minor, to_minor
from billing.instalments import add_months, plan_instalments, split_amount
from billing.invoice import Invoice
from billing.render import render_invoice


class MinorUnitsTest(unittest.TestCase):
    def test_round_trip(self):
        self.assertEqual(to_minor(Decimal("12.34"), "USD"), 1234)
        self.assertEqual(to_minor(Decimal("500"), "JPY"), 500)
        self.assertEqual(to_minor(Decimal("1.5"), "KWD"), 1500)
        self.assertEqual(from_minor(1234, "USD"), Decimal("12.34"))
        self.assertEqual(str(from_minor(1200, "USD")), "12.00")
        self.assertEqual(str(from_minor(7, "BHD")), "0.007")

    def test_finer_than_the_currency_is_refused(self):
        with self.assertRaises(ValueError):
            to_minor(Decimal("0.125"), "USD")
        with self.assertRaises(ValueError):
            to_minor(Decimal("10.5"), "JPY")


class SplitTest(unittest.TestCase):
    def test_left_over_units_go_to_the_first_instalments(self):
        self.assertEqual(
            split_amount(Decimal("100.00"), "USD", 3),
            [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")],
        )
        self.assertEqual(split_amount(Decimal("1000"), "JPY", 3), [Decimal(334), Decimal(333), Decimal(333)])

    def test_parts_always_add_up(self):
        for total in ("0.05", "1.00", "99.99", "1234.57"):
            for parts in range(1, 6):
                amounts = split_amount(Decimal(total), "EUR", parts)
                self.assertEqual(sum(amounts), Decimal(total))
                self.assertLessEqual(max(amounts) - min(amounts), Decimal("0.01"))

    def test_invalid_splits(self):
        for total, parts in (("0.02", 3), ("0", 2), ("-10.00", 2), ("10.00", 0), ("10.00", 13)):
            with self.subTest(total=total, parts=parts), self.assertRaises(ValueError):
                split_amount(Decimal(total), "USD", parts)


class DueDatesTest(unittest.TestCase):
    def test_add_months(self):
        self.assertEqual(add_months(date(2024, 1, 15), 1), date(2024, 2, 15))
        self.assertEqual(add_months(date(2024, 11, 30), 2), date(2025, 1, 30))
        self.assertEqual(add_months(date(2024, 1, 31), 1), date(2024, 2, 29))
        self.assertEqual(add_months(date(2023, 1, 31), 1), date(2023, 2, 28))

    def test_month_end_plans_do_not_drift(self):
        plan = plan_instalments(Decimal("40.00"), "USD", 4, date(2024, 1, 31))
        self.assertEqual(
            [i.due_on for i in plan],
            [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)],
        )
        self.assertEqual([i.number for i in plan], [1, 2, 3, 4])


class InvoiceScheduleTest(unittest.TestCase):
    def make_invoice(self, instalments):
        invoice = Invoice("INV-7", "Acme Ltd", "USD", date(2024, 3, 1), instalments=instalments)
        invoice.add_line("Support hours", "1.5", "9.99")  # 14.985 -> 14.99
        invoice.add_line("Annual licence", 1, "1200")
        return invoice

    def test_schedule_adds_up_to_the_total(self):
        invoice = self.make_invoice(3)
        schedule = invoice.payment_schedule()
        self.assertEqual(sum(i.amount for i in schedule), invoice.total())
        self.assertEqual(schedule[0].due_on, invoice.due_on)

    def test_instalments_are_validated(self):
        with self.assertRaises(ValueError):
            Invoice("INV-8", "Acme Ltd", "USD", date(2024, 3, 1), instalments=0)

    def test_rendered_schedule(self):
        text = render_invoice(self.make_invoice(3))
        self.assertIn("Payable in 3 monthly instalments:", text)
        self.assertIn("1. due 2024-03-31", text)
        self.assertIn("405.00 USD", text)
        self.assertIn("404.99 USD", text)
        self.assertNotIn("\nDue ", text)

    def test_single_payment_is_rendered_as_before(self):
        text = render_invoice(self.make_invoice(1))
        self.assertIn("Due 2024-03-31", text)
        self.assertNotIn("instalments", text)


if __name__ == "__main__":
    unittest.main()
