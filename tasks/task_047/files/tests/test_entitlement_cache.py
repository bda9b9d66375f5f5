import threading
import unittest

from app.entitlements.billing import BillingUnavailable, Entitlements
from app.entitlements.cache import EntitlementCache


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Billing:
    """Answers with the plan in `plans`; `gate`, when set, holds every lookup until released."""

    def __init__(self, plans: dict[int, str]) -> None:
        self.plans = plans
        self.calls: list[int] = []
        self.gate: threading.Event | None = None
        self.started = threading.Event()
        self.fail = False

    def __call__(self, tenant_id: int) -> Entitlements:
        self.calls.append(tenant_id)
        self.started.set()
        if self.gate is not None:
            assert self.gate.wait(5)
        if self.fail:
            raise BillingUnavailable("billing is down")
        return Entitlements(tenant_id, self.plans[tenant_id], frozenset({"sso"}), 10)


class EntitlementCacheTest(unittest.TestCase):
    def setUp(self):
        self.clock = Clock()
        self.billing = Billing({1: "team", 2: "enterprise", 3: "trial", 4: "legacy"})
        self.cache = EntitlementCache(self.billing, timer=self.clock)

    def test_kept_for_the_plans_ttl(self):
        for tenant, ttl in ((1, 600), (2, 120), (4, 60)):
            self.assertEqual(self.cache.get(tenant).plan, self.billing.plans[tenant])
            self.clock.now += ttl - 1
            self.cache.get(tenant)
            self.assertEqual(self.billing.calls.count(tenant), 1, tenant)
            self.clock.now += 1
            self.cache.get(tenant)
            self.assertEqual(self.billing.calls.count(tenant), 2, tenant)

    def test_trials_are_not_kept(self):
        self.cache.get(3)
        self.cache.get(3)
        self.assertEqual(self.billing.calls, [3, 3])
        self.assertEqual(len(self.cache), 0)

    def test_invalidate(self):
        self.cache.get(1)
        self.billing.plans[1] = "enterprise"
        self.cache.invalidate(1)
        self.cache.invalidate(2)  # nothing cached: no-op
        self.assertEqual(self.cache.get(1).plan, "enterprise")
        self.assertEqual(self.billing.calls, [1, 1])

    def test_one_lookup_for_concurrent_requests(self):
        self.billing.gate = threading.Event()
        results = []
        threads = [threading.Thread(target=lambda: results.append(self.cache.get(2))) for _ in range(8)]
        for thread in threads:
            thread.start()
        self.assertTrue(self.billing.started.wait(5))
        self.billing.gate.set()
        for thread in threads:
            thread.join(5)
        self.assertEqual(self.billing.calls, [2])
        self.assertEqual(len(results), 8)
        self.assertTrue(all(result is results[0] for result in results))

    def test_failures_are_not_kept(self):
        self.billing.fail = True
        with self.assertRaises(BillingUnavailable):
            self.cache.get(1)
        self.billing.fail = False
        self.assertEqual(self.cache.get(1).plan, "team")
        self.assertEqual(self.billing.calls, [1, 1])

    def test_least_recently_used_tenant_goes_first(self):
        cache = EntitlementCache(self.billing, maxsize=2, timer=self.clock)
        cache.get(1), cache.get(2), cache.get(1), cache.get(4)
        self.billing.calls.clear()
        cache.get(1), cache.get(4), cache.get(2)
        self.assertEqual(self.billing.calls, [2])


if __name__ == "__main__":
    unittest.main()
