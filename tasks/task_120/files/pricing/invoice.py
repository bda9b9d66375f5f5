"""Invoices: lines priced from the EUR price list, and their totals in the invoice currency."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pricing.fx import BASE, Converter
from pricing.money import MINOR_UNITS, ZERO, UnknownCurrency, round_money
from pricing.tax import vat_rate

MAX_QUANTITY = 10_000


@dataclass(frozen=True)
class Line:
    description: str
    unit_price: Decimal  # net, EUR
    quantity: int = 1
    tax_category: str = "standard"


@dataclass(frozen=True)
class VatGroup:
    rate: Decimal
    net: Decimal
    vat: Decimal


@dataclass(frozen=True)
class Totals:
    currency: str
    net: Decimal
    vat: Decimal
    gross: Decimal
    groups: tuple[VatGroup, ...]  # one per VAT rate, highest rate first
    fx_rate: Decimal | None = None  # 1 EUR in the invoice currency, when it is not EUR


@dataclass
class Invoice:
    number: str
    country: str
    currency: str = BASE
    converter: Converter | None = None
    lines: list[Line] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.currency not in MINOR_UNITS:
            raise UnknownCurrency(self.currency)
        if self.currency != BASE and self.converter is None:
            raise ValueError(f"an invoice in {self.currency} needs a Converter")

    def add_line(
        self, description: str, unit_price: Decimal, quantity: int = 1, tax_category: str = "standard"
    ) -> None:
        if not isinstance(unit_price, Decimal) or unit_price < 0:
            raise ValueError("unit_price must be a non-negative Decimal")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
            raise ValueError(f"quantity must be a whole number from 1 to {MAX_QUANTITY}")
        vat_rate(self.country, tax_category)  # an unknown category fails here, not at totals()
        self.lines.append(Line(description, unit_price, quantity, tax_category))

    def line_net(self, line: Line) -> Decimal:
        """The line's net amount in the invoice currency, as printed on the invoice."""
        amount = line.unit_price * line.quantity
        if self.currency != BASE:
            amount = self.converter.convert(amount, BASE, self.currency)
        return round_money(amount, self.currency)

    def totals(self) -> Totals:
        nets: dict[Decimal, Decimal] = {}
        vats: dict[Decimal, Decimal] = {}
        for line in self.lines:
            rate = vat_rate(self.country, line.tax_category)
            net = self.line_net(line)
            nets[rate] = nets.get(rate, ZERO) + net
            vats[rate] = vats.get(rate, ZERO) + round_money(net * rate, self.currency)
        groups = tuple(VatGroup(rate, nets[rate], vats[rate]) for rate in sorted(nets, reverse=True))
        net = sum((g.net for g in groups), ZERO)
        vat = sum((g.vat for g in groups), ZERO)
        fx_rate = None if self.currency == BASE else self.converter.rate(BASE, self.currency)
        return Totals(self.currency, net, vat, net + vat, groups, fx_rate)
