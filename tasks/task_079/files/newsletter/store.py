"""Subscribers and the lists they are on, in memory (the SQL store implements the same methods)."""

import threading
from dataclasses import dataclass, field


@dataclass
class Subscriber:
    id: int
    email: str  # always lower case
    lists: set[str] = field(default_factory=set)


class SubscriberStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[int, Subscriber] = {}
        self._next_id = 1

    def add(self, email: str, lists: set[str]) -> Subscriber:
        with self._lock:
            subscriber = Subscriber(self._next_id, email.lower(), set(lists))
            self._subscribers[subscriber.id] = subscriber
            self._next_id += 1
            return subscriber

    def get(self, subscriber_id: int) -> Subscriber | None:
        with self._lock:
            return self._subscribers.get(subscriber_id)

    def members(self, list_id: str) -> list[Subscriber]:
        with self._lock:
            return [s for s in self._subscribers.values() if list_id in s.lists]

    def unsubscribe(self, subscriber_id: int, list_id: str) -> bool:
        """Take the subscriber off the list; False if they were not on it (or are gone)."""
        with self._lock:
            subscriber = self._subscribers.get(subscriber_id)
            if subscriber is None or list_id not in subscriber.lists:
                return False
            subscriber.lists.discard(list_id)
            return True
