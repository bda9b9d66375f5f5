"""Invoices: what a customer owes us for one billing period."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from billing.currency import minor_units, quantize
from billing.instalments import Instalment, check_instalment_count, plan_instalments


def _decimal(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("amounts and quantities must be Decimal, int or str, never float")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"not a number: {value!r}")
    return number


@dataclass(frozen=True)
class Line:
    description: str
    quantity: Decimal
    unit_price: Decimal

    def amount(self, currency: str) -> Decimal:
        """Quantity x unit price, rounded to the currency once per line, as the line is printed."""
        return quantize(self.quantity * self.unit_price, currency)


@dataclass
class Invoice:
    number: str
    customer: str
    currency: str
    issued_on: date
    terms_days: int = 30
    lines: list[Line] = field(default_factory=list)
    # 1 = the whole total on `due_on`; more = that many monthly instalments, the first on `due_on`.
    instalments: int = 1

    def __post_init__(self) -> None:
        minor_units(self.currency)  # an unknown currency fails here, not when the invoice is sent
        if self.terms_days < 0:
            raise ValueError("terms_days cannot be negative")
        check_instalment_count(self.instalments)

    @property
    def due_on(self) -> date:
        return self.issued_on + timedelta(days=self.terms_days)

    def add_line(self, description: str, quantity: Decimal | int | str, unit_price: Decimal | int | str) -> Line:
        line = Line(description, _decimal(quantity), _decimal(unit_price))
        self.lines.append(line)
        return line

    def total(self) -> Decimal:
        """The sum of the rounded line amounts, so the total always matches the printed lines."""
        return sum((line.amount(self.currency) for line in self.lines), quantize(Decimal(0), self.currency))

    def payment_schedule(self) -> list[Instalment]:
        """When each part of the total falls due; the amounts add up to exactly `total()`.

        Raises ValueError when the total is not positive or has fewer minor units than there are
        instalments (0.02 USD cannot be paid in 3 parts).
        """
        return plan_instalments(self.total(), self.currency, self.instalments, self.due_on)
