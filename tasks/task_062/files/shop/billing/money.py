"""Amounts of money: Decimal in major units at the edges (API, e-mails, reports), whole minor units
(int) inside billing, so that sums are exact."""
from __future__ import annotations

from decimal import Decimal, Inexact, localcontext

# ISO 4217 minor-unit exponents of the currencies we bill in.
EXPONENTS = {"EUR": 2, "GBP": 2, "USD": 2, "CHF": 2, "SEK": 2, "JPY": 0, "KRW": 0, "KWD": 3, "BHD": 3}
MAX_MAJOR = Decimal(10) ** 12


class CurrencyError(ValueError):
    pass


def exponent(currency: str) -> int:
    try:
        return EXPONENTS[currency]
    except KeyError:
        raise CurrencyError(f"unsupported currency {currency!r}") from None


def to_minor(amount: Decimal, currency: str) -> int:
    """`amount` (major units) as a whole number of minor units: 12.30 EUR -> 1230, 500 JPY -> 500,
    1.234 KWD -> 1234. Billing never rounds an amount it is given: ValueError when `amount` is not a
    whole number of minor units (10.005 EUR), not a finite Decimal, or not below MAX_MAJOR."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValueError(f"not an amount of money: {amount!r}")
    if abs(amount) >= MAX_MAJOR:
        raise ValueError(f"{amount} {currency} is out of range")
    places = exponent(currency)
    with localcontext() as context:
        context.traps[Inexact] = True
        try:
            units = amount.scaleb(places)
        except Inexact:
            raise ValueError(f"{amount} {currency} is not a whole number of minor units") from None
    if units != units.to_integral_value():
        raise ValueError(f"{amount} {currency} is not a whole number of minor units")
    return int(units)


def from_minor(units: int, currency: str) -> Decimal:
    """`units` minor units in major units, with exactly the currency's decimal places: 1230 EUR -> 12.30."""
    return Decimal(units).scaleb(-exponent(currency))


def format_money(units: int, currency: str) -> str:
    return f"{from_minor(units, currency)} {currency}"
