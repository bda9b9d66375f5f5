"""Read access to the product catalogue."""

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

# Stay well under SQLite's limit on bound variables per statement (999 before 3.32).
_MAX_IDS_PER_QUERY = 500
_COLUMNS = "id, sku, name, price_cents, active"


@dataclass(frozen=True)
class Product:
    id: int
    sku: str
    name: str
    price_cents: int
    active: bool


def _product(row: tuple) -> Product:
    product_id, sku, name, price_cents, active = row
    return Product(product_id, sku, name, price_cents, bool(active))


def get_product(conn: sqlite3.Connection, product_id: int) -> Product | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM products WHERE id = ?", (product_id,)).fetchone()
    return _product(row) if row else None


def get_products(conn: sqlite3.Connection, product_ids: Iterable[int]) -> dict[int, Product]:
    """Products by id for many ids at once, in as few queries as the variable limit allows."""
    ids = sorted(set(product_ids))
    found: dict[int, Product] = {}
    for start in range(0, len(ids), _MAX_IDS_PER_QUERY):
        chunk = ids[start : start + _MAX_IDS_PER_QUERY]
        marks = ", ".join("?" * len(chunk))
        for row in conn.execute(f"SELECT {_COLUMNS} FROM products WHERE id IN ({marks})", chunk):
            product = _product(row)
            found[product.id] = product
    return found


def search(conn: sqlite3.Connection, term: str, limit: int = 20) -> list[Product]:
    """Active products whose name or SKU starts with `term`."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM products WHERE active = 1 "
        "AND (name LIKE ? ESCAPE '\\' OR sku LIKE ? ESCAPE '\\') ORDER BY name LIMIT ?",
        (escaped + "%", escaped + "%", limit),
    )
    return [_product(row) for row in rows]
