"""An in-process cache for reads that every request makes and that rarely change.

The API runs as a single process (request threads), so the cache stays coherent as long as every write
invalidates the entries it changes; a time to live covers data that is also changed elsewhere.
"""

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class TTLCache:
    """A bounded map from key to value, shared by every thread of the process.

    get_or_load runs the loader outside the lock, so a slow database read does not hold up other
    requests; a value whose load overlapped an invalidation is returned but not stored, since it may
    have been read before the write it was invalidated for. Loader exceptions are not cached.
    """

    def __init__(self, max_entries: int = 1024, clock: Callable[[], float] = time.monotonic):
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._max_entries = max_entries
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[Hashable, tuple[Any, float | None]] = {}
        self._generation = 0

    def get_or_load(self, key: Hashable, loader: Callable[[], T], ttl: float | None = None) -> T:
        """The cached value of `key`, or the loader's, kept for `ttl` seconds (None: until invalidated)."""
        if ttl is not None and ttl <= 0:
            raise ValueError("ttl must be positive")
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                value, expires_at = entry
                if expires_at is None or self._clock() < expires_at:
                    return value
                del self._entries[key]
            generation = self._generation
        value = loader()
        with self._lock:
            if generation == self._generation:
                self._store(key, value, ttl)
        return value

    def _store(self, key: Hashable, value: Any, ttl: float | None) -> None:
        expires_at = None if ttl is None else self._clock() + ttl
        self._entries.pop(key, None)
        while len(self._entries) >= self._max_entries:
            # Oldest first: dicts keep insertion order and a stored key is always re-inserted last.
            del self._entries[next(iter(self._entries))]
        self._entries[key] = (value, expires_at)

    def invalidate(self, key: Hashable) -> None:
        with self._lock:
            self._generation += 1
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._entries.clear()
