"""Rows the reporting jobs read from the orders warehouse table."""

from dataclasses import dataclass
from datetime import date

REGIONS = ("amer", "emea", "apac")


@dataclass(frozen=True)
class Order:
    order_id: str
    region: str  # one of REGIONS (a CHECK constraint on the warehouse table)
    placed_on: date
    total_cents: int
    refunded: bool = False


def format_cents(cents: int) -> str:
    """1234567 -> '12,345.67'."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{whole:,}.{frac:02d}"
