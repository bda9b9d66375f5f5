import threading
import unittest

from links.cache import LRUTTLCache
from links.resolver import LinkResolver
from links.store import LinkStore


class Clock:
    now = 1000.0

    def __call__(self):
        return self.now


class ManualExecutor:
    def __init__(self):
        self.pending = []

    def submit(self, fn, *args):
        self.pending.append((fn, args))

    def run_all(self):
        while self.pending:
            fn, args = self.pending.pop(0)
            fn(*args)


class CountingStore(LinkStore):
    lookups = 0

    def get_link(self, code):
        self.lookups += 1
        return super().get_link(code)


class CacheTest(unittest.TestCase):
    def setUp(self):
        self.clock = Clock()
        self.cache = LRUTTLCache(2, ttl=10, clock=self.clock)

    def put(self, key, value):
        return self.cache.put(key, value, self.cache.begin_load(key))

    def test_expiry_lru_and_age(self):
        self.put("a", 1)
        self.put("b", 2)
        self.clock.now += 4
        self.assertEqual(self.cache.get("a"), (1, 4))
        self.put("c", 3)
        self.assertIsNone(self.cache.get("b"))
        self.clock.now += 6
        self.assertIsNone(self.cache.get("a"))

    def test_invalidate_voids_load_in_flight(self):
        self.put("a", 1)
        token = self.cache.begin_load("a")
        self.assertTrue(self.cache.invalidate("a"))
        self.assertFalse(self.cache.put("a", 2, token))
        self.assertIsNone(self.cache.get("a"))


class ResolverTest(unittest.TestCase):
    def setUp(self):
        self.clock = Clock()
        self.store = CountingStore()
        self.store.create("docs", "https://example.com/docs", "ann")
        self.executor = ManualExecutor()
        cache = LRUTTLCache(100, ttl=600, clock=self.clock)
        self.resolver = LinkResolver(self.store, cache=cache, refresh_after=60, executor=self.executor)

    def test_stale_entry_served_while_refreshing(self):
        self.resolver.resolve("docs")
        self.store.set_target("docs", "https://example.com/v2")
        self.clock.now += 61
        self.assertEqual(self.resolver.resolve("docs"), "https://example.com/docs")
        self.executor.run_all()
        self.assertEqual(self.resolver.resolve("docs"), "https://example.com/v2")

    def test_invalidate(self):
        for code in ("docs", "docs", "nope", "nope"):
            self.resolver.resolve(code)
        self.assertEqual(self.store.lookups, 2)
        self.store.set_disabled("docs", True)
        self.resolver.invalidate("docs")
        self.assertIsNone(self.resolver.resolve("docs"))

    def test_concurrent_misses_share_one_lookup(self):
        started, release = threading.Event(), threading.Event()

        def slow_get_link(code):
            started.set()
            release.wait(5)
            return CountingStore.get_link(self.store, code)

        self.store.get_link = slow_get_link
        results = []
        threads = [threading.Thread(target=lambda: results.append(self.resolver.resolve("docs")))
                   for _ in range(5)]
        threads[0].start()
        started.wait(5)
        for t in threads[1:]:
            t.start()
        release.set()
        for t in threads:
            t.join(5)
        self.assertEqual(results, ["https://example.com/docs"] * 5)
        self.assertEqual(self.store.lookups, 1)


if __name__ == "__main__":
    unittest.main()
