"""Splitting an invoice total into monthly instalments.

Every instalment is a whole number of the currency's minor units and together they add up to
exactly the total: the total is divided in minor units and what is left over goes, one unit each,
to the earliest instalments (100.00 USD in 3 -> 33.34, 33.33, 33.33).
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from billing.currency import from_minor, to_minor

MAX_INSTALMENTS = 12


@dataclass(frozen=True)
class Instalment:
    number: int  # 1-based, as printed on the invoice
    due_on: date
    amount: Decimal


def add_months(start: date, months: int) -> date:
    """`start` moved by whole calendar months, on the same day of the month where there is one.

    A day the target month does not have becomes its last day: 31 Jan 2024 + 1 month is 29 Feb.
    """
    years, month_index = divmod(start.month - 1 + months, 12)
    year, month = start.year + years, month_index + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def check_instalment_count(parts: int) -> None:
    """Raise unless `parts` is a number of instalments we offer: an int from 1 to MAX_INSTALMENTS."""
    if isinstance(parts, bool) or not isinstance(parts, int):
        raise TypeError(f"the number of instalments must be an int, not {parts!r}")
    if not 1 <= parts <= MAX_INSTALMENTS:
        raise ValueError(f"the number of instalments must be 1 to {MAX_INSTALMENTS}, not {parts}")


def split_amount(total: Decimal, currency: str, parts: int) -> list[Decimal]:
    """`total` as `parts` amounts that differ by at most one minor unit and add up to it exactly."""
    check_instalment_count(parts)
    units = to_minor(total, currency)
    if units <= 0:
        raise ValueError(f"only a positive total can be paid in instalments, not {total} {currency}")
    if units < parts:
        raise ValueError(f"{total} {currency} is too small to split into {parts} instalments")
    base, left_over = divmod(units, parts)
    return [from_minor(base + 1 if i < left_over else base, currency) for i in range(parts)]


def plan_instalments(total: Decimal, currency: str, parts: int, first_due: date) -> list[Instalment]:
    """The instalments of `total`: the first due on `first_due`, then one a month after it.

    Every due date is counted from `first_due` itself, so a plan starting on the 31st comes back
    to the 31st in the months that have one.
    """
    amounts = split_amount(total, currency, parts)
    return [
        Instalment(number=i + 1, due_on=add_months(first_due, i), amount=amount)
        for i, amount in enumerate(amounts)
    ]
