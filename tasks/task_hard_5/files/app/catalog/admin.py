"""Back-office operations on the catalogue."""

from decimal import Decimal

from app.catalog import views
from app.catalog.models import Product


class CatalogueError(ValueError):
    pass


def update_list_price(catalogue: dict[str, Product], sku: str, new_price: Decimal) -> Product:
    product = catalogue.get(sku)
    if product is None:
        raise CatalogueError(f"unknown sku {sku!r}")
    if new_price <= 0:
        raise CatalogueError("list price must be positive")
    product.list_price = new_price
    views.invalidate_product(sku)
    return product


def rename_product(catalogue: dict[str, Product], sku: str, language: str, name: str) -> Product:
    product = catalogue.get(sku)
    if product is None:
        raise CatalogueError(f"unknown sku {sku!r}")
    if not name.strip():
        raise CatalogueError("name must not be empty")
    product.names[language] = name.strip()
    views.invalidate_product(sku)
    return product
