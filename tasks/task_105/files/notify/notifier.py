"""Send notifications through the channel's transport, throttled per user."""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections import Counter
from typing import Callable

from . import config
from .models import URGENT_KINDS, Notification
from .throttle import SlidingWindowThrottle
from .transport import Transport, TransportError


class Notifier:
    def __init__(
        self,
        transport: Transport,
        plan_of: Callable[[int], str],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._transport = transport
        self._clock = clock
        self._throttle = SlidingWindowThrottle(
            config.THROTTLE_WINDOW_SECONDS,
            lambda user_id: config.hourly_limit(plan_of(user_id)),
            clock=clock,
        )
        self._deferred: list[tuple[float, int, Notification]] = []  # a heap, by due time
        self._waiting: Counter[int] = Counter()  # deferred notifications per user
        self._order = itertools.count()
        self._lock = threading.Lock()  # guards _deferred and _waiting

    def notify(self, notification: Notification) -> str:
        """Send now ("sent"), or later when the user's throttle allows ("deferred" or "dropped")."""
        if notification.kind in URGENT_KINDS:
            self._transport.send(notification)
            return "sent"
        decision = self._throttle.acquire(notification.user_id)
        if not decision.allowed:
            return self._defer(notification, decision.retry_after)
        try:
            self._transport.send(notification)
        except TransportError:
            self._throttle.release(notification.user_id, decision.token)
            raise
        return "sent"

    def _defer(self, notification: Notification, delay: float) -> str:
        with self._lock:
            if self._waiting[notification.user_id] >= config.MAX_DEFERRED_PER_USER:
                return "dropped"
            self._waiting[notification.user_id] += 1
            due = self._clock() + delay
            heapq.heappush(self._deferred, (due, next(self._order), notification))
        return "deferred"

    def flush_due(self) -> int:
        """Try again the deferred notifications that are due; returns how many were sent."""
        with self._lock:
            now = self._clock()
            due = []
            while self._deferred and self._deferred[0][0] <= now:
                notification = heapq.heappop(self._deferred)[2]
                self._waiting[notification.user_id] -= 1
                due.append(notification)
            self._waiting += Counter()  # drop users with nothing left waiting
        sent = 0
        for notification in due:
            try:
                outcome = self.notify(notification)
            except TransportError:
                outcome = self._defer(notification, config.TRANSPORT_RETRY_SECONDS)
            sent += outcome == "sent"
        return sent

    def sweep(self) -> int:
        return self._throttle.sweep()
