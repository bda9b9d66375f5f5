"""A bounded, thread-safe LRU map whose entries expire, with guarded loads: a loader takes
a token from ``begin_load(key)`` before reading the source and hands it to ``put``;
``invalidate(key)`` voids the tokens handed out before it, so a load that read the source
before a change cannot store what it read."""

import threading
import time
from collections import OrderedDict


class LRUTTLCache:
    def __init__(self, maxsize, ttl, clock=time.monotonic):
        if maxsize < 1 or ttl <= 0:
            raise ValueError("maxsize must be at least 1 and ttl positive")
        self._maxsize, self._ttl, self._clock = maxsize, ttl, clock
        self._lock = threading.Lock()
        self._entries = OrderedDict()  # key -> (value, stored_at), least recently used first
        self._loading = {}  # key -> token of the load allowed to store it

    def get(self, key):
        """(value, age in seconds) for a live entry, else None; expired entries are dropped."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            value, stored_at = entry
            age = self._clock() - stored_at
            if age >= self._ttl:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value, age

    def begin_load(self, key):
        token = object()
        with self._lock:
            self._loading[key] = token
        return token

    def cancel_load(self, key, token):
        with self._lock:
            if self._loading.get(key) is token:
                del self._loading[key]

    def put(self, key, value, token):
        """Store ``value`` if ``token`` is still the key's current load; True if stored."""
        with self._lock:
            if self._loading.get(key) is not token:
                return False
            del self._loading[key]
            self._entries[key] = (value, self._clock())
            self._entries.move_to_end(key)
            while len(self._entries) > self._maxsize:
                self._entries.popitem(last=False)
            return True

    def invalidate(self, key):
        """Forget ``key``; True if it had an entry."""
        with self._lock:
            if self._entries.pop(key, None) is None:
                return False
            self._loading.pop(key, None)
            return True
