"""On-hand stock per SKU, shared by every sales channel and the warehouse."""

import threading
from collections.abc import Mapping


class UnknownSku(KeyError):
    pass


class StockLevels:
    """Quantities on hand. Each method is atomic on its own: it holds the internal lock throughout."""

    def __init__(self, levels: Mapping[str, int] | None = None):
        self._lock = threading.Lock()
        self._levels: dict[str, int] = dict(levels or {})

    def level(self, sku: str) -> int:
        """Units on hand right now."""
        with self._lock:
            try:
                return self._levels[sku]
            except KeyError:
                raise UnknownSku(sku) from None

    def try_take(self, sku: str, quantity: int) -> bool:
        """Take `quantity` units if that many are on hand; otherwise take nothing and return False."""
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        with self._lock:
            on_hand = self._levels.get(sku)
            if on_hand is None:
                raise UnknownSku(sku)
            if on_hand < quantity:
                return False
            self._levels[sku] = on_hand - quantity
            return True

    def add(self, sku: str, quantity: int) -> None:
        """Put units on hand: deliveries and customer returns."""
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        with self._lock:
            self._levels[sku] = self._levels.get(sku, 0) + quantity

    def adjust(self, sku: str, delta: int) -> int:
        """Book a correction (stock count, damage, write-off) as-is and return the new level.

        Corrections are facts from the shop floor, so they are never refused: the level can go
        negative, which the nightly stock report flags for a recount.
        """
        with self._lock:
            if sku not in self._levels:
                raise UnknownSku(sku)
            self._levels[sku] += delta
            return self._levels[sku]

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._levels)
