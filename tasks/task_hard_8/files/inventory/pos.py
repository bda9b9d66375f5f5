"""Till sales in the physical shops.

Each till calls in over the shop LAN and every sale is handled on its own server thread.
"""

from dataclasses import dataclass, field

from inventory.stock import StockLevels


class OutOfStockAtTill(Exception):
    """The till asked for more units than are on hand; the cashier sees "not in stock"."""


@dataclass
class Till:
    stock: StockLevels
    till_id: str
    sold: list[tuple[str, int]] = field(default_factory=list)

    def sell(self, sku: str, quantity: int = 1) -> None:
        if not self.stock.try_take(sku, quantity):
            raise OutOfStockAtTill(f"{sku} x{quantity} at till {self.till_id}")
        self.sold.append((sku, quantity))

    def refund(self, sku: str, quantity: int = 1) -> None:
        self.stock.add(sku, quantity)
        self.sold.append((sku, -quantity))
