"""Rows of an order upload: parsing and pricing."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


class BadRow(ValueError):
    """A row that cannot be imported; the message says why."""


@dataclass(frozen=True)
class Order:
    reference: str
    sku: str
    quantity: int


@dataclass(frozen=True)
class PricedOrder:
    reference: str
    sku: str
    quantity: int
    total: Decimal


def parse_row(row):
    """A CSV row (a dict of strings) as an Order."""
    reference = (row.get("reference") or "").strip()
    sku = (row.get("sku") or "").strip().upper()
    if not reference or not sku:
        raise BadRow("reference and sku are required")
    try:
        quantity = int(row.get("quantity", ""))
    except ValueError:
        raise BadRow(f"quantity {row.get('quantity')!r} is not a whole number") from None
    if quantity < 1:
        raise BadRow("quantity must be at least 1")
    return Order(reference, sku, quantity)


def price_order(catalog, order):
    """`catalog` maps SKUs to unit prices (Decimal or str)."""
    try:
        unit = Decimal(catalog[order.sku])
    except KeyError:
        raise BadRow(f"unknown sku {order.sku}") from None
    except InvalidOperation:
        raise BadRow(f"no valid price for {order.sku}") from None
    return PricedOrder(order.reference, order.sku, order.quantity, unit * order.quantity)
