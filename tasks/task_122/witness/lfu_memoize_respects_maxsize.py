"""An LFUCache filled through get_or_set() (and so lfu_memoize) must still hold at most maxsize
entries and evict by use count.

LFUCache keeps its policy in its public set()/get() overrides (cacheout/lfu.py): set() records the
key in _access_counts, and eviction (Cache.evict -> _popitem -> LFUCache.__next__) only ever picks a
key from _access_counts. get_or_set() stores with the lock-held Cache._set(), which skips
LFUCache.set() and even drops the key's count (Cache._set -> LFUCache._delete). Keys computed once
are then never eviction candidates: the cache grows past maxsize, and the only keys that can still
be evicted are the ones stored with set(), however often they are read.
"""

from cacheout import LFUCache, lfu_memoize

# A memoized function called with many different arguments stays within maxsize.
calls = []


@lfu_memoize(maxsize=3)
def square(n):
    calls.append(n)
    return n * n


for n in range(50):
    assert square(n) == n * n
assert len(calls) == 50
assert len(square.cache) <= 3, (
    f"lfu_memoize(maxsize=3) holds {len(square.cache)} entries: values stored by get_or_set() are never evicted"
)

# The same through get_or_set() directly.
cache = LFUCache(maxsize=3)
for n in range(10):
    assert cache.get_or_set(n, lambda n=n: n) == n
assert len(cache) <= 3, f"LFUCache(maxsize=3) holds {len(cache)} entries after 10 get_or_set()"

# A key read often outlives keys computed once and never read again.
cache = LFUCache(maxsize=3)
cache.set("hot", "value")
for _ in range(5):
    assert cache.get("hot") == "value"
for n in range(10):
    cache.get_or_set(n, lambda n=n: n)
assert "hot" in cache, "LFUCache evicted its most used key and kept keys used once"
assert len(cache) <= 3, len(cache)
