"""On the last day of a short month, a subscription billed on the 29th-31st is in a new period.

period_containing compares the day of the month with billing_day instead of with the clamped
billing date (on_billing_day), so 30 April, which is the April billing date for billing day 31,
is put in the March period, whose end is that very day. The renewal run then skips it.
"""

import datetime as dt
from decimal import Decimal

from billing.periods import Period, period_containing
from billing.renewals import due_for_renewal
from billing.subscriptions import Subscription

D = dt.date

for day, billing_day, expected in [
    (D(2025, 4, 30), 31, Period(D(2025, 4, 30), D(2025, 5, 31))),
    (D(2025, 2, 28), 30, Period(D(2025, 2, 28), D(2025, 3, 30))),
    (D(2024, 2, 29), 31, Period(D(2024, 2, 29), D(2024, 3, 31))),
]:
    period = period_containing(day, billing_day)
    assert day in period, f"{day} is not in its own period {period} (billing day {billing_day})"
    assert period == expected, f"period of {day} for billing day {billing_day}: {period}, expected {expected}"

sub = Subscription(1, 7, "team", Decimal("31.00"), D(2025, 1, 31))
renewed = [s.id for s in due_for_renewal([sub], D(2025, 4, 30))]
assert renewed == [1], "a subscription billed on the 31st is not renewed on 30 April"
print("ok")
