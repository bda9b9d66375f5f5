"""Supplier price rows to ours: SKU, price in cents, currency."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CURRENCIES = frozenset({"EUR", "USD", "GBP"})
FIELDS = ("sku", "price_cents", "currency")


class RowError(ValueError):
    pass


def normalise(row: dict[str, str]) -> tuple[str, int, str]:
    """One supplier row (SKU, Price, optional Currency) as (sku, price_cents, currency)."""
    sku = (row.get("SKU") or "").strip().upper()
    if not sku:
        raise RowError("missing SKU")
    text = (row.get("Price") or "").strip().replace(",", ".")
    try:
        price = Decimal(text)
    except InvalidOperation:
        raise RowError(f"{sku}: price {text!r} is not a number") from None
    if not price.is_finite() or price <= 0:
        raise RowError(f"{sku}: price must be positive")
    currency = (row.get("Currency") or "EUR").strip().upper()
    if currency not in CURRENCIES:
        raise RowError(f"{sku}: unknown currency {currency!r}")
    return sku, int((price * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)), currency
