"""Orders and shipments in the warehouse database."""

import json
import sqlite3
import threading
from dataclasses import dataclass

SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY,
    status TEXT NOT NULL,
    address TEXT NOT NULL,
    weight_grams INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS shipments (
    tracking_number TEXT PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    cost_cents INTEGER NOT NULL,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX IF NOT EXISTS shipments_order ON shipments (order_id);
"""


class UnknownOrder(LookupError):
    pass


@dataclass(frozen=True)
class ShipmentRecord:
    order_id: int
    tracking_number: str
    cost_cents: int


@dataclass(frozen=True)
class Order:
    id: int
    status: str
    address: dict
    weight_grams: int


class Store:
    """The warehouse database; one connection shared by the server's threads."""

    def __init__(self, path):
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock:
            self._db.executescript(SCHEMA)

    def add_order(self, order_id, status, address, weight_grams):
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO orders (id, status, address, weight_grams) VALUES (?, ?, ?, ?)",
                (order_id, status, json.dumps(address), weight_grams),
            )

    def get_order(self, order_id):
        with self._lock:
            row = self._db.execute(
                "SELECT id, status, address, weight_grams FROM orders WHERE id = ?", (order_id,)
            ).fetchone()
        if row is None:
            raise UnknownOrder(order_id)
        return Order(row[0], row[1], json.loads(row[2]), row[3])

    def shipment_for(self, order_id):
        """The order's most recent shipment, or None if no label was bought for it yet."""
        with self._lock:
            row = self._db.execute(
                "SELECT order_id, tracking_number, cost_cents FROM shipments"
                " WHERE order_id = ? ORDER BY rowid DESC LIMIT 1",
                (order_id,),
            ).fetchone()
        return None if row is None else ShipmentRecord(*row)

    def record_shipment(self, order_id, shipment):
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO shipments (tracking_number, order_id, cost_cents) VALUES (?, ?, ?)",
                (shipment.tracking_number, order_id, shipment.cost_cents),
            )
        return ShipmentRecord(order_id, shipment.tracking_number, shipment.cost_cents)
