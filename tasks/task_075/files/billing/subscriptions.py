"""Subscriptions and their billing state."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .periods import next_month, on_billing_day, period_containing
from .proration import prorate


@dataclass
class Subscription:
    id: int
    customer_id: int
    plan: str
    monthly_price: Decimal
    started_on: dt.date
    status: str = "active"
    billing_day: int = 0  # 0: the day of the month it started on

    def __post_init__(self):
        if not self.billing_day:
            self.billing_day = self.started_on.day

    def current_period(self, today):
        return period_containing(today, self.billing_day)

    def change_billing_day(self, new_day, today):
        """Bill on `new_day` (1-31) from now on; returns the Adjustment to invoice now.

        The current period is cut short or stretched to end on the next `new_day`
        after today, and the days removed or added are credited or charged at the
        current period's daily rate. Later periods are whole months again.
        """
        if type(new_day) is not int or not 1 <= new_day <= 31:
            raise ValueError(f"billing day must be 1-31, not {new_day!r}")
        period = self.current_period(today)
        new_end = today.replace(day=new_day)
        if new_end <= today:
            new_end = on_billing_day(*next_month(today.year, today.month), new_day)
        adjustment = prorate(self.monthly_price, (new_end - period.end).days, period.days)
        self.billing_day = new_day
        return adjustment
