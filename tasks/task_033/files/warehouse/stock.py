"""Stock levels per SKU for one warehouse.

A SKU's level is an immutable `Level(on_hand, reserved)`. Writers replace it, never mutate it, while
holding that SKU's lock, so `level()` needs no lock: a reader always gets a pair that was current
together. Every change keeps 0 <= reserved <= on_hand.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from typing import NamedTuple


class StockError(ValueError):
    """A bad quantity, or a change that would break the ledger's invariants."""


class Level(NamedTuple):
    on_hand: int
    reserved: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


_EMPTY = Level(0, 0)


def check_quantity(qty: object) -> int:
    if isinstance(qty, bool) or not isinstance(qty, int) or qty <= 0:
        raise StockError(f"a quantity must be a positive whole number, not {qty!r}")
    return qty


class StockLedger:
    def __init__(self) -> None:
        self._levels: dict[str, Level] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def _lock(self, sku: str) -> threading.Lock:
        with self._locks_guard:
            lock = self._locks.get(sku)
            if lock is None:
                lock = self._locks[sku] = threading.Lock()
            return lock

    def level(self, sku: str) -> Level:
        return self._levels.get(sku, _EMPTY)

    def receive(self, sku: str, qty: int) -> None:
        """Goods arrived at the dock."""
        check_quantity(qty)
        with self._lock(sku):
            on_hand, reserved = self.level(sku)
            self._levels[sku] = Level(on_hand + qty, reserved)

    @contextmanager
    def _locked(self, skus: Iterable[str]) -> Iterator[None]:
        """Hold the locks of all `skus` together. They are taken in sorted order and each only once,
        so two callers locking overlapping sets of SKUs cannot deadlock."""
        with ExitStack() as stack:
            for sku in sorted(set(skus)):
                stack.enter_context(self._lock(sku))
            yield

    def reserve_all(self, quantities: Mapping[str, int]) -> dict[str, int]:
        """Set every quantity aside, or none of them. Returns how many units each SKU that did not
        have enough available was short by; an empty dict means everything was reserved."""
        for qty in quantities.values():
            check_quantity(qty)
        with self._locked(quantities):
            levels = {sku: self.level(sku) for sku in quantities}
            short = {sku: qty - levels[sku].available for sku, qty in quantities.items()}
            short = {sku: units for sku, units in short.items() if units > 0}
            if short:
                return short
            for sku, qty in quantities.items():
                self._levels[sku] = Level(levels[sku].on_hand, levels[sku].reserved + qty)
        return {}

    def release(self, sku: str, qty: int) -> None:
        """Put reserved units back on the shelf."""
        check_quantity(qty)
        with self._lock(sku):
            level = self.level(sku)
            if level.reserved < qty:
                raise StockError(f"{sku}: cannot release {qty}, only {level.reserved} reserved")
            self._levels[sku] = Level(level.on_hand, level.reserved - qty)

    def ship(self, sku: str, qty: int) -> None:
        """Reserved units left the building."""
        check_quantity(qty)
        with self._lock(sku):
            level = self.level(sku)
            if level.reserved < qty:
                raise StockError(f"{sku}: cannot ship {qty}, only {level.reserved} reserved")
            self._levels[sku] = Level(level.on_hand - qty, level.reserved - qty)
