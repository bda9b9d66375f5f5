"""Where imported orders end up. In-process for now; safe to call from several threads."""

import threading


class DuplicateOrder(ValueError):
    pass


class OrderStore:
    def __init__(self):
        self._lock = threading.Lock()
        self._orders = {}

    def save(self, order):
        with self._lock:
            if order.reference in self._orders:
                raise DuplicateOrder(order.reference)
            self._orders[order.reference] = order

    def get(self, reference):
        with self._lock:
            return self._orders.get(reference)

    def __len__(self):
        with self._lock:
            return len(self._orders)
