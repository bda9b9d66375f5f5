"""Code -> redirect target, from an in-process cache (see LinkResolver)."""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from .cache import LRUTTLCache

log = logging.getLogger(__name__)


class _Lookup:
    def __init__(self):
        self.done = threading.Event()
        self.value = None
        self.error = None

    def result(self):
        self.done.wait()
        if self.error is not None:
            raise self.error
        return self.value


class LinkResolver:
    """Entries are fresh for ``refresh_after`` seconds; after that the cached target is
    still served while a background lookup refreshes it, until ``ttl`` drops the entry.
    Concurrent requests for an uncached code share one lookup. Unknown and disabled codes
    are cached too (as None), so scanners probing codes don't reach the database."""

    def __init__(self, store, *, maxsize=50_000, ttl=600.0, refresh_after=60.0,
                 cache=None, executor=None):
        self._store = store
        self._cache = cache if cache is not None else LRUTTLCache(maxsize, ttl)
        self._refresh_after = refresh_after
        self._executor = executor or ThreadPoolExecutor(2, thread_name_prefix="link-refresh")
        self._lock = threading.Lock()
        self._lookups = {}  # code -> _Lookup of a request-time load

    def resolve(self, code):
        """The URL to redirect ``code`` to, or None if there is none (unknown or disabled)."""
        entry = self._cache.get(code)
        if entry is not None:
            target, age = entry
            if age >= self._refresh_after:
                self._executor.submit(self._refresh, code)
            return target
        return self._load_shared(code)

    def invalidate(self, code):
        """Call after every change to ``code``'s row, once it is committed."""
        self._cache.invalidate(code)

    def close(self):
        self._executor.shutdown(wait=True)

    def _load_shared(self, code):
        with self._lock:
            lookup = self._lookups.get(code)
            leader = lookup is None
            if leader:
                lookup = self._lookups[code] = _Lookup()
        if not leader:
            return lookup.result()
        try:
            lookup.value = self._load(code)
        except BaseException as exc:
            lookup.error = exc
            raise
        finally:
            with self._lock:
                del self._lookups[code]
            lookup.done.set()
        return lookup.value

    def _refresh(self, code):
        try:
            self._load(code)
        except Exception:
            # Keep serving the cached target; the next request past refresh_after retries.
            log.warning("refreshing link %r failed", code, exc_info=True)

    def _load(self, code):
        token = self._cache.begin_load(code)
        try:
            link = self._store.get_link(code)
        except BaseException:
            self._cache.cancel_load(code, token)
            raise
        target = None if link is None or link.disabled else link.target
        self._cache.put(code, target, token)
        return target
