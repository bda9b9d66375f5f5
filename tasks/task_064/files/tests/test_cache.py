import unittest

from app.cache import TTLCache


class TTLCacheTest(unittest.TestCase):
    def setUp(self):
        self.now = 1000.0
        self.cache = TTLCache(max_entries=3, clock=lambda: self.now)
        self.loads = []

    def loader(self, value):
        def load():
            self.loads.append(value)
            return value

        return load

    def test_loads_once_then_hits(self):
        self.assertEqual(self.cache.get_or_load("a", self.loader(1)), 1)
        self.assertEqual(self.cache.get_or_load("a", self.loader(2)), 1)
        self.assertEqual(self.loads, [1])

    def test_ttl(self):
        self.cache.get_or_load("a", self.loader(1), ttl=10)
        self.now += 9.9
        self.assertEqual(self.cache.get_or_load("a", self.loader(2), ttl=10), 1)
        self.now += 0.1
        self.assertEqual(self.cache.get_or_load("a", self.loader(3), ttl=10), 3)

    def test_invalidate(self):
        self.cache.get_or_load("a", self.loader(1))
        self.cache.invalidate("a")
        self.cache.invalidate("never-stored")
        self.assertEqual(self.cache.get_or_load("a", self.loader(2)), 2)

    def test_oldest_entry_is_evicted_when_full(self):
        for key in "abcd":
            self.cache.get_or_load(key, self.loader(key))
        self.assertEqual(self.cache.get_or_load("a", self.loader("a2")), "a2")
        self.assertEqual(self.cache.get_or_load("d", self.loader("d2")), "d")

    def test_value_loaded_across_an_invalidation_is_not_stored(self):
        def racing_load():
            self.cache.invalidate("a")  # a write lands while the value is being read
            return "old"

        self.assertEqual(self.cache.get_or_load("a", racing_load), "old")
        self.assertEqual(self.cache.get_or_load("a", self.loader("new")), "new")
