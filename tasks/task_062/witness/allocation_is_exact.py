# Clean PR: refunds are split exactly.
# - allocate() floors every share (divmod) and hands the units left over to the largest remainders:
#   the remainders sum to left * sum(weights) with each below sum(weights), so more than `left` of them
#   are non-zero, the slice [:left] hands out every unit, and only shares really rounded down get one.
#   Hence the shares sum to the total, each is the floor or the ceiling of its exact share, and none
#   exceeds its weight when total <= sum(weights).
# - So a line's share never exceeds what is left on it, the net/tax split never fails, repeated partial
#   refunds never over-refund a line, and refund_invoice gives back exactly the net and tax left.
# - to_minor (money.py, unchanged) refuses sub-minor amounts instead of rounding, per currency exponent.
import random
from decimal import Decimal
from fractions import Fraction

from shop.billing.allocation import allocate
from shop.billing.invoice import Invoice
from shop.billing.money import EXPONENTS, from_minor
from shop.billing.refunds import RefundError, issue_refund, plan_refund, refund_invoice, tax_refunded

rng = random.Random(62)


def check_allocation(total, weights):
    shares = allocate(total, weights)
    assert len(shares) == len(weights) and sum(shares) == total, (total, weights, shares)
    weight_sum = sum(weights)
    for share, weight in zip(shares, weights):
        exact = Fraction(total * weight, weight_sum)
        assert exact - 1 < share < exact + 1, ("not the floor or ceiling of the exact share", total, weights, shares)
        if total <= weight_sum:
            assert 0 <= share <= weight, ("a share exceeds its weight", total, weights, shares)
        if weight == 0:
            assert share == 0


# 1. allocate: exact sums, floor-or-ceiling shares, bounded by the weights.
for _ in range(4000):
    n = rng.randrange(1, 12)
    kind = rng.random()
    if kind < 0.3:
        weights = [rng.choice([1, 1, 1, 2]) for _ in range(n)]  # many ties
    elif kind < 0.6:
        weights = [rng.choice([0, 1, 2, 3, 7, 10 ** 12 + 3]) for _ in range(n)]
    else:
        weights = [rng.randrange(0, 10 ** rng.randrange(1, 9)) for _ in range(n)]
    if not any(weights):
        weights[0] = 1
    total = rng.choice([0, 1, sum(weights), sum(weights) - 1, rng.randrange(sum(weights) + 1), rng.randrange(10 ** 15)])
    check_allocation(max(total, 0), weights)
for n in range(1, 40):
    for total in range(0, 3 * n + 2):
        check_allocation(total, [1] * n)
        check_allocation(total, [1] * (n - 1) + [0] + [2])
assert allocate(0, [0, 0]) == [0, 0]
for bad in [(1, [0, 0]), (-1, [1]), (1, [1, -1])]:
    try:
        allocate(*bad)
    except ValueError:
        pass
    else:
        raise AssertionError(f"allocate{bad} must raise")

# 2. Partial refunds in every currency: exact amounts, never beyond a line, the rest refunds what is left.
for round_ in range(400):
    currency = rng.choice(sorted(EXPONENTS))
    places = EXPONENTS[currency]
    invoice = Invoice(f"INV-{round_}", currency)
    for number in range(rng.randrange(1, 7)):
        net = rng.choice([0, 1, 3, rng.randrange(10 ** rng.randrange(1, 8))])
        tax = rng.choice([0, 1, net // 5, rng.randrange(net + 1)])
        invoice.add_line(f"l{number}", "item", from_minor(net, currency), from_minor(tax, currency))
    refunds, refunded = [], 0
    for _ in range(rng.randrange(0, 6)):
        left = invoice.refundable
        if left == 0:
            break
        units = rng.choice([1, left, max(1, left // 3), rng.randrange(1, left + 1)])
        before = [(line.refunded_net, line.refunded_tax) for line in invoice.lines]
        refund = issue_refund(invoice, from_minor(units, currency), "partial")
        assert refund.amount == units, ("refund amount drifted", units, refund)
        refunds.append(refund)
        refunded += units
        weights = [line.net + line.tax - n - t for line, (n, t) in zip(invoice.lines, before)]
        for line, (n, t) in zip(invoice.lines, before):
            part = next((p for p in refund.lines if p.line_id == line.line_id), None)
            share = part.net + part.tax if part else 0
            exact = Fraction(units * (line.net + line.tax - n - t), sum(weights))
            assert exact - 1 < share < exact + 1, ("line share not proportional", refund)
            assert 0 <= line.refunded_net <= line.net and 0 <= line.refunded_tax <= line.tax, line
        assert invoice.refundable == invoice.total - refunded
    if invoice.refundable:
        rest = refund_invoice(invoice, "rest")
        refunds.append(rest)
        assert rest.amount + refunded == invoice.total
    assert invoice.fully_refunded
    assert all(line.refunded_net == line.net and line.refunded_tax == line.tax for line in invoice.lines)
    assert tax_refunded(refunds, currency) == sum(line.tax for line in invoice.lines), "VAT given back != VAT charged"
    assert sum(r.amount for r in refunds) == invoice.total

# 3. Amounts are never rounded: sub-minor or malformed amounts are refused and change nothing.
invoice = Invoice("INV-X", "EUR")
invoice.add_line("a", "x", Decimal("10.00"), Decimal("1.90"))
for text in ["10.005", "0.001", "1.0000000000000000000000000001", "-1.00", "0", "0.00", "11.91", "NaN", "Infinity"]:
    try:
        plan_refund(invoice, Decimal(text), "bad")
    except RefundError:
        pass
    else:
        raise AssertionError(f"{text} EUR must be refused")
assert invoice.refundable == 1190
assert issue_refund(invoice, Decimal("11.900"), "trailing zeros are whole cents").amount == 1190
jpy = Invoice("INV-J", "JPY")
jpy.add_line("a", "x", Decimal("1000"), Decimal("100"))
for text in ["0.5", "1100.1"]:
    try:
        plan_refund(jpy, Decimal(text), "bad")
    except RefundError:
        pass
    else:
        raise AssertionError(f"{text} JPY must be refused")
kwd = Invoice("INV-K", "KWD")
kwd.add_line("a", "x", Decimal("1.234"), Decimal("0.061"))
refund = issue_refund(kwd, Decimal("0.001"), "one fils")
assert refund.amount == 1 and refund.describe() == "Refund of 0.001 KWD on INV-K: one fils"
print("ok")
