import unittest
from datetime import date
from decimal import Decimal

from pricing.ecb import ReferenceRates, parse_reference_rates
from pricing.fx import Converter, StaleRates
from pricing.money import UnknownCurrency

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"
                 xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <Cube>
    <Cube time="2024-05-17">
      <Cube currency="USD" rate="1.0866"/>
      <Cube currency="JPY" rate="169.12"/>
      <Cube currency="GBP" rate="0.85550"/>
      <Cube currency="SEK" rate="11.6460"/>
      <Cube currency="HUF" rate="385.15"/>
    </Cube>
  </Cube>
</gesmes:Envelope>
"""
RATES = parse_reference_rates(FEED)
FRIDAY = date(2024, 5, 17)


class ConverterTest(unittest.TestCase):
    def setUp(self):
        self.fx = Converter(RATES, today=date(2024, 5, 20))

    def test_currencies(self):
        # HUF has no minor-unit entry, so amounts in it could not be rounded: left out.
        self.assertEqual(self.fx.currencies(), ["EUR", "GBP", "JPY", "SEK", "USD"])
        with self.assertRaises(UnknownCurrency):
            self.fx.rate("EUR", "HUF")
        with self.assertRaises(UnknownCurrency):
            self.fx.convert(Decimal("1"), "XYZ", "XYZ")

    def test_same_currency(self):
        self.assertEqual(self.fx.rate("USD", "USD"), Decimal(1))
        self.assertEqual(self.fx.convert(Decimal("12.34"), "EUR", "EUR"), Decimal("12.34"))

    def test_rates_are_reciprocal(self):
        for src in self.fx.currencies():
            for dst in self.fx.currencies():
                there, back = self.fx.rate(src, dst), self.fx.rate(dst, src)
                self.assertAlmostEqual(there * back, Decimal(1), places=8, msg=(src, dst))

    def test_round_trip(self):
        amount = Decimal("1234.56")
        for currency in ("USD", "GBP", "JPY", "SEK"):
            there = self.fx.convert(amount, "EUR", currency)
            self.assertAlmostEqual(self.fx.convert(there, currency, "EUR"), amount, places=6)

    def test_cross_rate_goes_through_the_euro(self):
        via_euro = self.fx.rate("USD", "EUR") * self.fx.rate("EUR", "GBP")
        self.assertAlmostEqual(self.fx.rate("USD", "GBP"), via_euro, places=8)

    def test_stale_or_future_rates(self):
        Converter(RATES, today=date(2024, 5, 24))  # a week later: still fine
        with self.assertRaises(StaleRates):
            Converter(RATES, today=date(2024, 5, 25))
        with self.assertRaises(StaleRates):
            Converter(RATES, today=date(2024, 5, 16))

    def test_rate_digits(self):
        fx = Converter(ReferenceRates(FRIDAY, {"USD": Decimal("3"), "GBP": Decimal("7")}), today=FRIDAY)
        self.assertEqual(len(fx.rate("USD", "GBP").as_tuple().digits), 10)
        self.assertEqual(len(fx.rate("GBP", "USD").as_tuple().digits), 10)
