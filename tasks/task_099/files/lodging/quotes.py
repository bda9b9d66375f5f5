"""Price a stay under a rate plan."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

import attrs

from lodging.models import Money, RatePlan, Stay

WEEKEND = {4, 5}  # Friday and Saturday nights


@attrs.frozen
class Quote:
    plan_code: str
    nights: int
    subtotal: Money
    tax: Money
    total: Money


@functools.lru_cache(maxsize=4096)
def quote(plan: RatePlan, stay: Stay) -> Quote:
    """Price ``stay`` under ``plan``; the search page asks for the same pairs over and over."""
    if len(stay.guests) > plan.max_guests:
        raise ValueError(f"{plan.code} takes at most {plan.max_guests} guests")
    subtotal = Money(plan.nightly.currency, Decimal(0))
    for offset in range(stay.nights):
        night = stay.check_in + dt.timedelta(days=offset)
        if night.weekday() in WEEKEND and plan.weekend_nightly is not None:
            subtotal = subtotal + plan.weekend_nightly
        else:
            subtotal = subtotal + plan.nightly
    tax = subtotal.times(plan.tax_rate)
    return Quote(plan.code, stay.nights, subtotal, tax, subtotal + tax)
