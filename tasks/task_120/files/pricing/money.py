"""Money amounts: always Decimal, rounded half-up to the currency's minor unit."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")

# Digits after the decimal point, per ISO 4217.
MINOR_UNITS = {"EUR": 2, "USD": 2, "GBP": 2, "CHF": 2, "SEK": 2, "PLN": 2, "JPY": 0}


class UnknownCurrency(ValueError):
    pass


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of `currency`: Decimal('0.01') for EUR, Decimal('1') for JPY."""
    try:
        return Decimal(1).scaleb(-MINOR_UNITS[currency])
    except KeyError:
        raise UnknownCurrency(currency) from None


def round_money(amount: Decimal, currency: str = "EUR") -> Decimal:
    """`amount` rounded half-up to the minor unit of `currency` (0.005 EUR -> 0.01)."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)
