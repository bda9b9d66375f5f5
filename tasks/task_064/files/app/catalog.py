"""The tenant's product catalogue: products in categories, priced in cents."""

import threading
from dataclasses import dataclass

from app.cache import TTLCache
from app.db import TenantDB
from app.tenancy import current_tenant

MAX_PRICE_CENTS = 100_000_000
MAX_CATEGORY_LENGTH = 64

# Products and price lists change only through this module, and every write invalidates what it
# changed, so entries do not expire. Updates are rare and serialised: an update's read, write and
# invalidation are one step.
cache = TTLCache(max_entries=4096)
_writes = threading.Lock()


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    category: str
    price_cents: int


class UnknownProduct(LookupError):
    pass


def _check_price(price_cents: int) -> int:
    if isinstance(price_cents, bool) or not isinstance(price_cents, int):
        raise TypeError("price_cents must be an integer")
    if not 0 <= price_cents <= MAX_PRICE_CENTS:
        raise ValueError(f"price_cents must be between 0 and {MAX_PRICE_CENTS}")
    return price_cents


def _check_category(category: str) -> str:
    if not isinstance(category, str):
        raise TypeError("category must be a string")
    if not category or category != category.strip() or len(category) > MAX_CATEGORY_LENGTH:
        raise ValueError(f"category must be 1 to {MAX_CATEGORY_LENGTH} characters, not padded with spaces")
    return category


def _product_key(sku: str) -> tuple[str, str, str]:
    return ("catalog.product", current_tenant(), sku)


def _category_key(category: str) -> tuple[str, str, str]:
    return ("catalog.category", current_tenant(), category)


def _load_product(db: TenantDB, sku: str) -> Product:
    row = db.one(
        "SELECT sku, name, category, price_cents FROM products WHERE tenant_id = :tenant AND sku = :sku",
        sku=sku,
    )
    if row is None:
        raise UnknownProduct(sku)
    return Product(*row)


def _load_price_list(db: TenantDB, category: str) -> tuple[Product, ...]:
    rows = db.all(
        "SELECT sku, name, category, price_cents FROM products "
        "WHERE tenant_id = :tenant AND category = :category ORDER BY name, sku",
        category=category,
    )
    return tuple(Product(*row) for row in rows)


def get_product(db: TenantDB, sku: str) -> Product:
    return cache.get_or_load(_product_key(sku), lambda: _load_product(db, sku))


def price_list(db: TenantDB, category: str) -> tuple[Product, ...]:
    """The category's products by name (a tuple: the cached value is shared by every caller)."""
    return cache.get_or_load(_category_key(category), lambda: _load_price_list(db, category))


def add_product(db: TenantDB, product: Product) -> None:
    _check_price(product.price_cents)
    _check_category(product.category)
    db.execute(
        "INSERT INTO products (tenant_id, sku, name, category, price_cents) "
        "VALUES (:tenant, :sku, :name, :category, :price)",
        sku=product.sku,
        name=product.name,
        category=product.category,
        price=product.price_cents,
    )
    cache.invalidate(_category_key(product.category))


def update_product(
    db: TenantDB, sku: str, *, price_cents: int | None = None, category: str | None = None
) -> Product:
    """Change a product's price, move it to another category, or both."""
    if price_cents is None and category is None:
        raise ValueError("give price_cents, category or both")
    if price_cents is not None:
        _check_price(price_cents)
    if category is not None:
        _check_category(category)
    with _writes:
        current = _load_product(db, sku)
        updated = Product(
            current.sku,
            current.name,
            current.category if category is None else category,
            current.price_cents if price_cents is None else price_cents,
        )
        db.execute(
            "UPDATE products SET price_cents = :price, category = :category "
            "WHERE tenant_id = :tenant AND sku = :sku",
            price=updated.price_cents,
            category=updated.category,
            sku=sku,
        )
        cache.invalidate(_product_key(sku))
        cache.invalidate(_category_key(updated.category))
    return updated
