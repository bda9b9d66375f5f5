"""JSON handlers for the catalogue endpoints; the router calls them inside the request's tenant context."""

from typing import Any

from app import catalog
from app.db import TenantDB

Response = tuple[int, dict[str, Any]]

PATCHABLE = frozenset({"price_cents", "category"})


def _product_json(product: catalog.Product) -> dict[str, Any]:
    return {
        "sku": product.sku,
        "name": product.name,
        "category": product.category,
        "price_cents": product.price_cents,
    }


def get_product(db: TenantDB, sku: str) -> Response:
    try:
        return 200, _product_json(catalog.get_product(db, sku))
    except catalog.UnknownProduct:
        return 404, {"error": f"no product {sku!r}"}


def get_price_list(db: TenantDB, category: str) -> Response:
    products = catalog.price_list(db, category)
    return 200, {"category": category, "products": [_product_json(p) for p in products]}


def patch_product(db: TenantDB, sku: str, body: Any) -> Response:
    """PATCH /products/<sku> with {"price_cents": ..., "category": ...}: either field, or both."""
    if not isinstance(body, dict):
        return 400, {"error": "expected a JSON object"}
    unknown = sorted(set(body) - PATCHABLE)
    if unknown:
        return 400, {"error": f"unknown fields: {', '.join(unknown)}"}
    try:
        product = catalog.update_product(
            db, sku, price_cents=body.get("price_cents"), category=body.get("category")
        )
    except (TypeError, ValueError) as exc:
        return 400, {"error": str(exc)}
    except catalog.UnknownProduct:
        return 404, {"error": f"no product {sku!r}"}
    return 200, _product_json(product)
