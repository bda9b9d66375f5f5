"""Promotion codes that customers enter at checkout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .cart import Cart


class PromotionError(ValueError):
    """A code that cannot be used; the message is shown next to the code field."""


@dataclass(frozen=True)
class Promotion:
    code: str
    description: str
    #: Percentage off the eligible lines (1-100).
    percent_off: int = 0
    #: Fixed amount off the order, in cents.
    amount_off_cents: int = 0
    #: The order subtotal needed before the code applies.
    min_subtotal_cents: int = 0
    #: Products the code is limited to; empty means every product.
    skus: frozenset[str] = frozenset()
    #: Last day the code can be used.
    expires: date | None = None


PROMOTIONS = {
    p.code: p
    for p in [
        Promotion("WELCOME10", "10% off your order", percent_off=10),
        Promotion(
            "TENOFF50",
            "£10 off orders over £50",
            amount_off_cents=1000,
            min_subtotal_cents=5000,
        ),
        Promotion("TEES20", "20% off T-shirts", percent_off=20, skus=frozenset({"TEE-M", "TEE-L"})),
        Promotion("SUMMER5", "£5 off", amount_off_cents=500, expires=date(2024, 8, 31)),
    ]
}


def normalise_code(code: str) -> str:
    """Codes are printed in capitals but typed any which way."""
    return "".join(code.split()).upper()


def find_promotion(code: str, today: date) -> Promotion:
    promotion = PROMOTIONS.get(normalise_code(code))

    if promotion is None:
        raise PromotionError("we don't recognise that code")

    if promotion.expires is not None and today > promotion.expires:
        raise PromotionError("that code has expired")

    return promotion


def discount_cents(promotion: Promotion, cart: Cart) -> int:
    """The discount ``promotion`` gives on ``cart``, in cents.

    A code limited to some products gives nothing on a cart without them.
    """
    if cart.subtotal_cents < promotion.min_subtotal_cents:
        pounds, pence = divmod(promotion.min_subtotal_cents, 100)
        raise PromotionError(f"spend at least £{pounds}.{pence:02d} to use that code")

    eligible = [
        line
        for line in cart.lines.values()
        if not promotion.skus or line.sku in promotion.skus
    ]

    if promotion.percent_off:
        eligible_cents = sum(line.total_cents for line in eligible)
        # Half a cent or more is rounded up, in the customer's favour.
        return (eligible_cents * promotion.percent_off + 50) // 100

    discount = 0

    for line in eligible:
        # Capped at the line's own total so that no line is discounted below zero.
        discount += min(promotion.amount_off_cents, line.total_cents)

    return discount
