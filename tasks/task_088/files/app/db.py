"""The shop database: schema and numbered migrations, applied on connect."""

from __future__ import annotations

import sqlite3

MIGRATIONS = [
    """CREATE TABLE products (
        supplier_id INTEGER NOT NULL, sku TEXT NOT NULL, name TEXT NOT NULL,
        price_cents INTEGER NOT NULL, PRIMARY KEY (supplier_id, sku)
    )""",
    "CREATE INDEX products_by_name ON products (name)",
    # The product's picture, relative to the supplier's media folder (bundle uploads).
    "ALTER TABLE products ADD COLUMN image TEXT",
]


def connect(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    version = db.execute("PRAGMA user_version").fetchone()[0]
    with db:
        for number, statement in enumerate(MIGRATIONS[version:], start=version + 1):
            db.execute(statement)
            db.execute(f"PRAGMA user_version = {number}")
    return db
