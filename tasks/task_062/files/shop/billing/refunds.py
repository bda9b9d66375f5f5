"""Refunds of paid invoices. The payment provider is told the refund's amount; the VAT report reads
how much tax each refund gave back."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shop.billing.allocation import allocate
from shop.billing.invoice import Invoice
from shop.billing.money import format_money, from_minor, to_minor


class RefundError(ValueError):
    pass


@dataclass(frozen=True)
class RefundLine:
    line_id: str
    net: int
    tax: int


@dataclass(frozen=True)
class Refund:
    invoice_id: str
    currency: str
    lines: tuple[RefundLine, ...]
    reason: str

    @property
    def amount(self) -> int:
        return sum(line.net + line.tax for line in self.lines)

    @property
    def tax(self) -> int:
        return sum(line.tax for line in self.lines)

    def describe(self) -> str:
        return f"Refund of {format_money(self.amount, self.currency)} on {self.invoice_id}: {self.reason}"


def plan_refund(invoice: Invoice, amount: Decimal, reason: str) -> Refund:
    """A refund of `amount` (major units of the invoice's currency), spread over the invoice's lines in
    proportion to what is left to refund on each, and within a line over its net and tax in proportion
    to the net and tax left on it. Nothing is changed until the refund is applied."""
    try:
        units = to_minor(amount, invoice.currency)
    except ValueError as exc:
        raise RefundError(str(exc)) from None
    if units <= 0:
        raise RefundError("a refund must be a positive amount")
    left = invoice.refundable
    if units > left:
        raise RefundError(f"only {format_money(left, invoice.currency)} is left to refund on {invoice.invoice_id}")
    parts = []
    shares = allocate(units, [line.refundable for line in invoice.lines])
    for line, share in zip(invoice.lines, shares):
        if share:
            net, tax = allocate(share, [line.refundable_net, line.refundable_tax])
            parts.append(RefundLine(line.line_id, net, tax))
    return Refund(invoice.invoice_id, invoice.currency, tuple(parts), reason)


def issue_refund(invoice: Invoice, amount: Decimal, reason: str) -> Refund:
    """Refund part of a paid invoice; the caller sends `refund.amount` to the payment provider."""
    planned = plan_refund(invoice, amount, reason)
    invoice.apply_refund(planned)
    return planned


def refund_invoice(invoice: Invoice, reason: str) -> Refund:
    """Refund whatever is left on a paid invoice."""
    if invoice.fully_refunded:
        raise RefundError(f"nothing is left to refund on {invoice.invoice_id}")
    return issue_refund(invoice, from_minor(invoice.refundable, invoice.currency), reason)


def tax_refunded(refunds: list[Refund], currency: str) -> int:
    """Tax given back by `refunds` in `currency`, for the VAT report."""
    return sum(refund.tax for refund in refunds if refund.currency == currency)
