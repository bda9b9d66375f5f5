"""Wiring for the inventory service: one StockLevels instance shared by every channel."""

from inventory.pos import Till
from inventory.reservations import Hold, Reservations
from inventory.stock import StockLevels


class InventoryService:
    def __init__(self, initial_levels: dict[str, int], till_ids: list[str]):
        self.stock = StockLevels(initial_levels)
        self.tills = {till_id: Till(self.stock, till_id) for till_id in till_ids}
        self.reservations = Reservations(self.stock)

    def receive_delivery(self, sku: str, quantity: int) -> None:
        self.stock.add(sku, quantity)

    def expire_holds(self) -> list[Hold]:
        """Called every minute by the scheduler."""
        return self.reservations.expire()

    def snapshot(self) -> dict[str, int]:
        return self.stock.snapshot()
