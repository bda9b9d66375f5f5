"""The pricing service's copy of the published price list.

The pricing service runs one PriceList per supplier and calls refresh() every few seconds, so a new
list takes effect shortly after it is published.
"""

from __future__ import annotations

import csv
import os


class PriceList:
    def __init__(self, path: str) -> None:
        self.path = path
        self.prices: dict[str, tuple[int, str]] = {}
        self._mtime: int | None = None

    def refresh(self) -> bool:
        """Load the file again if it changed since the last load; True if it was loaded."""
        mtime = os.stat(self.path).st_mtime_ns
        if mtime == self._mtime:
            return False
        with open(self.path, newline="", encoding="utf-8") as f:
            self.prices = {row["sku"]: (int(row["price_cents"]), row["currency"]) for row in csv.DictReader(f)}
        self._mtime = mtime
        return True
