"""A per-tenant cache of billing entitlements, with one billing lookup at a time per tenant.

Feature checks run on almost every request, and each one asked billing (150-400 ms). Entitlements change
rarely and billing tells us when they do (see app.webhooks.billing_events), so they are kept for a
time that depends on the plan.

When a tenant's entry is missing or has expired, the first request to notice asks billing and the
requests for the same tenant that arrive meanwhile wait for its answer instead of asking too: after a
deploy, or when a big tenant's entry expires, hundreds of requests would otherwise all call billing at
once. cachetools' `cached(lock=...)` does not do this (it releases the lock while the function runs).
"""

import threading
import time
from collections.abc import Callable

from cachetools import TLRUCache

from app.entitlements.billing import Entitlements

# Seconds a tenant's entitlements are kept, by plan: the safety net for a lost webhook. Shorter for
# enterprise, whose contracts sales ops edit by hand; trials are not kept at all, they convert any moment.
TTL_BY_PLAN = {"trial": 0, "starter": 600, "team": 600, "enterprise": 120}
DEFAULT_TTL = 60
MAX_TENANTS = 20_000


class _Lookup:
    """A billing lookup in progress, and its outcome once `done` is set."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Entitlements | None = None
        self.error: BaseException | None = None


class EntitlementCache:
    """Thread-safe. `fetch(tenant_id)` is the slow lookup; `timer` is for tests."""

    def __init__(
        self,
        fetch: Callable[[int], Entitlements],
        maxsize: int = MAX_TENANTS,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self._fetch = fetch
        self._lock = threading.Lock()  # guards both attributes below; never held while fetching
        self._cache = TLRUCache(maxsize, self._expires_at, timer=timer)
        self._lookups: dict[int, _Lookup] = {}

    @staticmethod
    def _expires_at(tenant_id: int, value: Entitlements, now: float) -> float:
        return now + TTL_BY_PLAN.get(value.plan, DEFAULT_TTL)

    def get(self, tenant_id: int) -> Entitlements:
        """The tenant's entitlements: cached, or from billing (BillingUnavailable is not cached)."""
        with self._lock:
            value = self._cache.get(tenant_id)
            if value is not None:
                return value
            lookup = self._lookups.get(tenant_id)
            leader = lookup is None
            if leader:
                lookup = self._lookups[tenant_id] = _Lookup()
        if not leader:
            lookup.done.wait()
            if lookup.error is not None:
                raise lookup.error
            return lookup.value
        try:
            lookup.value = self._fetch(tenant_id)
        except BaseException as exc:
            lookup.error = exc
            raise
        finally:
            with self._lock:
                # Not ours any more if invalidate() ran meanwhile: our answer may predate the change.
                if self._lookups.get(tenant_id) is lookup:
                    del self._lookups[tenant_id]
                    if lookup.error is None:
                        self._cache[tenant_id] = lookup.value
            lookup.done.set()
        return lookup.value

    def invalidate(self, tenant_id: int) -> None:
        """Forget the tenant's entitlements: the next get() asks billing. A lookup already under way still
        answers the requests waiting for it, but its answer is not kept."""
        with self._lock:
            self._cache.pop(tenant_id, None)
            self._lookups.pop(tenant_id, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._cache)
