import unittest
from datetime import date
from decimal import Decimal

from pricing.fx import Converter
from pricing.invoice import Invoice
from pricing.money import UnknownCurrency, round_money
from pricing.tax import UnknownTaxCategory
from tests.test_fx import RATES


class InvoiceTest(unittest.TestCase):
    def test_totals(self):
        invoice = Invoice("2024-0001", "DE")
        invoice.add_line("Consulting day", Decimal("950.00"), 2)
        invoice.add_line("Travel", Decimal("120.50"))
        totals = invoice.totals()
        self.assertEqual(totals.net, Decimal("2020.50"))
        self.assertEqual(totals.vat, Decimal("383.90"))
        self.assertEqual(totals.gross, Decimal("2404.40"))
        self.assertEqual((totals.currency, totals.fx_rate), ("EUR", None))
        self.assertEqual([(g.rate, g.net, g.vat) for g in totals.groups], [(Decimal("0.19"), totals.net, totals.vat)])

    def test_rejects_bad_lines(self):
        invoice = Invoice("2024-0002", "DE")
        for price, quantity in ((Decimal("-1"), 1), (1.5, 1), (Decimal("1"), 0), (Decimal("1"), True)):
            with self.assertRaises(ValueError):
                invoice.add_line("x", price, quantity)

    def test_vat_per_rate(self):
        invoice = Invoice("2024-0003", "DE")
        invoice.add_line("Cookbook", Decimal("24.90"), 2, tax_category="reduced")
        invoice.add_line("Gift wrapping", Decimal("3.50"), 2)
        invoice.add_line("Tea towel", Decimal("12.00"))
        totals = invoice.totals()
        self.assertEqual(
            [(g.rate, g.net, g.vat) for g in totals.groups],
            [(Decimal("0.19"), Decimal("19.00"), Decimal("3.61")), (Decimal("0.07"), Decimal("49.80"), Decimal("3.49"))],
        )
        self.assertEqual((totals.net, totals.vat, totals.gross), (Decimal("68.80"), Decimal("7.10"), Decimal("75.90")))

    def test_unknown_category_or_currency(self):
        with self.assertRaises(UnknownTaxCategory):
            Invoice("2024-0004", "DE").add_line("x", Decimal("1"), tax_category="zero")
        with self.assertRaises(UnknownCurrency):
            Invoice("2024-0004", "DE", currency="HUF")
        with self.assertRaises(ValueError):
            Invoice("2024-0004", "DE", currency="USD")

    def test_invoice_in_another_currency(self):
        fx = Converter(RATES, today=date(2024, 5, 20))
        invoice = Invoice("2024-0005", "NL", currency="JPY", converter=fx)
        invoice.add_line("Licence", Decimal("499.00"), 3)
        invoice.add_line("Manual", Decimal("19.99"), tax_category="reduced")
        totals = invoice.totals()
        self.assertEqual(totals.fx_rate, fx.rate("EUR", "JPY"))
        licence = round_money(fx.convert(Decimal("1497.00"), "EUR", "JPY"), "JPY")
        manual = round_money(fx.convert(Decimal("19.99"), "EUR", "JPY"), "JPY")
        self.assertEqual(totals.net, licence + manual)
        self.assertEqual(totals.net.as_tuple().exponent, 0)  # whole yen
        self.assertEqual(totals.vat, round_money(licence * Decimal("0.21"), "JPY") + round_money(manual * Decimal("0.09"), "JPY"))
