"""Supplier catalogue imports: a CSV with one product a row, upserted by (supplier, sku).

Columns: sku, name, price (in the shop currency, e.g. 12.50), and optionally image: the path of
the product's picture in the supplier's media folder, i.e. under images/ in the bundle that
uploaded it (see app.imports.bundle). Other columns are ignored.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MAX_ROWS = 20_000
REQUIRED = ("sku", "name", "price")
SKU_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
# Relative, "/"-separated, and no segment starts with a dot (so no "." or ".." segments).
IMAGE_RE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*){0,3}")
BUNDLE_CATALOGUE = "products.csv"


class CatalogueError(ValueError):
    """The file as a whole cannot be imported; the message is shown to the supplier."""


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    price_cents: int
    image: str | None = None


def parse_catalogue(text: str) -> tuple[list[Product], list[str]]:
    """The valid products of a CSV text and a problem line for every row that was skipped."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise CatalogueError(f"missing column(s): {', '.join(missing)}")
    reader.fieldnames = header
    products: list[Product] = []
    problems: list[str] = []
    for line, row in enumerate(reader, start=2):
        if len(products) + len(problems) >= MAX_ROWS:
            raise CatalogueError(f"more than {MAX_ROWS} rows")
        try:
            products.append(_product(row))
        except ValueError as exc:
            problems.append(f"line {line}: {exc}")
    return products, problems


def catalogue_from_bundle(zf: zipfile.ZipFile) -> tuple[list[Product], list[str]]:
    """Parse the products.csv at the top level of a bundle, like a plain catalogue upload."""
    try:
        info = zf.getinfo(BUNDLE_CATALOGUE)
    except KeyError:
        raise CatalogueError(f"the bundle has no {BUNDLE_CATALOGUE} at its top level") from None
    try:
        text = zf.read(info).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CatalogueError(f"{BUNDLE_CATALOGUE} is not UTF-8 text") from None
    return parse_catalogue(text)


def _product(row: dict) -> Product:
    sku = (row.get("sku") or "").strip()
    if not SKU_RE.fullmatch(sku):
        raise ValueError(f"invalid sku {sku!r}")
    name = (row.get("name") or "").strip()
    if not name or len(name) > 200:
        raise ValueError("name must be 1 to 200 characters")
    try:
        price = Decimal((row.get("price") or "").strip())
    except InvalidOperation:
        raise ValueError("price is not a number") from None
    if not price.is_finite() or price < 0 or price != price.quantize(Decimal("0.01")):
        raise ValueError("price must be a non-negative amount with at most two decimals")
    image = (row.get("image") or "").strip() or None
    if image is not None and not IMAGE_RE.fullmatch(image):
        raise ValueError(f"invalid image path {image!r}")
    return Product(sku, name, int(price * 100), image)


def save_products(db: sqlite3.Connection, supplier_id: int, products: list[Product]) -> None:
    """Upsert the products. A product without an image keeps the one it has."""
    with db:
        db.executemany(
            "INSERT INTO products (supplier_id, sku, name, price_cents, image) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (supplier_id, sku) DO UPDATE SET name = excluded.name,"
            " price_cents = excluded.price_cents, image = coalesce(excluded.image, image)",
            [(supplier_id, p.sku, p.name, p.price_cents, p.image) for p in products],
        )
