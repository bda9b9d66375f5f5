"""What a customer pays: list price converted to their currency, or their contract's terms."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from app.catalog.models import Customer, Product

# Daily reference rates, refreshed by the treasury job.
FX_RATES: dict[tuple[str, str], Decimal] = {
    ("EUR", "USD"): Decimal("1.08"),
    ("EUR", "GBP"): Decimal("0.86"),
}


@dataclass(frozen=True)
class Contract:
    contract_id: str
    name: str  # shown to the customer, e.g. "Acme Corp framework agreement 2024"
    discount_percent: Decimal = Decimal("0")
    fixed_prices: dict[str, Decimal] = field(default_factory=dict)  # sku -> price in the customer's currency


# Loaded from the contracts table at start-up and on every contract change.
CONTRACTS: dict[str, Contract] = {}


@dataclass(frozen=True)
class Quote:
    amount: Decimal
    currency: str
    contract_name: str | None = None


def _round(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def convert(amount: Decimal, source: str, target: str) -> Decimal:
    if source == target:
        return amount
    if (source, target) in FX_RATES:
        return _round(amount * FX_RATES[source, target])
    return _round(amount / FX_RATES[target, source])


def price_for(product: Product, customer: Customer) -> Quote:
    """The price `customer` pays for one `product`, in the customer's currency."""
    amount = convert(product.list_price, product.currency, customer.currency)
    contract = CONTRACTS.get(customer.contract_id) if customer.contract_id else None
    if contract is None:
        return Quote(amount, customer.currency)
    if product.sku in contract.fixed_prices:
        return Quote(contract.fixed_prices[product.sku], customer.currency, contract.name)
    discounted = _round(amount * (100 - contract.discount_percent) / 100)
    return Quote(discounted, customer.currency, contract.name)
