"""Orders and their payment states."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field


class OrderStateError(Exception):
    pass


@dataclass
class Order:
    order_id: str
    customer_id: str
    total: int  # minor units
    currency: str
    status: str = "awaiting_payment"
    charge_id: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def _move(self, expected: str, new: str) -> None:
        with self._lock:
            if self.status != expected:
                raise OrderStateError(f"order {self.order_id} is {self.status}, not {expected}")
            self.status = new

    def start_payment(self) -> None:
        """Claim the order for one payment attempt: a second checkout request for it is refused."""
        self._move("awaiting_payment", "charging")

    def mark_paid(self, charge_id: str) -> None:
        self._move("charging", "paid")
        self.charge_id = charge_id

    def payment_failed(self) -> None:
        """Nothing was charged: the customer may pay again."""
        self._move("charging", "awaiting_payment")

    def payment_unknown(self) -> None:
        """The charge may or may not have gone through: the order is held until support has checked
        with the provider, and cannot be paid again meanwhile."""
        self._move("charging", "payment_unknown")
