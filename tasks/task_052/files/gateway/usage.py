"""How many units each account has used today (UTC), shared by every request thread."""

import threading
import time
from collections.abc import Callable

DAY = 86_400


class UsageStore:
    """Per-account counters for the current UTC day.

    Only today's counters are kept: the first call after midnight UTC starts every account from zero.
    Every read and update takes the store's lock, so handler threads can share one instance.
    """

    def __init__(self, clock: Callable[[], float] = time.time):
        self._clock = clock
        self._lock = threading.Lock()
        self._day = -1
        self._units: dict[str, int] = {}

    def _roll_over(self) -> None:
        """Start from zero when the UTC day has changed since the last call (the caller holds the lock)."""
        day = int(self._clock() // DAY)
        if day != self._day:
            self._day = day
            self._units = {}

    def used(self, account_id: str) -> int:
        with self._lock:
            self._roll_over()
            return self._units.get(account_id, 0)

    def add(self, account_id: str, units: int) -> int:
        """Count `units` against the account and return its total for today."""
        if units < 0:
            raise ValueError("units must not be negative")
        with self._lock:
            self._roll_over()
            total = self._units.get(account_id, 0) + units
            self._units[account_id] = total
            return total

    def seconds_until_reset(self) -> int:
        """Whole seconds until the counters start from zero again (1 to 86400)."""
        return DAY - int(self._clock()) % DAY
