"""Prorated charges and credits for changes in the middle of a billing period."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Adjustment:
    """Days added to (positive) or taken off (negative) a period, and their price."""

    days: int
    amount: Decimal

    @property
    def is_credit(self):
        return self.amount < 0


def prorate(monthly_price, days, period_days):
    """`days` of a period of `period_days` days priced at `monthly_price`, to the cent.

    Rounds half away from zero, so a credit is exactly the negative of the same charge.
    """
    if period_days <= 0:
        raise ValueError(f"a period has at least one day, not {period_days}")
    amount = monthly_price * Decimal(days) / Decimal(period_days)
    return Adjustment(days, amount.quantize(CENT, rounding=ROUND_HALF_UP))
