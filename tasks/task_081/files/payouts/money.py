"""Sales as the marketplace reports them to the payouts service."""

from dataclasses import dataclass

# Every currency we sell in has two decimal places; amounts are integers of its minor unit.
CURRENCIES = frozenset({"USD", "EUR", "GBP", "CAD", "AUD"})


@dataclass(frozen=True)
class Sale:
    id: str
    seller_id: str
    amount_cents: int  # what the seller earns from the sale, after our fee
    currency: str

    def __post_init__(self) -> None:
        if self.currency not in CURRENCIES:
            raise ValueError(f"unsupported currency {self.currency!r}")
        if self.amount_cents <= 0:
            raise ValueError("a sale credits a positive amount")
