"""Invoices. Amounts are whole minor units of the invoice's currency (see money.py)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from shop.billing.money import to_minor

if TYPE_CHECKING:
    from shop.billing.refunds import Refund


@dataclass
class InvoiceLine:
    line_id: str
    description: str
    net: int
    tax: int
    refunded_net: int = 0
    refunded_tax: int = 0

    @property
    def gross(self) -> int:
        return self.net + self.tax

    @property
    def refundable_net(self) -> int:
        return self.net - self.refunded_net

    @property
    def refundable_tax(self) -> int:
        return self.tax - self.refunded_tax

    @property
    def refundable(self) -> int:
        return self.refundable_net + self.refundable_tax


@dataclass
class Invoice:
    invoice_id: str
    currency: str
    lines: list[InvoiceLine] = field(default_factory=list)

    def add_line(self, line_id: str, description: str, net: Decimal, tax: Decimal) -> InvoiceLine:
        """Discounts are taken off a line's net before it is added, so no line is negative."""
        line = InvoiceLine(line_id, description, to_minor(net, self.currency), to_minor(tax, self.currency))
        if line.net < 0 or line.tax < 0:
            raise ValueError(f"line {line_id}: amounts must not be negative")
        if any(existing.line_id == line_id for existing in self.lines):
            raise ValueError(f"duplicate line id {line_id!r}")
        self.lines.append(line)
        return line

    @property
    def total(self) -> int:
        return sum(line.gross for line in self.lines)

    @property
    def refundable(self) -> int:
        """What is left to refund: the total less every refund applied so far."""
        return sum(line.refundable for line in self.lines)

    @property
    def fully_refunded(self) -> bool:
        return self.refundable == 0

    def apply_refund(self, refund: Refund) -> None:
        """Record `refund` against the lines. Checks every line first, so a refund that does not fit
        (planned against an older state of the invoice) changes nothing."""
        if refund.invoice_id != self.invoice_id or refund.currency != self.currency:
            raise ValueError(f"refund for {refund.invoice_id} in {refund.currency} does not belong here")
        by_id = {line.line_id: line for line in self.lines}
        if len({part.line_id for part in refund.lines}) != len(refund.lines):
            raise ValueError(f"refund for {refund.invoice_id} names a line twice")
        for part in refund.lines:
            line = by_id.get(part.line_id)
            if line is None or not 0 <= part.net <= line.refundable_net or not 0 <= part.tax <= line.refundable_tax:
                raise ValueError(f"refund line {part.line_id} exceeds what is left to refund on it")
        for part in refund.lines:
            by_id[part.line_id].refunded_net += part.net
            by_id[part.line_id].refunded_tax += part.tax
