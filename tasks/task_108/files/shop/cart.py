"""The shopping cart, kept in the session as a plain dict."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from .catalog import get_product

MAX_QUANTITY = 20


class CartError(ValueError):
    """A cart change the customer asked for that cannot be made; the message is shown."""


@dataclass
class CartLine:
    sku: str
    unit_price_cents: int
    quantity: int

    @property
    def total_cents(self) -> int:
        return self.unit_price_cents * self.quantity


@dataclass
class Cart:
    lines: dict[str, CartLine] = field(default_factory=dict)

    def add(self, sku: str, quantity: int = 1) -> CartLine:
        if quantity < 1:
            raise CartError("quantity must be at least 1")

        product = get_product(sku)
        line = self.lines.get(sku)

        if line is None:
            line = self.lines[sku] = CartLine(sku, product.price_cents, 0)

        if line.quantity + quantity > MAX_QUANTITY:
            raise CartError(f"at most {MAX_QUANTITY} of one product per order")

        line.quantity += quantity
        return line

    def set_quantity(self, sku: str, quantity: int) -> CartLine | None:
        """Change a line's quantity from the cart page; 0 removes the line.

        Returns the line, or None once it has been removed.
        """
        line = self.lines.get(sku)

        if line is None:
            raise CartError("that product is no longer in your cart")

        if quantity == 0:
            self.remove(sku)
            return None

        if quantity > MAX_QUANTITY:
            raise CartError(f"at most {MAX_QUANTITY} of one product per order")

        line.quantity = quantity
        return line

    def remove(self, sku: str) -> None:
        self.lines.pop(sku, None)

    @property
    def item_count(self) -> int:
        """Number of items, for the cart badge in the header."""
        return sum(line.quantity for line in self.lines.values())

    @property
    def subtotal_cents(self) -> int:
        return sum(line.total_cents for line in self.lines.values())

    def to_session(self) -> dict:
        return {sku: line.quantity for sku, line in self.lines.items()}

    @classmethod
    def from_session(cls, data: dict) -> Cart:
        """Rebuild the cart saved by to_session, at today's prices."""
        cart = cls()
        for sku, quantity in data.items():
            product = get_product(sku)
            cart.lines[sku] = CartLine(sku, product.price_cents, quantity)
        return cart
