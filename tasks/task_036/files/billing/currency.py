"""Currencies we invoice in, and rounding amounts to what each of them can express."""

from decimal import ROUND_HALF_UP, Decimal

# ISO 4217 code -> digits after the decimal point (the size of the currency's minor unit).
MINOR_UNITS = {
    "BHD": 3,
    "CHF": 2,
    "EUR": 2,
    "GBP": 2,
    "JPY": 0,
    "KRW": 0,
    "KWD": 3,
    "SEK": 2,
    "USD": 2,
}


class UnknownCurrency(ValueError):
    """A currency code we do not invoice in."""


def minor_units(code: str) -> int:
    try:
        return MINOR_UNITS[code]
    except KeyError:
        raise UnknownCurrency(f"unsupported currency {code!r}") from None


def quantize(amount: Decimal, code: str) -> Decimal:
    """`amount` rounded to the currency's minor unit, halves away from zero (0.125 USD -> 0.13)."""
    return amount.quantize(Decimal(1).scaleb(-minor_units(code)), rounding=ROUND_HALF_UP)


def format_amount(amount: Decimal, code: str) -> str:
    """`1,234.50 EUR`, `1,235 JPY`: grouped, with exactly the currency's minor digits."""
    return f"{quantize(amount, code):,.{minor_units(code)}f} {code}"


def to_minor(amount: Decimal, code: str) -> int:
    """`amount` as a whole number of the currency's minor units (12.34 USD -> 1234, 500 JPY -> 500).

    The amount must already be rounded to the currency (see `quantize`): anything finer raises
    ValueError instead of being rounded a second time.
    """
    if not amount.is_finite():
        raise ValueError(f"not an amount: {amount}")
    scaled = amount.scaleb(minor_units(code))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} is finer than the minor unit of {code}")
    return int(scaled)


def from_minor(units: int, code: str) -> Decimal:
    """The inverse of `to_minor`: 1234 -> Decimal('12.34') in USD, always with the currency's digits."""
    return Decimal(units).scaleb(-minor_units(code))
