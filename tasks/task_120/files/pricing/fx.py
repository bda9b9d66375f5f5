"""Converting amounts between currencies at the ECB reference rates (pricing.ecb).

One Converter is built per invoice run from the day's feed, so every invoice in a run uses the
same rates, and the rate printed on an invoice is the one its amounts were converted at.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from pricing.ecb import ReferenceRates
from pricing.money import MINOR_UNITS, UnknownCurrency

BASE = "EUR"

# The feed is fetched every working day; a table a week old means the fetch has been failing.
MAX_AGE = timedelta(days=7)

# Enough digits for any rate the ECB publishes (up to six significant ones), and then some.
RATE_DIGITS = 10


class StaleRates(RuntimeError):
    pass


class Converter:
    def __init__(self, reference: ReferenceRates, today: date):
        if reference.date > today or today - reference.date > MAX_AGE:
            raise StaleRates(f"reference rates of {reference.date} cannot be used on {today}")
        self.date = reference.date
        self._rates = {BASE: Decimal(1)}
        self._rates.update((c, r) for c, r in reference.rates.items() if c in MINOR_UNITS)

    def currencies(self) -> list[str]:
        return sorted(self._rates)

    def _reference_rate(self, currency: str) -> Decimal:
        try:
            return self._rates[currency]
        except KeyError:
            raise UnknownCurrency(f"no reference rate for {currency!r}") from None

    def rate(self, src: str, dst: str) -> Decimal:
        """What one unit of `src` is worth in `dst`, to RATE_DIGITS significant digits.
        Cross rates (USD to GBP) go through the euro, as the ECB only quotes against it."""
        if src == dst:
            self._reference_rate(src)
            return Decimal(1)
        cross = self._reference_rate(src) / self._reference_rate(dst)
        return Decimal(f"{cross:.{RATE_DIGITS}g}")

    def convert(self, amount: Decimal, src: str, dst: str) -> Decimal:
        """`amount` of `src` in `dst`, not rounded: callers round once, where the amount is
        shown (pricing.money.round_money)."""
        return amount * self.rate(src, dst)
