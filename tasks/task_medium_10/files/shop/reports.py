"""Finance reports over the orders database."""

import csv
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import TextIO

from shop import catalog

CSV_HEADER = ("order_id", "placed_on", "sku", "product", "quantity", "unit_price_cents", "line_total_cents")


def daily_revenue(conn: sqlite3.Connection, day: date) -> int:
    """Revenue in cents of the paid orders placed on `day`."""
    row = conn.execute(
        "SELECT COALESCE(SUM(l.quantity * l.unit_price_cents), 0) "
        "FROM orders o JOIN order_lines l ON l.order_id = o.id "
        "WHERE o.placed_on = ? AND o.status = 'paid'",
        (day.isoformat(),),
    ).fetchone()
    return row[0]


@dataclass(frozen=True)
class ExportLine:
    order_id: int
    placed_on: str
    sku: str
    product: str
    quantity: int
    unit_price_cents: int

    @property
    def total_cents(self) -> int:
        return self.quantity * self.unit_price_cents


def paid_order_lines(conn: sqlite3.Connection, since: date, until: date) -> list[ExportLine]:
    """Every line of the paid orders placed in [since, until), oldest order first."""
    rows = conn.execute(
        "SELECT o.id, o.placed_on, l.product_id, l.quantity, l.unit_price_cents "
        "FROM orders o JOIN order_lines l ON l.order_id = o.id "
        "WHERE o.status = 'paid' AND o.placed_on >= ? AND o.placed_on < ? "
        "ORDER BY o.placed_on, o.id, l.id",
        (since.isoformat(), until.isoformat()),
    ).fetchall()
    lines = []
    for order_id, placed_on, product_id, quantity, unit_price_cents in rows:
        product = catalog.get_product(conn, product_id)
        sku, name = (product.sku, product.name) if product else ("?", "(deleted product)")
        lines.append(ExportLine(order_id, placed_on, sku, name, quantity, unit_price_cents))
    return lines


def export_order_lines_csv(conn: sqlite3.Connection, since: date, until: date, out: TextIO) -> int:
    """Write the paid order lines of [since, until) to `out` as CSV; returns the number of lines."""
    lines = paid_order_lines(conn, since, until)
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for line in lines:
        writer.writerow(
            (
                line.order_id,
                line.placed_on,
                line.sku,
                line.product,
                line.quantity,
                line.unit_price_cents,
                line.total_cents,
            )
        )
    return len(lines)
