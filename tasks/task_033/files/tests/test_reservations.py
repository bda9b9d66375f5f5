import threading
import unittest

from warehouse.expiry import HoldExpirer
from warehouse.reservations import HoldExpired, HoldNotFound, Line, OutOfStock, ReservationBook
from warehouse.service import FulfilmentService, Order
from warehouse.stock import Level, StockError, StockLedger


class ReservationTest(unittest.TestCase):
    def setUp(self) -> None:
        self.now = 1000.0
        self.ledger = StockLedger()
        self.ledger.receive("mug", 10)
        self.ledger.receive("tea", 4)
        self.book = ReservationBook(self.ledger, ttl=60, clock=lambda: self.now)

    def test_reserve_ship_and_cancel(self) -> None:
        shipped = self.book.reserve("o1", [Line("mug", 2), Line("tea", 1)])
        cancelled = self.book.reserve("o2", [Line("mug", 3)])
        self.assertEqual(self.ledger.level("mug"), Level(10, 5))
        self.book.commit(shipped.id)
        self.book.cancel(cancelled.id)
        self.assertEqual(self.ledger.level("mug"), Level(8, 0))
        self.assertEqual(self.ledger.level("tea"), Level(3, 0))
        with self.assertRaises(HoldNotFound):
            self.book.cancel(shipped.id)

    def test_an_order_that_does_not_fit_reserves_nothing(self) -> None:
        with self.assertRaises(OutOfStock):
            self.book.reserve("o1", [Line("mug", 2), Line("tea", 5)])
        with self.assertRaises(OutOfStock):
            self.book.reserve("o2", [Line("tea", 3), Line("mug", 1), Line("tea", 2)])
        with self.assertRaises(StockError):
            self.book.reserve("o3", [Line("mug", 5), Line("mug", -3)])
        self.assertEqual(self.ledger.level("mug"), Level(10, 0))

    def test_expired_holds_go_back_on_the_shelf(self) -> None:
        late = self.book.reserve("o1", [Line("tea", 2)])
        extended = self.book.reserve("o2", [Line("tea", 2)])
        self.now += 50
        self.book.extend(extended.id)
        self.now += 10
        with self.assertRaises(HoldExpired):
            self.book.commit(late.id)
        self.assertEqual(HoldExpirer(self.book).run_once(), 0)
        self.now += 50
        self.assertEqual(HoldExpirer(self.book).run_once(), 1)
        self.assertEqual(self.ledger.level("tea"), Level(4, 0))

    def test_overlapping_orders_do_not_deadlock(self) -> None:
        self.ledger.receive("tea", 6)
        orders = [Order(f"o{i}", (Line("mug", 1), Line("tea", 1))[:: 1 if i % 2 else -1]) for i in range(200)]
        with FulfilmentService(self.ledger, self.book, workers=8, expire_every=None) as service:
            batch = threading.Thread(target=service.reserve_batch, args=(orders,), daemon=True)
            batch.start()
            batch.join(20)
            self.assertFalse(batch.is_alive(), "reserve_batch deadlocked")
            self.assertEqual(service.available(["mug", "tea"]), {"mug": 0, "tea": 0})


if __name__ == "__main__":
    unittest.main()
