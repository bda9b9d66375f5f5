"""Products and their prices (whole cents)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    price_cents: int


class UnknownProduct(LookupError):
    pass


PRODUCTS = {
    p.sku: p
    for p in [
        Product("MUG-01", "Enamel mug", 1200),
        Product("TEE-M", "T-shirt, M", 2500),
        Product("TEE-L", "T-shirt, L", 2500),
        Product("BAG-01", "Canvas tote", 1800),
        Product("LAMP-2", "Desk lamp", 8900),
    ]
}


def get_product(sku: str) -> Product:
    try:
        return PRODUCTS[sku]
    except KeyError:
        raise UnknownProduct(sku) from None
