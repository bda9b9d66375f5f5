"""Catalogue and customer records as the storefront sees them."""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Product:
    sku: str
    names: dict[str, str]  # language -> display name; "en" is always present
    list_price: Decimal  # in `currency`
    currency: str = "EUR"


@dataclass(frozen=True)
class Customer:
    """The signed-in buyer (a person at a customer organisation)."""

    customer_id: int
    organisation: str
    locale: str = "en-GB"
    currency: str = "EUR"
    contract_id: str | None = None  # negotiated framework agreement, if the organisation has one
    tags: frozenset[str] = field(default_factory=frozenset)
