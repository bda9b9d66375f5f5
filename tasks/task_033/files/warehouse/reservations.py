"""Holds: stock set aside for an order until it ships, is cancelled or expires.

A hold lasts `ttl` seconds unless extended; after that it can no longer ship, and the HoldExpirer
(warehouse.expiry) puts its stock back. Commit, cancel and expire each take the hold out of the book
under the book's lock before touching the ledger, so exactly one of them acts on a hold's stock.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from warehouse.stock import StockError, StockLedger, check_quantity

DEFAULT_TTL = 15 * 60.0
MAX_TTL = 24 * 3600.0


@dataclass(frozen=True)
class Line:
    sku: str
    qty: int


@dataclass(frozen=True)
class Hold:
    id: str
    order_id: str
    lines: tuple[Line, ...]
    expires_at: float  # on the book's clock


class OutOfStock(Exception):
    def __init__(self, order_id: str, sku: str) -> None:
        super().__init__(f"order {order_id}: not enough {sku}")
        self.order_id = order_id
        self.sku = sku


class HoldNotFound(LookupError):
    """The hold does not exist, or was already shipped, cancelled or released."""


class HoldExpired(HoldNotFound):
    """The hold ran out before it shipped; its stock goes back on the shelf."""


def order_quantities(lines: Sequence[Line]) -> dict[str, int]:
    """Units per SKU over all of an order's lines; an order may list a SKU on more than one line."""
    if not lines:
        raise StockError("an order needs at least one line")
    totals: dict[str, int] = {}
    for line in lines:
        if not isinstance(line.sku, str) or not line.sku:
            raise StockError(f"bad SKU {line.sku!r}")
        totals[line.sku] = totals.get(line.sku, 0) + check_quantity(line.qty)
    return totals


class ReservationBook:
    def __init__(
        self, ledger: StockLedger, ttl: float = DEFAULT_TTL, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._ledger = ledger
        if isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or not 0 < ttl <= MAX_TTL:
            raise ValueError(f"ttl must be more than 0 and at most {MAX_TTL:.0f} seconds, not {ttl!r}")
        self._ttl = float(ttl)
        self._clock = clock
        self._holds: dict[str, Hold] = {}
        self._lock = threading.Lock()

    def reserve(self, order_id: str, lines: Sequence[Line]) -> Hold:
        """Reserve every line of an order, or none of them (raising OutOfStock for the first SKU,
        alphabetically, that is short)."""
        lines = tuple(lines)
        shortfall = self._ledger.reserve_all(order_quantities(lines))
        if shortfall:
            raise OutOfStock(order_id, min(shortfall))
        hold = Hold(uuid.uuid4().hex, order_id, lines, self._clock() + self._ttl)
        with self._lock:
            self._holds[hold.id] = hold
        return hold

    def extend(self, hold_id: str) -> Hold:
        """Give a live hold a full ttl again from now (picking is taking longer than planned)."""
        with self._lock:
            hold = self._holds.get(hold_id)
            if hold is None:
                raise HoldNotFound(hold_id)
            now = self._clock()
            if hold.expires_at <= now:
                raise HoldExpired(hold_id)
            hold = self._holds[hold_id] = replace(hold, expires_at=now + self._ttl)
        return hold

    def _claim(self, hold_id: str) -> Hold:
        """Take the hold out of the book; whoever claims it is the only one to act on its stock."""
        with self._lock:
            hold = self._holds.pop(hold_id, None)
        if hold is None:
            raise HoldNotFound(hold_id)
        return hold

    def _put_back(self, hold: Hold) -> None:
        for line in hold.lines:
            self._ledger.release(line.sku, line.qty)

    def commit(self, hold_id: str) -> Hold:
        """The order shipped: its reserved stock leaves the ledger. A hold that ran out cannot ship:
        HoldExpired if it was still in the book (its stock is put back now), else HoldNotFound."""
        hold = self._claim(hold_id)
        if hold.expires_at <= self._clock():
            self._put_back(hold)
            raise HoldExpired(hold_id)
        for line in hold.lines:
            self._ledger.ship(line.sku, line.qty)
        return hold

    def cancel(self, hold_id: str) -> Hold:
        """The order was cancelled: its stock goes back on the shelf."""
        hold = self._claim(hold_id)
        self._put_back(hold)
        return hold

    def expired_ids(self) -> list[str]:
        """The holds past their expiry now. A snapshot: by the time the caller acts on one it may have
        been cancelled or claimed by a late commit, which expire() checks again."""
        now = self._clock()
        with self._lock:
            return [hold.id for hold in self._holds.values() if hold.expires_at <= now]

    def expire(self, hold_id: str) -> bool:
        """Put the hold's stock back if it is still in the book and still past its expiry; whether it was."""
        with self._lock:
            hold = self._holds.get(hold_id)
            if hold is None or hold.expires_at > self._clock():
                return False
            del self._holds[hold_id]
        self._put_back(hold)
        return True

    def open_holds(self) -> list[Hold]:
        with self._lock:
            return list(self._holds.values())
