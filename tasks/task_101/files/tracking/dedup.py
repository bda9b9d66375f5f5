"""Event ids seen recently, to drop the carrier's redeliveries."""

from __future__ import annotations

import time
from collections.abc import Callable

# The carrier redelivers a batch it got no 2xx for, with backoff, for up to 24 hours.
REDELIVERY_WINDOW = 24 * 60 * 60.0


class RecentIds:
    """Event ids added recently: each is remembered for at least ``window`` seconds.

    Ids are kept in two generations. Every ``window`` seconds the current generation
    becomes the previous one and a new one starts, so at most the ids of the last two
    windows are held.
    """

    def __init__(
        self, window: float = REDELIVERY_WINDOW, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if window <= 0:
            raise ValueError(f"window must be positive, got {window}")
        self._window = window
        self._clock = clock
        self._current: set[str] = set()
        self._previous: set[str] = set()
        self._rotated_at = clock()

    def __contains__(self, event_id: str) -> bool:
        self._rotate()
        return event_id in self._current or event_id in self._previous

    def __len__(self) -> int:
        """How many ids are held (exported as a gauge)."""
        return len(self._current) + len(self._previous)

    def add(self, event_id: str) -> None:
        self._rotate()
        self._current.add(event_id)

    def _rotate(self) -> None:
        now = self._clock()
        elapsed = now - self._rotated_at
        if elapsed < self._window:
            return
        if elapsed >= 2 * self._window:
            # Idle for two windows: every id held is older than the window.
            self._previous = set()
        else:
            self._previous |= self._current
        self._current = set()
        self._rotated_at = now
