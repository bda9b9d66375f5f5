"""Supplier portal: catalogue uploads, as a plain CSV or as a zip bundle with pictures."""

from __future__ import annotations

import sqlite3

from app.config import Settings
from app.imports.bundle import import_bundle, split_missing_pictures, supplier_media
from app.imports.catalogue import CatalogueError, parse_catalogue, save_products
from app.web.http import Request, Response, json_response


def upload_catalogue(request: Request, db: sqlite3.Connection, settings: Settings) -> Response:
    """POST /portal/catalogue with a CSV body."""
    if request.supplier_id is None:
        return json_response(401, {"error": "sign in first"})
    if len(request.body) > settings.max_upload_bytes:
        return json_response(413, {"error": "file too large"})
    try:
        text = request.body.decode("utf-8-sig")
        products, problems = parse_catalogue(text)
    except UnicodeDecodeError:
        return json_response(400, {"error": "the file is not UTF-8 text"})
    except CatalogueError as exc:
        return json_response(400, {"error": str(exc)})
    # A plain CSV can name pictures that an earlier bundle uploaded.
    products, missing = split_missing_pictures(supplier_media(settings, request.supplier_id), products)
    save_products(db, request.supplier_id, products)
    return json_response(200, {"imported": len(products), "skipped": problems + missing})


def upload_bundle(request: Request, db: sqlite3.Connection, settings: Settings) -> Response:
    """POST /portal/catalogue/bundle with a zip body: products.csv plus images/ (app.imports.bundle)."""
    if request.supplier_id is None:
        return json_response(401, {"error": "sign in first"})
    if request.header("content-type").split(";")[0].strip() not in ("application/zip", "application/x-zip-compressed"):
        return json_response(415, {"error": "upload the bundle as a .zip file"})
    if len(request.body) > settings.max_bundle_bytes:
        return json_response(413, {"error": "bundle too large"})
    try:
        summary = import_bundle(db, settings, request.supplier_id, request.body)
    except CatalogueError as exc:
        return json_response(400, {"error": str(exc)})
    return json_response(200, summary)
