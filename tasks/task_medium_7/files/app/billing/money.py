"""Money helpers. Amounts are Decimal in the invoice currency, rounded half-up to the cent."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


class InvalidAmount(ValueError):
    pass


def parse_amount(text: str) -> Decimal:
    """'1,234.50' -> Decimal('1234.50'); rejects anything that is not a plain amount."""
    try:
        amount = Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        raise InvalidAmount(f"not an amount: {text!r}") from None
    if not amount.is_finite():
        raise InvalidAmount(f"not an amount: {text!r}")
    return round_money(amount)


def round_money(amount: Decimal) -> Decimal:
    """Round to the cent, halves away from zero (what our accountants and the tax office expect)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    """`percent`% of `amount`, rounded to the cent."""
    return round_money(amount * percent / 100)


def format_money(amount: Decimal, currency: str) -> str:
    return f"{currency} {amount:,.2f}"
