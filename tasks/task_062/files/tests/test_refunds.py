from decimal import Decimal

import pytest

from shop.billing.invoice import Invoice
from shop.billing.refunds import RefundError, issue_refund, plan_refund, refund_invoice, tax_refunded


def make_invoice(currency="EUR"):
    invoice = Invoice("INV-7", currency)
    invoice.add_line("l1", "Annual plan", Decimal("100.00"), Decimal("19.00"))
    invoice.add_line("l2", "Onboarding", Decimal("50.00"), Decimal("9.50"))
    return invoice


def test_full_refund():
    refund = refund_invoice(make_invoice(), "cancelled")
    assert refund.amount == 17850 and refund.tax == 2850
    assert refund.describe() == "Refund of 178.50 EUR on INV-7: cancelled"


def test_refund_twice_is_refused():
    invoice = make_invoice()
    refund_invoice(invoice, "cancelled")
    with pytest.raises(RefundError):
        refund_invoice(invoice, "again")


def test_tax_refunded_by_currency():
    refund = refund_invoice(make_invoice(), "cancelled")
    assert tax_refunded([refund], "EUR") == 2850
    assert tax_refunded([refund], "GBP") == 0


def test_partial_refund_is_spread_over_lines_and_tax():
    invoice = make_invoice()
    refund = issue_refund(invoice, Decimal("35.70"), "late delivery")
    assert refund.amount == 3570
    assert [(part.line_id, part.net, part.tax) for part in refund.lines] == [("l1", 2000, 380), ("l2", 1000, 190)]
    assert invoice.refundable == 17850 - 3570


def test_partial_refunds_then_the_rest():
    invoice = make_invoice()
    issue_refund(invoice, Decimal("0.01"), "goodwill")
    issue_refund(invoice, Decimal("33.33"), "goodwill")
    rest = refund_invoice(invoice, "cancelled")
    assert rest.amount == 17850 - 3334
    assert invoice.fully_refunded
    assert all(line.refunded_net == line.net and line.refunded_tax == line.tax for line in invoice.lines)


def test_refund_amount_is_checked():
    invoice = make_invoice()
    for amount in ["0", "-5.00", "178.51", "10.005"]:
        with pytest.raises(RefundError):
            plan_refund(invoice, Decimal(amount), "no")
    assert invoice.refundable == 17850


def test_currencies_without_cents():
    invoice = Invoice("INV-8", "JPY")
    invoice.add_line("l1", "Plan", Decimal("1000"), Decimal("100"))
    invoice.add_line("l2", "Seats", Decimal("500"), Decimal("50"))
    refund = issue_refund(invoice, Decimal("1001"), "downgrade")
    assert refund.amount == 1001 and refund.describe() == "Refund of 1001 JPY on INV-8: downgrade"
