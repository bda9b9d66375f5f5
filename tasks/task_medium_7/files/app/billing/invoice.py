"""Invoices: lines, per-line discounts, VAT and totals."""

from dataclasses import dataclass, field
from decimal import Decimal

from app.billing.money import ZERO, format_money, percent_of, round_money
from app.billing.tax import vat_for


@dataclass
class Line:
    description: str
    unit_price: Decimal
    quantity: int = 1
    discount_percent: Decimal = ZERO

    @property
    def gross(self) -> Decimal:
        return round_money(self.unit_price * self.quantity)

    @property
    def discount(self) -> Decimal:
        return percent_of(self.gross, self.discount_percent)

    @property
    def net(self) -> Decimal:
        return self.gross - self.discount


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    discount: Decimal
    net: Decimal
    vat: Decimal
    total: Decimal


@dataclass
class Invoice:
    number: str
    country: str
    currency: str = "EUR"
    lines: list[Line] = field(default_factory=list)
    reverse_charge: bool = False

    def add_line(self, description: str, unit_price: Decimal, quantity: int = 1, discount_percent: Decimal = ZERO):
        if quantity < 1:
            raise ValueError("quantity must be at least 1")
        if not ZERO <= discount_percent <= 100:
            raise ValueError("discount_percent must be between 0 and 100")
        self.lines.append(Line(description, unit_price, quantity, discount_percent))

    def totals(self) -> Totals:
        subtotal = sum((line.net for line in self.lines), ZERO)
        discount = sum((line.discount for line in self.lines), ZERO)
        net = subtotal - discount
        vat = vat_for(net, self.country, reverse_charge=self.reverse_charge)
        return Totals(subtotal=subtotal, discount=discount, net=net, vat=vat, total=net + vat)

    def render(self) -> list[str]:
        """Plain-text body of the invoice e-mail."""
        out = [f"Invoice {self.number}"]
        for line in self.lines:
            text = f"{line.quantity} x {line.description}: {format_money(line.gross, self.currency)}"
            if line.discount:
                text += f" (-{line.discount_percent}%: -{format_money(line.discount, self.currency)})"
            out.append(text)
        totals = self.totals()
        out.append(f"Subtotal: {format_money(totals.subtotal, self.currency)}")
        if totals.discount:
            out.append(f"Discounts: -{format_money(totals.discount, self.currency)}")
        if self.reverse_charge:
            out.append("VAT: reverse charge")
        else:
            out.append(f"VAT: {format_money(totals.vat, self.currency)}")
        out.append(f"Total: {format_money(totals.total, self.currency)}")
        return out
