"""Holding stock for web orders between checkout and payment."""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from inventory.stock import StockLevels

HOLD_SECONDS = 15 * 60


class OutOfStock(Exception):
    def __init__(self, sku: str, wanted: int, available: int):
        super().__init__(f"{sku}: wanted {wanted}, only {available} available")
        self.sku = sku
        self.wanted = wanted
        self.available = available


@dataclass(frozen=True)
class Hold:
    order_id: str
    sku: str
    quantity: int
    expires_at: float


class Reservations:
    """Stock held for web orders while the customer pays.

    Checkout threads race for the last units of popular items, so the availability check and the
    decrement run under one lock: two orders can never both get the last unit.
    """

    def __init__(self, stock: StockLevels, clock: Callable[[], float] = time.monotonic):
        self._stock = stock
        self._clock = clock
        self._lock = threading.Lock()
        self._holds: dict[str, Hold] = {}

    def reserve(self, order_id: str, sku: str, quantity: int) -> Hold:
        """Hold `quantity` units of `sku` for the order; a retried checkout gets its existing hold back."""
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        with self._lock:
            existing = self._holds.get(order_id)
            if existing is not None:
                return existing
            available = self._stock.level(sku)
            if available < quantity:
                raise OutOfStock(sku, quantity, available)
            self._stock.adjust(sku, -quantity)
            hold = Hold(order_id, sku, quantity, self._clock() + HOLD_SECONDS)
            self._holds[order_id] = hold
            return hold

    def confirm(self, order_id: str) -> Hold:
        """Payment captured: the held units are sold and the hold ends."""
        with self._lock:
            hold = self._holds.pop(order_id, None)
        if hold is None:
            raise LookupError(f"no hold for order {order_id}")
        return hold

    def release(self, order_id: str) -> Hold | None:
        """Payment failed or the order was cancelled: put the held units back on hand."""
        with self._lock:
            hold = self._holds.pop(order_id, None)
        if hold is not None:
            self._stock.add(hold.sku, hold.quantity)
        return hold

    def expire(self) -> list[Hold]:
        """Release every hold whose time is up."""
        now = self._clock()
        with self._lock:
            expired = [hold for hold in self._holds.values() if hold.expires_at <= now]
            for hold in expired:
                del self._holds[hold.order_id]
        for hold in expired:
            self._stock.add(hold.sku, hold.quantity)
        return expired
