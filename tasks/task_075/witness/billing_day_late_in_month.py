"""Moving the billing day to the 29th-31st must work in any month.

Billing days 1-31 are valid (on_billing_day clamps to the month's last day), but
change_billing_day computes this month's date with today.replace(day=new_day), which raises
ValueError when the current month has no such day.
"""

import datetime as dt
from decimal import Decimal

from billing.api import change_billing_day
from billing.subscriptions import Subscription

D = dt.date


class Invoices:
    def __init__(self):
        self.lines = []

    def add(self, customer_id, description, amount):
        self.lines.append((customer_id, description, amount))


for new_day, today, expected in [
    (31, D(2025, 4, 12), "-12.00"),  # April has no 31st: the period now ends on 30 April (12 of 30 days off)
    (30, D(2025, 2, 12), "-12.86"),  # February 2025 ends on the 28th (12 of 28 days off)
    (29, D(2025, 2, 1), "15.48"),    # 12 Jan - 12 Feb stretched to 28 Feb (16 of 31 days added)
]:
    sub = Subscription(1, 7, "team", Decimal("30.00"), D(2025, 1, 12))
    try:
        status, body = change_billing_day(sub, {"billing_day": new_day}, Invoices(), today)
    except ValueError as exc:
        raise AssertionError(f"billing day {new_day} on {today} raised ValueError: {exc}") from None
    assert status == 200 and sub.billing_day == new_day, (status, body)
    assert body["adjustment"] == expected, f"billing day {new_day} on {today}: {body}, expected {expected}"
print("ok")
