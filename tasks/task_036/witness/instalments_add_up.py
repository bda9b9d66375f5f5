# Clean PR: instalment plans. Checks the spots that look like classic money/date bugs:
# - split_amount floors with divmod, but hands the remainder out one minor unit at a time, so the
#   parts always add up to the total and differ by at most one minor unit;
# - to_minor truncates with int(), but only after refusing anything finer than the minor unit, and
#   invoice totals are always whole minor units because every line is quantized (Line.amount);
# - add_months clamps the day (31 Jan -> 29 Feb), but every due date is counted from the first one,
#   so plans do not drift, and the month arithmetic wraps December into January correctly;
# - the rendered schedule goes through format_amount (which rounds), but the amounts are already
#   exact, so the printed rows add up to the printed total.
import random
from datetime import date, timedelta
from decimal import Decimal

from billing.currency import MINOR_UNITS, format_amount, from_minor, to_minor
from billing.instalments import MAX_INSTALMENTS, add_months, plan_instalments, split_amount
from billing.invoice import Invoice
from billing.render import render_invoice

rng = random.Random(36)


def expect_error(kind, func, *args):
    try:
        func(*args)
    except kind:
        return
    raise AssertionError(f"{func.__name__}{args} did not raise {kind.__name__}")


# to_minor / from_minor round-trip exactly; nothing is truncated.
for code, digits in MINOR_UNITS.items():
    for _ in range(300):
        units = rng.randrange(0, 10**9)
        amount = from_minor(units, code)
        assert amount.as_tuple().exponent == -digits, f"{amount} {code} lacks the currency's digits"
        assert to_minor(amount, code) == units, f"{amount} {code} did not round-trip"
        if digits:
            finer = amount + Decimal(1).scaleb(-digits - 1)
            expect_error(ValueError, to_minor, finer, code)
expect_error(ValueError, to_minor, Decimal("0.125"), "USD")
expect_error(ValueError, to_minor, Decimal("12.5"), "JPY")
expect_error(ValueError, to_minor, Decimal("NaN"), "USD")
assert to_minor(Decimal("-12.34"), "USD") == -1234
assert to_minor(Decimal("1E+3"), "JPY") == 1000

# split_amount: exact sums, at most one minor unit apart, left-over units first.
assert split_amount(Decimal("100.00"), "USD", 3) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
assert split_amount(Decimal("0.03"), "USD", 3) == [Decimal("0.01")] * 3
assert split_amount(Decimal("10.000"), "KWD", 3) == [Decimal("3.334"), Decimal("3.333"), Decimal("3.333")]
assert split_amount(Decimal("1000"), "JPY", 7) == [Decimal(143)] * 6 + [Decimal(142)]
for code, digits in MINOR_UNITS.items():
    unit = Decimal(1).scaleb(-digits)
    for _ in range(400):
        parts = rng.randint(1, MAX_INSTALMENTS)
        total = from_minor(rng.randrange(parts, 10**8), code)
        amounts = split_amount(total, code, parts)
        assert len(amounts) == parts
        assert sum(amounts) == total, f"{total} {code} in {parts}: {amounts} add up to {sum(amounts)}"
        assert max(amounts) - min(amounts) <= unit, f"{total} {code} in {parts}: uneven {amounts}"
        assert amounts == sorted(amounts, reverse=True), "left-over units go to the earliest instalments"
        assert all(a > 0 and a.as_tuple().exponent == -digits for a in amounts), amounts
for total, parts in (("0.02", 3), ("0.00", 2), ("-10.00", 2), ("10.00", 0), ("10.00", 13), ("0.001", 1)):
    expect_error(ValueError, split_amount, Decimal(total), "USD", parts)
expect_error(TypeError, split_amount, Decimal("10.00"), "USD", 2.5)
expect_error(TypeError, split_amount, Decimal("10.00"), "USD", True)


# add_months against a month-by-month reference.
def reference_add_months(start, months):
    year, month = start.year, start.month
    for _ in range(months):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    day = start.day
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


day = date(2023, 1, 1)
while day <= date(2025, 12, 31):
    for months in (0, 1, 2, 11, 12, 13, 25):
        assert add_months(day, months) == reference_add_months(day, months), (day, months)
    day += timedelta(days=1)
assert add_months(date(2024, 12, 15), 1) == date(2025, 1, 15)
assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)

# Plans are anchored on the first due date: no drift after a short month.
plan = plan_instalments(Decimal("120.00"), "USD", 12, date(2024, 1, 31))
month_ends = [date(2024, m, 1) for m in range(2, 13)] + [date(2025, 1, 1)]
assert [i.due_on for i in plan] == [d - timedelta(days=1) for d in month_ends], [i.due_on for i in plan]
assert [i.number for i in plan] == list(range(1, 13))
plan = plan_instalments(Decimal("90.00"), "USD", 4, date(2024, 11, 30))
assert [i.due_on for i in plan] == [date(2024, 11, 30), date(2024, 12, 30), date(2025, 1, 30), date(2025, 2, 28)]

# Invoices with fractional quantities and prices: the total is whole minor units, so the schedule
# never trips to_minor's precision check, and it adds up to the total.
for code in MINOR_UNITS:
    for _ in range(150):
        parts = rng.randint(2, MAX_INSTALMENTS)
        invoice = Invoice("INV-1", "Acme", code, date(2024, 1, 31), terms_days=rng.randint(0, 60), instalments=parts)
        for _ in range(rng.randint(1, 4)):
            quantity = Decimal(rng.randint(1, 5000)).scaleb(-3)  # e.g. 1.375 hours
            price = Decimal(rng.randint(100, 10**7)).scaleb(-4)  # e.g. 12.3456 per unit
            invoice.add_line("Work", quantity, price)
        schedule = invoice.payment_schedule()
        assert sum(i.amount for i in schedule) == invoice.total(), (code, invoice.lines)
        assert schedule[0].due_on == invoice.due_on

expect_error(ValueError, Invoice, "INV-2", "Acme", "USD", date(2024, 1, 1), 30, [], 0)
expect_error(ValueError, Invoice, "INV-2", "Acme", "USD", date(2024, 1, 1), 30, [], 13)
expect_error(TypeError, Invoice, "INV-2", "Acme", "USD", date(2024, 1, 1), 30, [], 2.0)

# The rendered rows add up to the rendered total.
invoice = Invoice("INV-7", "Acme Ltd", "KWD", date(2024, 3, 1), instalments=7)
invoice.add_line("Support hours", "1.5", "9.9995")  # 14.99925 -> 14.999
invoice.add_line("Licence", 1, "1200")
text = render_invoice(invoice)
rows = [line for line in text.splitlines() if ". due " in line]
assert len(rows) == 7, text
printed = [Decimal(row.split()[-2].replace(",", "")) for row in rows]
assert sum(printed) == invoice.total() == Decimal("1214.999"), (printed, invoice.total())
assert format_amount(invoice.total(), "KWD") in text
assert "Due " not in text.replace(". due ", "")

single = Invoice("INV-8", "Acme Ltd", "JPY", date(2024, 3, 1))
single.add_line("Licence", 3, "333")
assert "Due 2024-03-31" in render_invoice(single) and "instalments" not in render_invoice(single)
print("ok")
