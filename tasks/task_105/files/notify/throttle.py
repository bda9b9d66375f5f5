"""Per-user sliding-window throttle for outgoing notifications.

A user may be sent at most `limit_for(user)` notifications in any window of `window` seconds. A
send at time t occupies its slot during [t, t + window): the slot is free again exactly `window`
seconds later. Times come from a monotonic clock, so wall-clock changes do not open or close slots.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Hashable


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: float = 0.0  # when refused: seconds until a slot is free
    token: float | None = None  # when allowed: the slot taken, for release()


class SlidingWindowThrottle:
    def __init__(
        self,
        window: float,
        limit_for: Callable[[Hashable], int],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if window <= 0:
            raise ValueError("window must be positive")
        self._window = window
        self._limit_for = limit_for
        self._clock = clock
        self._sent: dict[Hashable, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, user: Hashable, now: float) -> deque[float]:
        """The user's sends still in the window at `now`, oldest first. Call with the lock held."""
        sent = self._sent.setdefault(user, deque())
        horizon = now - self._window
        while sent and sent[0] <= horizon:
            sent.popleft()
        return sent

    def acquire(self, user: Hashable) -> Decision:
        """Take a slot for one send to `user`, or say how long until one is free."""
        limit = self._limit_for(user)
        if limit < 1:
            raise ValueError(f"limit for {user!r} must be at least 1, got {limit}")
        with self._lock:
            now = self._clock()
            sent = self._recent(user, now)
            if len(sent) >= limit:
                # The limit may have been lowered since these were sent, so more than `limit` can be
                # in the window: a slot frees up once len(sent) - limit + 1 of them have left it,
                # that is when sent[-limit] does.
                return Decision(False, retry_after=sent[-limit] + self._window - now)
            sent.append(now)
            return Decision(True, token=now)

    def release(self, user: Hashable, token: float) -> None:
        """Give back a slot from acquire() whose send did not happen."""
        with self._lock:
            sent = self._sent.get(user)
            if sent is None:
                return
            try:
                sent.remove(token)
            except ValueError:
                pass  # it has already left the window: there is nothing to give back

    def sweep(self) -> int:
        """Forget users with nothing left in the window; returns how many. Call it periodically."""
        with self._lock:
            now = self._clock()
            idle = [user for user in self._sent if not self._recent(user, now)]
            for user in idle:
                del self._sent[user]
            return len(idle)
