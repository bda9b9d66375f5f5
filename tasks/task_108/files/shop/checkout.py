"""Pricing a cart for the checkout page and the payment request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .cart import Cart
from .promotions import discount_cents
from .promotions import find_promotion


@dataclass(frozen=True)
class Quote:
    subtotal_cents: int
    discount_cents: int
    total_cents: int
    #: The promotion code as printed, when one was applied.
    promotion_code: str | None = None


def quote(cart: Cart, promotion_code: str | None = None, today: date | None = None) -> Quote:
    """Price ``cart``, with the promotion code the customer entered, if any.

    Raises PromotionError for a code that cannot be used.
    """
    subtotal = cart.subtotal_cents

    if not promotion_code:
        return Quote(subtotal_cents=subtotal, discount_cents=0, total_cents=subtotal)

    promotion = find_promotion(promotion_code, today or date.today())
    discount = discount_cents(promotion, cart)
    return Quote(
        subtotal_cents=subtotal,
        discount_cents=discount,
        total_cents=subtotal - discount,
        promotion_code=promotion.code,
    )
