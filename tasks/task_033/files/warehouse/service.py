"""The fulfilment service: reserves stock for batches of orders on a pool of worker threads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from warehouse.expiry import HoldExpirer
from warehouse.reservations import Hold, Line, OutOfStock, ReservationBook
from warehouse.stock import Level, StockError, StockLedger


@dataclass(frozen=True)
class Order:
    id: str
    lines: tuple[Line, ...]


Outcome = Hold | OutOfStock | StockError


def _outcome(future: Future[Hold]) -> Outcome:
    try:
        return future.result()
    except (OutOfStock, StockError) as exc:  # the order's own problem; anything else is ours and raises
        return exc


class FulfilmentService:
    """Holds expire unless shipped or extended in time; `expire_every` is how often (in seconds) the
    service looks for expired holds, or None to leave that to the caller (tests, batch tools)."""

    def __init__(
        self, ledger: StockLedger, book: ReservationBook, workers: int = 8, expire_every: float | None = 30.0
    ) -> None:
        self.ledger = ledger
        self.book = book
        self._expirer = HoldExpirer(book, expire_every) if expire_every is not None else None
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fulfil")
        if self._expirer is not None:
            self._expirer.start()

    def reserve_batch(self, orders: Sequence[Order]) -> dict[str, Outcome]:
        """Reserve stock for each order, concurrently; each order's hold or the reason it has none."""
        ids = [order.id for order in orders]
        if len(set(ids)) != len(ids):
            raise ValueError("a batch lists the same order twice")
        futures = {order.id: self._pool.submit(self.book.reserve, order.id, order.lines) for order in orders}
        return {order_id: _outcome(future) for order_id, future in futures.items()}

    def ship(self, hold_id: str) -> Hold:
        return self.book.commit(hold_id)

    def cancel(self, hold_id: str) -> Hold:
        return self.book.cancel(hold_id)

    def extend(self, hold_id: str) -> Hold:
        return self.book.extend(hold_id)

    def stock_report(self, skus: Iterable[str]) -> dict[str, Level]:
        """Current levels for the dashboard; read without locks (see warehouse.stock)."""
        return {sku: self.ledger.level(sku) for sku in skus}

    def available(self, skus: Iterable[str]) -> dict[str, int]:
        """Units that can still be promised, for the storefront's stock badges; read without locks
        like stock_report, so a busy SKU never slows the storefront down."""
        return {sku: self.ledger.level(sku).available for sku in skus}

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        if self._expirer is not None:
            self._expirer.stop()

    def __enter__(self) -> FulfilmentService:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
